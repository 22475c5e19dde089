package org.followupmonitor.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.followupmonitor.analysis.AnalysisResult.CoxSummary;
import org.followupmonitor.analysis.AnalysisResult.CoxTerm;
import org.followupmonitor.analysis.AnalysisResult.GroupResult;
import org.followupmonitor.analysis.AnalysisResult.Milestone;
import org.followupmonitor.events.file.RegistryImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cox models and tests on incomplete, sparse and degenerate registry data, through the whole batch path
 * (import, derivation, engine), against R 4.2.2 / survival 3.5-3: r/registry_edge_reference.R writes the
 * registry (r/registry-edge.csv) and prints what R fits on it (r/registry_edge_reference.out). Tolerance 1e-9
 * relative; privacy suppression off so every number is shown.
 */
class CoxOnRegistryDataReferenceTest {
    private static final double TOL = 1e-9;
    private static final String ANALYSES = """
            analyses:
              - {name: cc, endpoint: overall-survival, origin: diagnosis, filter: {site: MAIN},
                 cox: {covariates: [grade, ki67]}}
              - {name: defref, endpoint: overall-survival, origin: diagnosis, filter: {site: MAIN},
                 cox: {covariates: [t-stage]}}
              - {name: defref-multi, endpoint: overall-survival, origin: diagnosis, filter: {site: MAIN},
                 cox: {covariates: [t-stage, grade]}}
              - {name: absentref, endpoint: overall-survival, origin: diagnosis, filter: {site: MAIN},
                 cox: {covariates: [{name: t-stage, reference: "0"}]}}
              - {name: onelevel, endpoint: overall-survival, origin: diagnosis,
                 filter: {site: MAIN, subtype: luminal-b}, cox: {covariates: [subtype]}}
              - {name: sameday, endpoint: overall-survival, origin: diagnosis, filter: {site: SAMEDAY},
                 groupBy: arm, milestonesDays: [100, 200]}
              - {name: alias-therapy, endpoint: overall-survival, origin: diagnosis, filter: {site: MAIN},
                 cox: {covariates: [chemotherapy, radiotherapy, age]}}
              - {name: alias-nodes, endpoint: overall-survival, origin: diagnosis, filter: {site: MAIN},
                 cox: {covariates: [age, positive-nodes]}}
              - {name: alias-tstage, endpoint: overall-survival, origin: diagnosis, filter: {site: TG},
                 cox: {covariates: [grade, t-stage]}}
              - {name: empty, endpoint: overall-survival, origin: diagnosis, filter: {site: NOWHERE},
                 groupBy: arm, milestonesDays: [365], cox: {covariates: [grade, age]}}
              - {name: loglog90, endpoint: overall-survival, origin: diagnosis, filter: {site: MAIN}, groupBy: arm,
                 milestonesDays: [180, 365, 730], confidence: {type: log-log, level: 0.9}, rho: 1}
              - {name: plain99, endpoint: overall-survival, origin: diagnosis, filter: {site: MAIN}, groupBy: arm,
                 milestonesDays: [180, 365, 730], confidence: {type: plain, level: 0.99}, rho: 0.5}
              - {name: conf90, endpoint: overall-survival, origin: diagnosis, filter: {site: MAIN},
                 confidence: {level: 0.9}, cox: {covariates: [{name: grade, reference: "3"}, age]}}
              - {name: monotone, endpoint: overall-survival, origin: diagnosis, filter: {site: MAIN},
                 cox: {covariates: [{name: subtype, reference: triple-negative}]}}
            """;
    private static Map<String, String> r;
    private static Map<String, AnalysisResult> results;

