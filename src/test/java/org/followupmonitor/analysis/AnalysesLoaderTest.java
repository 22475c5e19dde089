package org.followupmonitor.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.followupmonitor.survival.ConfidenceSpec;
import org.followupmonitor.survival.ConfidenceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalysesLoaderTest {
    /** The block from issue 2, verbatim. */
    private static final String ISSUE_BLOCK = """
            analyses:
              - name: os-by-hormonal
                endpoint: overall-survival      # overall-survival | disease-free (recurrence or death) | recurrence (death censors)
                origin: surgery                 # diagnosis | systemic-control | surgery | index (surgery if operated, else systemic control)
                groupBy: hormonal               # arm | subtype | grade | t-stage | chemotherapy | radiotherapy | hormonal | anti-her2 | site
                strata: [grade]                 # optional: stratified log-rank
                landmarkDays: 180               # optional: group by status at the landmark and follow from it
                horizonDays: 1826               # optional: administrative censoring
                milestonesDays: [365, 730, 1826]
                cox:
                  ties: efron                   # efron | breslow
                  covariates:
                    - {name: hormonal}          # therapy and arm covariates are 0/1
                    - {name: grade, reference: "2"}
                    - {name: t-stage, reference: "1"}
                    - {name: positive-nodes}    # numeric covariates are used as given
                    - {name: age}
            """;

    @Test
    void theIssueBlockLoadsAndMeansWhatItSays() {
        AnalysesConfig config = AnalysesLoader.parse(ISSUE_BLOCK, "issue-2");
        assertThat(config.privacy()).isEqualTo(Privacy.DEFAULT);
        AnalysisDefinition a = config.analyses().get(0);
        assertThat(a.name()).isEqualTo("os-by-hormonal");
        assertThat(a.endpoint()).isEqualTo(Endpoint.OVERALL_SURVIVAL);
        assertThat(a.origin()).isEqualTo(Origin.SURGERY);
        assertThat(a.groupBy()).contains(Variable.HORMONAL);
        assertThat(a.strata()).containsExactly(Variable.GRADE);
        assertThat(a.landmarkDays()).isEqualTo(OptionalInt.of(180));
        assertThat(a.horizonDays()).isEqualTo(OptionalInt.of(1826));
        assertThat(a.milestonesDays()).containsExactly(365, 730, 1826);
        CoxSpec cox = a.cox().orElseThrow();
        assertThat(cox.ties()).isEqualTo(CoxSpec.Ties.EFRON);
        assertThat(cox.covariates()).containsExactly(
                new CovariateSpec(Variable.HORMONAL, Optional.empty()),
                new CovariateSpec(Variable.GRADE, Optional.of("2")),
                new CovariateSpec(Variable.T_STAGE, Optional.of("1")),
                new CovariateSpec(Variable.POSITIVE_NODES, Optional.empty()),
                new CovariateSpec(Variable.AGE, Optional.empty()));
        assertThat(cox.covariates().get(0).reference()).isEmpty();
        assertThat(a.monitoring()).isEmpty();
        assertThat(a.alerts()).isEmpty();
    }

    @Test
    void monitoringAlertsAndPrivacyBlocksParse() {
        AnalysesConfig config = AnalysesLoader.parse("""
                privacy: {minCellSize: 5}
                analyses:
                  - name: os
                    endpoint: overall-survival
                    origin: index
                    groupBy: arm
                    monitoring: {plannedEvents: 84, spending: pocock, alpha: 0.025, lookStep: 0.1}
                    alerts:
                      - {rule: milestone-below, milestoneDays: 365, threshold: 0.7}
                      - {rule: boundary-crossed}
                      - {rule: follow-up-overdue, days: 400}
                      - {rule: data-quality, completenessBelow: 0.9, excludedAbove: 0.1}
                """, "t");
        assertThat(config.privacy().minCellSize()).isEqualTo(5);
        AnalysisDefinition a = config.analyses().get(0);
        assertThat(a.monitoring()).contains(new Monitoring(84, Monitoring.Spending.POCOCK, 0.025, 0.1));
        assertThat(a.alerts()).extracting(AlertRule::rule).containsExactly(AlertRule.Kind.MILESTONE_BELOW,
                AlertRule.Kind.BOUNDARY_CROSSED, AlertRule.Kind.FOLLOW_UP_OVERDUE, AlertRule.Kind.DATA_QUALITY);
        assertThat(a.alerts().get(0).threshold().getAsDouble()).isEqualTo(0.7);
        assertThat(a.alerts().get(2).days()).isEqualTo(OptionalInt.of(400));
        assertThat(AnalysesLoader.parse("analyses: [{name: x, endpoint: recurrence, origin: index, "
                + "monitoring: {plannedEvents: 10}}]", "t").analyses().get(0).monitoring().orElseThrow())
                .isEqualTo(new Monitoring(10, Monitoring.Spending.OBRIEN_FLEMING, 0.05, 0.05));
    }

    @Test
    void aBadEnumValueNamesThePathTheValueAndTheChoices() {
        String yaml = """
                analyses:
                  - {name: a, endpoint: overall-survival, origin: index}
                  - {name: b, endpoint: overall-survival, origin: index}
                  - {name: c, endpoint: overall-survival, origin: surgey}
                """;
        assertThatThrownBy(() -> AnalysesLoader.parse(yaml, "my.yaml"))
                .isInstanceOf(AnalysesConfigException.class)
                .satisfies(e -> assertThat(((AnalysesConfigException) e).problems()).containsExactly(
                        "analyses[2].origin: unknown value 'surgey'; expected one of diagnosis, systemic-control, "
                                + "surgery, index"))
                .hasMessageContaining("my.yaml");
    }

    @Test
    void unknownFieldsAreReportedWithTheirPath() {
        assertThat(problems("""
                analyses:
                  - {name: a, endpoint: overall-survival, origin: index, groupby: arm,
                     cox: {covariates: [{name: grade, referense: "3"}]}}
                """)).containsExactlyInAnyOrder(
                "analyses[0].groupby: unknown field; expected one of alerts, confidence, cox, description, endpoint, "
                        + "filter, groupBy, horizonDays, landmarkDays, milestonesDays, monitoring, name, origin, rho, "
                        + "strata",
                "analyses[0].cox.covariates[0].referense: unknown field; expected one of name, reference, timeVarying");
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: index}]\nprivacy: {minCells: 3}\n"))
                .containsExactly("privacy.minCells: unknown field; expected one of minCellSize");
    }

    @Test
    void missingRequiredFieldsAreReported() {
        assertThat(problems("analyses:\n  - {name: a, origin: index}\n  - {endpoint: recurrence, origin: index}\n"))
                .containsExactly(
                        "analyses[0].endpoint: required; one of overall-survival, disease-free, recurrence, "
                                + "recurrence-competing",
                        "analyses[1].name: required");
        assertThat(problems("privacy: {minCellSize: 11}\n")).containsExactly(
                "analyses: required; give a list of analyses");
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: index, monitoring: {alpha: 0.05}}]"))
                .containsExactly("analyses[0].monitoring.plannedEvents: required; give a whole number");
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: index, alerts: [{rule: follow-up-overdue}]}]"))
                .containsExactly("analyses[0].alerts[0].rule: follow-up-overdue needs days");
    }

    @Test
    void badReferenceLevelsAndTypesAreReported() {
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: index, "
                + "cox: {covariates: [{name: grade, reference: [3]}]}}]"))
                .containsExactly("analyses[0].cox.covariates[0].reference: expected a level (text or whole number), "
                        + "was a list");
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: index, "
                + "cox: {covariates: [{name: grade, reference: 5}]}}]"))
                .containsExactly("analyses[0].cox.covariates[0].reference: unknown level '5' of grade; "
                        + "expected one of 1, 2, 3");
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: index, "
                + "cox: {covariates: [{name: age, reference: '50'}]}}]"))
                .containsExactly("analyses[0].cox.covariates[0].reference: numeric covariate age takes no "
                        + "reference level");
    }

    @Test
    void everyProblemOfOneAnalysisIsReportedNotOnlyTheFirst() {
        // A field that fails to read does not hide the definition's own checks of the other fields.
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: index, landmarkDays: soon, "
                + "milestonesDays: [730, 365], groupBy: age}]"))
                .containsExactlyInAnyOrder("analyses[0].landmarkDays: expected a whole number, was 'soon'",
                        "analyses[0].groupBy: age is numeric; use a categorical variable",
                        "analyses[0].milestonesDays[1]: must be larger than the one before");
        // The definition reports all its problems; a field that failed is not reported twice.
        assertThat(problems("analyses: [{name: A, endpoint: recurrnce, origin: index, horizonDays: 0, "
                + "strata: [arm, arm], groupBy: arm}]"))
                .containsExactlyInAnyOrder("analyses[0].endpoint: unknown value 'recurrnce'; expected one of "
                                + "overall-survival, disease-free, recurrence, recurrence-competing",
                        "analyses[0].name: 'A' must be lower-case letters, digits and hyphens, starting with a letter "
                                + "or digit",
                        "analyses[0].strata: arm is already the groupBy variable",
                        "analyses[0].strata: a variable appears twice",
                        "analyses[0].horizonDays: must be > 0, was 0");
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: index, "
                + "monitoring: {plannedEvents: many, alpha: 2, lookStep: 0}}]"))
                .containsExactlyInAnyOrder("analyses[0].monitoring.plannedEvents: expected a whole number, was 'many'",
                        "analyses[0].monitoring.alpha: must be in (0, 1), was 2.0",
                        "analyses[0].monitoring.lookStep: must be in (0, 1], was 0.0");
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: index, "
                + "alerts: [{rule: milestone-below, threshold: 2, days: -1}]}]"))
                .containsExactlyInAnyOrder("analyses[0].alerts[0].days: must be > 0, was -1",
                        "analyses[0].alerts[0].threshold: must be a fraction in [0, 1], was 2.0",
                        "analyses[0].alerts[0].rule: milestone-below needs milestoneDays and threshold");
    }

    @Test
    void aTabOrARepeatedKeyIsReportedAtItsOwnLineInOneLineMessage() {
        String tab = "analyses:\n  - name: a\n    endpoint: overall-survival\n\torigin: index\n";
        assertThat(problems(tab)).containsExactly(
                "not valid YAML at line 4, column 1: a tab character; YAML indents with spaces, never tabs");
        assertThat(problems("analyses:\n  - name: a\n    endpoint: overall-survival\n    origin:\tindex\n"))
                .first().asString().startsWith("not valid YAML at line 4, column 12: a tab character");
        assertThat(problems("analyses:\n  - name: a\n    name: b\n    endpoint: recurrence\n    origin: index\n"))
                .first().asString().contains("the key 'name' appears twice");
        assertThatThrownBy(() -> AnalysesLoader.parse(
                "analyses: [{name: a, endpoint: x, origin: y}]\n", "a.yaml"))
                .hasMessageNotContaining("\n").hasMessageContaining("invalid analyses file a.yaml: ")
                .hasMessageContaining("analyses[0].endpoint").hasMessageContaining("; analyses[0].origin");
    }

    @Test
    void badNumbersAndStructuresAreReported() {
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: index, "
                + "milestonesDays: [730, 365]}]"))
                .containsExactly("analyses[0].milestonesDays[1]: must be larger than the one before");
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: index, groupBy: age}]"))
                .containsExactly("analyses[0].groupBy: age is numeric; use a categorical variable");
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: index, filter: {subtype: luminal-c}}]"))
                .containsExactly("analyses[0].filter.subtype: unknown level 'luminal-c'; expected one of luminal-a, "
                        + "luminal-b, luminal-b-her2, her2-enriched, triple-negative");
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: index}, "
                + "{name: a, endpoint: recurrence, origin: index}]"))
                .containsExactly("analyses: name 'a' is used twice");
        assertThat(problems("analyses: {name: a}")).containsExactly("analyses: expected a list");
        assertThat(problems("analyses: [unclosed")).hasSize(1).first().asString().startsWith("not valid YAML");
    }

    @Test
    void confidenceAndRhoParseWithRsDefaults() {
        AnalysisDefinition plain = AnalysesLoader.parse("analyses: [{name: a, endpoint: recurrence, origin: index}]",
                "t").analyses().get(0);
        assertThat(plain.confidence()).isEqualTo(ConfidenceSpec.DEFAULT);
        assertThat(plain.rho()).isZero();
        AnalysisDefinition set = AnalysesLoader.parse("analyses: [{name: a, endpoint: recurrence, origin: index, "
                + "confidence: {type: log-log, level: 0.9}, rho: 1}]", "t").analyses().get(0);
        assertThat(set.confidence()).isEqualTo(new ConfidenceSpec(ConfidenceType.LOG_LOG, 0.9));
        assertThat(set.rho()).isEqualTo(1.0);
        AnalysisDefinition levelOnly = AnalysesLoader.parse("analyses: [{name: a, endpoint: recurrence, "
                + "origin: index, confidence: {level: 0.99}}]", "t").analyses().get(0);
        assertThat(levelOnly.confidence()).isEqualTo(new ConfidenceSpec(ConfidenceType.LOG, 0.99));
    }

    @Test
    void badConfidenceAndRhoAreReportedWithTheirPath() {
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: index, "
                + "confidence: {type: logit, level: 95}, rho: -1}]")).contains(
                "analyses[0].confidence.type: unknown value 'logit'; expected one of log, log-log, plain");
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: index, confidence: {level: 95}}]"))
                .containsExactly("analyses[0].confidence.level: must lie strictly between 0 and 1 (e.g. 0.95), was 95.0");
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: index, confidence: {levl: 0.9}}]"))
                .containsExactly("analyses[0].confidence.levl: unknown field; expected one of level, type");
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: index, confidence: 0.9}]"))
                .containsExactly("analyses[0].confidence: expected a mapping (key: value), was '0.9'");
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: index, rho: -1}]"))
                .containsExactly("analyses[0].rho: must be a finite number >= 0 (0 the log-rank, 1 Peto-Peto), was -1.0");
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: index, rho: high}]"))
                .containsExactly("analyses[0].rho: expected a number, was 'high'");
    }

    @Test
    void aMissingFileFailsWithItsName(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> AnalysesLoader.load(missing)).isInstanceOf(AnalysesConfigException.class)
                .hasMessageContaining("nope.yaml").hasMessageContaining("file not found");
    }

    @Test
    void aFileLoads(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a.yaml"), ISSUE_BLOCK);
        assertThat(AnalysesLoader.load(file).analyses()).hasSize(1);
    }

    @Test
    void theBundledDefaultReproducesTheStudysAnalyses() {
        AnalysesConfig config = AnalysesLoader.loadDefault();
        assertThat(config.privacy().minCellSize()).isEqualTo(11);
        AnalysisDefinition os = config.find("os-by-arm").orElseThrow();
        assertThat(os.endpoint()).isEqualTo(Endpoint.OVERALL_SURVIVAL);
        assertThat(os.origin()).isEqualTo(Origin.INDEX);
        assertThat(os.groupBy()).contains(Variable.ARM);
        assertThat(os.milestonesDays()).containsExactly(365, 730, 1826);
        assertThat(config.find("dfs-by-arm").orElseThrow().endpoint()).isEqualTo(Endpoint.DISEASE_FREE);
        for (String subtype : Variable.SUBTYPE.levels().orElseThrow()) {
            for (String prefix : List.of("os", "dfs")) {
                AnalysisDefinition a = config.find(prefix + "-by-arm-" + subtype).orElseThrow();
                assertThat(a.filter()).isEqualTo(Map.of(Variable.SUBTYPE, subtype));
                assertThat(a.groupBy()).contains(Variable.ARM);
            }
        }
        CoxSpec multi = config.find("os-cox-multivariable").orElseThrow().cox().orElseThrow();
        assertThat(multi.covariates()).containsExactly(
                new CovariateSpec(Variable.GRADE, Optional.of("3")),
                new CovariateSpec(Variable.T_STAGE, Optional.of("4")),
                new CovariateSpec(Variable.SUBTYPE, Optional.of("triple-negative")));
        for (String v : List.of("grade", "t-stage", "subtype")) {
            assertThat(config.find("os-cox-" + v).orElseThrow().cox().orElseThrow().covariates()).hasSize(1);
        }
    }

    private static List<String> problems(String yaml) {
        try {
            AnalysesLoader.parse(yaml, "t");
        } catch (AnalysesConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected the YAML to be rejected");
    }

    @Test
    void timeVaryingCovariatesStrataClustersTransformAndThePhRuleParse() {
        AnalysisDefinition a = AnalysesLoader.parse("""
                analyses:
                  - name: tv
                    endpoint: overall-survival
                    origin: systemic-control
                    cox:
                      covariates: [{name: arm, timeVarying: true}, {name: hormonal, timeVarying: false}, age]
                      strata: [grade, t-stage]
                      cluster: site
                      proportionalHazards: {transform: rank}
                    alerts: [{rule: ph-violated, pBelow: 0.05}, {rule: ph-violated}]
                """, "t").analyses().get(0);
        CoxSpec cox = a.cox().orElseThrow();
        assertThat(cox.covariates()).containsExactly(new CovariateSpec(Variable.ARM, Optional.empty(), true),
                new CovariateSpec(Variable.HORMONAL, Optional.empty()), new CovariateSpec(Variable.AGE, Optional.empty()));
        assertThat(cox.strata()).containsExactly(Variable.GRADE, Variable.T_STAGE);
        assertThat(cox.cluster()).contains(Variable.SITE);
        assertThat(cox.transform()).isEqualTo(org.followupmonitor.survival.ZphTransform.RANK);
        assertThat(cox.timeVarying()).isTrue();
        assertThat(a.timeVarying()).containsExactly(Variable.ARM);
        // The row carries the covariates, then the strata and the cluster.
        assertThat(a.covariates()).containsExactly(Variable.ARM, Variable.HORMONAL, Variable.AGE, Variable.GRADE,
                Variable.T_STAGE, Variable.SITE);
        assertThat(a.alerts()).extracting(AlertRule::phLevel).containsExactly(0.05, AlertRule.DEFAULT_P_BELOW);
        // Without those blocks nothing changes: R's defaults.
        CoxSpec plain = AnalysesLoader.parse("analyses: [{name: b, endpoint: recurrence, origin: index, "
                + "cox: {covariates: [grade]}}]", "t").analyses().get(0).cox().orElseThrow();
        assertThat(plain.general()).isFalse();
        assertThat(plain.transform()).isEqualTo(org.followupmonitor.survival.ZphTransform.KM);
    }

    @Test
    void timeVaryingStrataClusterAndPhProblemsNameTheirPath() {
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: index, "
                + "cox: {covariates: [{name: arm, timeVarying: true}]}}]")).containsExactly(
                "analyses[0].cox.covariates: a time-varying covariate needs origin diagnosis or systemic-control, "
                        + "not index");
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: diagnosis, landmarkDays: 90, "
                + "cox: {covariates: [{name: arm, timeVarying: true}]}}]")).containsExactly(
                "analyses[0].cox.covariates: a time-varying covariate and landmarkDays exclude each other (a landmark "
                        + "fixes the status at the landmark)");
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: diagnosis, "
                + "cox: {covariates: [{name: grade, timeVarying: true}]}}]")).containsExactly(
                "analyses[0].cox.covariates[0].timeVarying: grade has no date at which it changes; only arm, "
                        + "chemotherapy, radiotherapy, hormonal and anti-her2 can be time-varying");
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: diagnosis, "
                + "cox: {covariates: [{name: arm, timeVarying: yes please}]}}]")).containsExactly(
                "analyses[0].cox.covariates[0].timeVarying: expected true or false, was 'yes please'");
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: index, "
                + "cox: {covariates: [grade], strata: [age]}}]")).containsExactly(
                "analyses[0].cox.strata: age is numeric; use a categorical variable");
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: index, "
                + "cox: {covariates: [grade], strata: [grade]}}]")).containsExactly(
                "analyses[0].cox.strata: grade is also a covariate; a stratum has no coefficient");
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: index, "
                + "cox: {covariates: [grade], cluster: ki67}}]")).containsExactly(
                "analyses[0].cox.cluster: ki67 is numeric; use a categorical variable");
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: index, "
                + "cox: {covariates: [grade], proportionalHazards: {transform: sqrt}}}]")).containsExactly(
                "analyses[0].cox.proportionalHazards.transform: unknown value 'sqrt'; expected one of km, identity, "
                        + "rank, log");
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: index, "
                + "alerts: [{rule: ph-violated}]}]")).containsExactly("analyses[0].alerts: ph-violated needs a cox model");
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: index, cox: {covariates: [grade]}, "
                + "alerts: [{rule: ph-violated, pBelow: 1.5}]}]")).containsExactly(
                "analyses[0].alerts[0].pBelow: must lie strictly between 0 and 1, was 1.5");
        assertThat(problems("analyses: [{name: a, endpoint: recurrence, origin: index, "
                + "alerts: [{rule: data-quality, excludedAbove: 0.1, pBelow: 0.05}]}]")).containsExactly(
                "analyses[0].alerts[0].pBelow: only the ph-violated rule takes it");
    }
}
