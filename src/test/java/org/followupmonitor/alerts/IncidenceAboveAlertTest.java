package org.followupmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.followupmonitor.analysis.AnalysesConfigException;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.AnalysisResult.CumulativeIncidence;
import org.followupmonitor.analysis.AnalysisResult.GroupResult;
import org.followupmonitor.analysis.AnalysisResult.IncidenceMilestone;
import org.followupmonitor.analysis.Privacy;
import org.junit.jupiter.api.Test;

/**
 * The incidence-above rule reads only the published cumulative incidences: raised for a group whose incidence of
 * the rule's cause at the milestone has its lower confidence limit above the threshold, resolved when it no longer
 * has, never for a suppressed group or a milestone without an estimate.
 */
class IncidenceAboveAlertTest {
    private static final AnalysisDefinition DEFINITION = Results.definition("""
            analyses:
              - name: rc
                endpoint: recurrence-competing
                origin: index
                groupBy: arm
                milestonesDays: [730]
                alerts:
                  - {rule: incidence-above, milestoneDays: 730, threshold: 0.10}
                  - {rule: incidence-above, milestoneDays: 730, threshold: 0.30, cause: death}
            """);
    private final AlertEvaluator evaluator = new AlertEvaluator(new Privacy(11));

    private static GroupResult group(String name, double recurrence, double recurrenceLower, double death,
            Double deathLower) {
        return new GroupResult(name, false, 200, 20, List.of(), List.of(), null, null, List.of(
                new CumulativeIncidence("recurrence", 20, List.of(), List.of(new IncidenceMilestone(730, 120,
                        recurrence, 0.02, recurrenceLower, recurrence + 0.05)), null),
                new CumulativeIncidence("death", 30, List.of(), List.of(new IncidenceMilestone(730, 120, death, 0.03,
                        deathLower, death + 0.06)), null)));
    }

    private static AnalysisResult result(GroupResult... groups) {
        AnalysisResult base = Results.result("rc", "2020-01-01", 400, 40, List.of(), null);
        return new AnalysisResult(base.formatVersion(), base.name(), "recurrence-competing", base.origin(), "arm",
                base.strata(), base.confidence(), base.asOf(), 400, 40, 0, base.excluded(), false, List.of(groups),
                null, List.of(), null, null, null, List.of(), null);
    }

    @Test
    void raisedWhenTheLowerLimitExceedsTheThresholdAndResolvedOnce() {
        AlertEvaluator.Evaluation first = evaluator.evaluate(DEFINITION,
                result(group("no-surgery", 0.12, 0.09, 0.25, 0.2), group("surgery", 0.05, 0.02, 0.2, 0.15)),
                AlertState.EMPTY);
        // 0.12 is above 0.10, but its lower limit is not: nothing.
        assertThat(first.alerts()).isEmpty();

        AlertEvaluator.Evaluation second = evaluator.evaluate(DEFINITION,
                result(group("no-surgery", 0.15, 0.11, 0.40, 0.31), group("surgery", 0.05, 0.02, 0.2, 0.15)),
                first.state());
        assertThat(second.alerts()).hasSize(2).allSatisfy(a -> {
            assertThat(a.rule()).isEqualTo("incidence-above");
            assertThat(a.group()).isEqualTo("no-surgery");
            assertThat(a.state()).isEqualTo("raised");
        });
        assertThat(second.alerts()).anySatisfy(a -> {
            assertThat(a.message()).contains("cumulative incidence of recurrence at day 730 in group no-surgery is "
                    + "0.150 (confidence interval 0.110-0.200): above 0.1");
            assertThat(a.values()).containsEntry("lower", 0.11).containsEntry("threshold", 0.1)
                    .containsEntry("atRisk", 120.0);
        });
        assertThat(second.alerts()).anySatisfy(a -> assertThat(a.message()).contains("of death at day 730"));

        assertThat(evaluator.evaluate(DEFINITION,
                result(group("no-surgery", 0.15, 0.11, 0.40, 0.31), group("surgery", 0.05, 0.02, 0.2, 0.15)),
                second.state()).alerts()).isEmpty();
        AlertEvaluator.Evaluation third = evaluator.evaluate(DEFINITION,
                result(group("no-surgery", 0.15, 0.11, 0.40, null), group("surgery", 0.05, 0.02, 0.2, 0.15)),
                second.state());
        assertThat(third.alerts()).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo("resolved");
            assertThat(a.message()).contains("of death").contains("confidence interval NA-0.460");
        });
    }

    @Test
    void aSuppressedGroupOrAMissingEstimateNeverHolds() {
        GroupResult empty = new GroupResult("surgery", false, 200, 20, List.of(), List.of(), null, null, List.of(
                new CumulativeIncidence("recurrence", 0, List.of(), List.of(new IncidenceMilestone(730, null, null,
                        null, null, null)), null)));
        AlertEvaluator.Evaluation e = evaluator.evaluate(DEFINITION,
                result(GroupResult.suppressed("no-surgery"), empty), AlertState.EMPTY);
        assertThat(e.alerts()).isEmpty();
        assertThat(e.state().raised()).isEmpty();
    }

    @Test
    void theRuleIsCheckedWhenTheAnalysesAreRead() {
        assertThatThrownBy(() -> Results.definition("""
                analyses:
                  - {name: os, endpoint: overall-survival, origin: index,
                     alerts: [{rule: incidence-above, milestoneDays: 365, threshold: 0.1}]}
                """)).isInstanceOf(AnalysesConfigException.class)
                .hasMessageContaining("incidence-above needs the endpoint recurrence-competing");
        assertThatThrownBy(() -> Results.definition("""
                analyses:
                  - {name: rc, endpoint: recurrence-competing, origin: index,
                     alerts: [{rule: incidence-above, milestoneDays: 365, threshold: 0.1, cause: relapse}]}
                """)).isInstanceOf(AnalysesConfigException.class)
                .hasMessageContaining("cause: unknown value 'relapse'; expected one of recurrence, death");
        assertThatThrownBy(() -> Results.definition("""
                analyses:
                  - {name: rc, endpoint: recurrence-competing, origin: index,
                     alerts: [{rule: incidence-above, threshold: 0.1}]}
                """)).isInstanceOf(AnalysesConfigException.class)
                .hasMessageContaining("incidence-above needs milestoneDays and threshold");
    }
}