    @BeforeAll
    static void run() throws Exception {
        r = new HashMap<>();
        try (InputStream in = CoxOnRegistryDataReferenceTest.class.getResourceAsStream(
                "r/registry_edge_reference.out")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    r.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        results = new HashMap<>();
        analyze(ANALYSES, Path.of("src/test/resources/org/followupmonitor/analysis/r/registry-edge.csv"))
                .forEach(a -> results.put(a.name(), a));
    }

    static List<AnalysisResult> analyze(String yaml, Path registry) throws Exception {
        return BatchAnalysis.run(registry, AnalysesLoader.parse(yaml, "test").analyses(),
                RegistryImporter.Options.defaults(), 0, Monitor.NONE, n -> { }).results();
    }

    private static void close(Double actual, String key) {
        close(actual, key, TOL);
    }

    private static void close(Double actual, String key, double tol) {
        String v = r.get(key);
        assertThat(v).as("R key " + key).isNotNull();
        double expected = Double.parseDouble(v);
        assertThat(actual).as(key).isNotNull();
        assertThat(actual).as(key).isCloseTo(expected, within(Math.abs(expected) * tol + 1e-15));
    }

    private static List<String> list(String key) {
        String v = r.get(key);
        assertThat(v).as("R key " + key).isNotNull();
        return v.isEmpty() ? List.of() : Arrays.asList(v.split(","));
    }

    /** Every number R prints for one model (its key in the R output), the NA pattern included. */
    private static void matchesR(String key, CoxSummary cox, List<CoxTerm> terms, boolean withTests) {
        assertThat(terms).extracting(CoxTerm::term).as(key + " terms").containsExactlyElementsOf(list(key + ".terms"));
        assertThat(terms.stream().filter(CoxTerm::aliased).map(CoxTerm::term).toList()).as(key + " aliased")
                .containsExactlyElementsOf(list(key + ".aliased"));
        for (CoxTerm t : terms) {
            String k = key + "." + t.term();
            if (t.aliased()) {
                assertThat(r.get(k + ".coef")).isEqualTo("NA");
                assertThat(t.coef()).isNull();
                assertThat(t.se()).isNull();
                assertThat(t.hazardRatio()).isNull();
                assertThat(t.pValue()).isNull();
                continue;
            }
            close(t.coef(), k + ".coef");
            close(t.se(), k + ".se");
            close(t.pValue(), k + ".p");
            close(t.lower(), k + ".lower");
            close(t.upper(), k + ".upper");
        }
        if (!withTests) {
            return;
        }
        assertThat((double) cox.n()).as(key + " n").isEqualTo(Double.parseDouble(r.get(key + ".n")));
        assertThat((double) cox.events()).as(key + " events").isEqualTo(Double.parseDouble(r.get(key + ".events")));
        close(cox.likelihoodRatio().statistic(), key + ".lr");
        close(cox.likelihoodRatio().pValue(), key + ".lr.p");
        close(cox.wald().statistic(), key + ".wald");
        close(cox.wald().pValue(), key + ".wald.p");
        close(cox.score().statistic(), key + ".score");
        close(cox.score().pValue(), key + ".score.p");
        int df = (int) Double.parseDouble(r.get(key + ".lr.df"));
        assertThat(List.of(cox.likelihoodRatio().df(), cox.wald().df(), cox.score().df())).as(key + " df")
                .containsOnly(df);
        close(cox.concordance(), key + ".concordance");
    }

    private static List<CoxTerm> univariate(CoxSummary cox, String covariate) {
        return cox.univariate().stream().filter(t -> t.covariate().equals(covariate)).toList();
    }

    // R: na.omit on grade + ki67 drops every grade-1 row; coxph(Surv(time, status) ~ grade + ki67) on the rest
    @Test
    void eachModelIsFittedToItsOwnCompleteCasesWithTheLevelsTheyHave() {
        CoxSummary cox = results.get("cc").cox();
        matchesR("cc", cox, cox.terms(), true);
        assertThat(cox.converged()).isTrue();
        assertThat(cox.warnings()).isEmpty();
        // Each covariate alone is fitted as R would fit it alone: grade with its 75 complete cases (grade 1
        // included), Ki-67 with its 60.
        matchesR("cc.grade", cox, univariate(cox, "grade"), false);
        matchesR("cc.ki67", cox, univariate(cox, "ki67"), false);
        // R on the plain character column gives the same fit; keeping the declared unused level instead gives
        // the empty level's indicator as reference and grade3 aliased, which is not what an analyst means.
        close(cox.terms().get(0).coef(), "cc.character.grade3.coef");
        assertThat(r.get("cc.unusedlevels.aliased")).isEqualTo("grade3");
    }

    // R: droplevels(factor(t_stage, levels = 0:4)): the first level present (1) is the reference
    @Test
    void theDefaultReferenceIsTheFirstDeclaredLevelPresent() {
        CoxSummary one = results.get("defref").cox();
        matchesR("defref", one, one.terms(), true);
        assertThat(one.terms()).extracting(CoxTerm::reference).containsOnly("1");
        CoxSummary multi = results.get("defref-multi").cox();
        matchesR("defref.multi", multi, multi.terms(), true);
    }

    // R: relevel(factor(t_stage), ref = "0") stops: 'ref' must be an existing level
    @Test
    void anAbsentConfiguredReferenceIsAWarningWithTheRealCounts() {
        CoxSummary cox = results.get("absentref").cox();
        assertThat(r.get("absentref.error")).isEqualTo("'ref' must be an existing level");
        assertThat(cox.terms()).isEmpty();
        assertThat(cox.converged()).isFalse();
        assertThat(cox.likelihoodRatio()).isNull();
        assertThat(cox.warnings()).singleElement().asString()
                .contains("reference level '0' of 't-stage' does not occur").contains("levels present: 1, 2, 3, 4")
                .contains("'ref' must be an existing level");
        assertThat((double) cox.n()).isEqualTo(Double.parseDouble(r.get("absentref.n")));
        assertThat((double) cox.events()).isEqualTo(Double.parseDouble(r.get("absentref.events")));
        assertThat(cox.events()).isPositive();
    }

    // R: a factor with a single level: contrasts can be applied only to factors with 2 or more levels
    @Test
    void aFactorWithOneLevelIsAWarningWithTheRealCounts() {
        CoxSummary cox = results.get("onelevel").cox();
        assertThat(r.get("onelevel.error")).contains("contrasts can be applied only to factors with 2 or more levels");
        assertThat(cox.warnings()).singleElement().asString().contains("only the level(s) [luminal-b]")
                .contains("contrasts can be applied only to factors with 2 or more levels");
        assertThat((double) cox.n()).isEqualTo(Double.parseDouble(r.get("onelevel.n")));
        assertThat((double) cox.events()).isEqualTo(Double.parseDouble(r.get("onelevel.events")));
    }

    // R: survdiff(Surv(time, status) ~ arm) with every death on one day stops: "system is exactly singular"
    @Test
    void aLogRankWithoutVarianceIsNullNotZero() {
        AnalysisResult a = results.get("sameday");
        assertThat(r.get("sameday.logrank.error")).contains("exactly singular");
        assertThat(a.logRank().chiSquare()).isNull();
        assertThat(a.logRank().pValue()).isNull();
        assertThat(a.logRank().df()).isEqualTo(1);
        for (AnalysisResult.MilestoneComparison c : a.milestoneComparisons()) {
            assertThat(c.logRank().chiSquare()).as("log-rank to " + c.time()).isNull();
            assertThat(c.logRank().pValue()).as("log-rank to " + c.time()).isNull();
            // S = 1 (day 100) or 0 (day 200) in both groups: no standard error, so no difference test either.
            assertThat(c.differenceZ()).isNull();
            assertThat(c.differencePValue()).isNull();
        }
    }

    // R: coxph with collinear terms gives NA for the later column and tests on the reduced df
    @Test
    void aliasedTermsAreNullWithAWarningAndTheRestFittedAsR() {
        for (String name : List.of("alias-therapy", "alias-nodes", "alias-tstage")) {
            CoxSummary cox = results.get(name).cox();
            String key = name.replace('-', '.');
            matchesR(key, cox, cox.terms(), true);
            assertThat(cox.converged()).isTrue();
            List<String> aliased = list(key + ".aliased");
            assertThat(aliased).isNotEmpty();
            assertThat(cox.warnings()).singleElement().asString().startsWith("X matrix deemed to be singular")
                    .contains(aliased.get(0));
        }
        // T stage = grade: the model is the grade model.
        CoxSummary tg = results.get("alias-tstage").cox();
        matchesR("alias.tstage.grade", tg, univariate(tg, "grade"), false);
    }

    // R: coxph on no rows stops: "No (non-missing) observations"
    @Test
    void anEmptyCohortIsAWellFormedEmptyResult() {
        AnalysisResult a = results.get("empty");
        assertThat(r.get("empty.error")).isEqualTo("No (non-missing) observations");
        assertThat(a.subjects()).isZero();
        assertThat(a.events()).isZero();
        assertThat(a.suppressed()).isFalse();
        assertThat(a.groups()).isEmpty();
        assertThat(a.logRank()).isNull();
        CoxSummary cox = a.cox();
        assertThat(cox.n()).isZero();
        assertThat(cox.events()).isZero();
        assertThat(cox.terms()).isEmpty();
        assertThat(cox.univariate()).isEmpty();
        assertThat(cox.likelihoodRatio()).isNull();
        assertThat(cox.concordance()).isNull();
        assertThat(cox.converged()).isFalse();
        assertThat(cox.warnings()).contains("not fitted: no subjects: the design has no rows");
    }

    // R: survfit(conf.type = "log-log", conf.int = 0.90) / ("plain", 0.99); survdiff(rho = 1) / (rho = 0.5)
    @Test
    void confidenceTypeLevelAndRhoReachEveryNumber() {
        for (String name : List.of("loglog90", "plain99")) {
            AnalysisResult a = results.get(name);
            for (GroupResult g : a.groups()) {
                for (Milestone m : g.milestones()) {
                    String k = name + "." + g.group() + "." + m.time();
                    close(m.survival(), k + ".surv");
                    close(m.stdErr(), k + ".se");
                    close(m.lower(), k + ".lower");
                    close(m.upper(), k + ".upper");
                }
                close(g.median().estimate(), name + "." + g.group() + ".median");
                close(g.median().lower(), name + "." + g.group() + ".median.lower");
                close(g.median().upper(), name + "." + g.group() + ".median.upper");
                close(g.curve().stream().filter(p -> p.lower() != null).mapToDouble(p -> p.lower()).sum(),
                        name + "." + g.group() + ".curve.lower.sum");
                close(g.curve().stream().filter(p -> p.upper() != null).mapToDouble(p -> p.upper()).sum(),
                        name + "." + g.group() + ".curve.upper.sum");
            }
        }
        assertThat(results.get("loglog90").confidence()).isEqualTo(new AnalysisResult.Confidence("log-log", 0.9));
        assertThat(results.get("plain99").confidence()).isEqualTo(new AnalysisResult.Confidence("plain", 0.99));
        assertThat(results.get("cc").confidence()).isEqualTo(new AnalysisResult.Confidence("log", 0.95));
        for (String[] c : new String[][] {{"loglog90", "rho1", "1"}, {"plain99", "rho05", "0.5"}}) {
            AnalysisResult a = results.get(c[0]);
            assertThat(a.logRank().rho()).isEqualTo(Double.parseDouble(c[2]));
            close(a.logRank().chiSquare(), c[1] + ".chisq");
            close(a.logRank().pValue(), c[1] + ".p");
            close(a.logRank().observed().get(0), c[1] + ".obs1");
            close(a.logRank().expected().get(1), c[1] + ".exp2");
            for (AnalysisResult.MilestoneComparison m : a.milestoneComparisons()) {
                assertThat(m.logRank().rho()).isEqualTo(Double.parseDouble(c[2]));
                close(m.logRank().chiSquare(), c[1] + "." + m.time() + ".chisq");
            }
        }
        CoxSummary cox = results.get("conf90").cox();
        matchesR("conf90", cox, cox.terms(), true);
    }

    // R: coxph warns "Loglik converged before variable  1 ; coefficient may be infinite."
    @Test
    void aMonotoneLikelihoodIsReportedInRsWords() {
        CoxSummary cox = results.get("monotone").cox();
        assertThat(r.get("monotone.warnings")).startsWith("Loglik converged before variable  1 ;")
                .endsWith("coefficient may be infinite.");
        assertThat(cox.converged()).isFalse();
        assertThat(cox.warnings()).singleElement().asString()
                .isEqualTo("Loglik converged before variable 1 (subtypeluminal-a); coefficient may be infinite.");
        assertThat(cox.terms()).extracting(CoxTerm::term).containsExactlyElementsOf(list("monotone.terms"));
        // The stopping point of the diverging coefficient is reproducible along the same Newton path.
        for (CoxTerm t : cox.terms()) {
            close(t.coef(), "monotone." + t.term() + ".coef", 1e-6);
        }
        close(cox.likelihoodRatio().statistic(), "monotone.lr");
        assertThat((double) cox.n()).isEqualTo(Double.parseDouble(r.get("monotone.n")));
    }

    // analyze on a header-only registry file: the same well-formed empty result, no exception
    @Test
    void aHeaderOnlyFileGivesTheSameEmptyResult(@TempDir Path dir) throws Exception {
        Path header = Files.writeString(dir.resolve("header-only.csv"), firstLine() + "\n");
        AnalysisResult fromHeader = analyze(ANALYSES, header).stream().filter(a -> a.name().equals("empty"))
                .findFirst().orElseThrow();
        AnalysisResult filtered = results.get("empty");
        // The basis says which clock each was fitted at: none for a header-only file, the file's for a filter.
        assertThat(fromHeader.cox()).usingRecursiveComparison().ignoringFields("basis").isEqualTo(filtered.cox());
        assertThat(fromHeader.cox().basis().subjects()).isZero();
        assertThat(fromHeader.groups()).isEqualTo(filtered.groups());
        assertThat(fromHeader.subjects()).isEqualTo(filtered.subjects());
        assertThat(fromHeader.logRank()).isNull();
    }

    private static String firstLine() throws IOException {
        return Files.readAllLines(Path.of("src/test/resources/org/followupmonitor/analysis/r/registry-edge.csv")).get(0);
    }
}
