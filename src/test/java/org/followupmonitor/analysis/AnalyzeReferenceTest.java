package org.followupmonitor.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.followupmonitor.analysis.AnalysisResult.CoxTerm;
import org.followupmonitor.analysis.AnalysisResult.GroupResult;
import org.followupmonitor.analysis.AnalysisResult.Milestone;
import org.followupmonitor.events.file.RegistryImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole batch path (import, derivation, engine) on the bundled example registry against R,
 * which derives follow-up from the CSV columns on its own (r/study_cohort_reference.R, R 4.2.2,
 * survival 3.5-3). Tolerance 1e-9 relative; privacy suppression off so every number is shown.
 */
class AnalyzeReferenceTest {
    private static final double TOL = 1e-9;
    private static Map<String, Double> r;
    private static Map<String, AnalysisResult> results;

    @BeforeAll
    static void run() throws Exception {
        r = ROutput.keyValues(AnalyzeReferenceTest.class, "r/study_cohort_reference.out");
        AnalysesConfig config = AnalysesLoader.parse("""
                analyses:
                  - name: os-by-arm
                    endpoint: overall-survival
                    origin: index
                    groupBy: arm
                    milestonesDays: [365, 730, 1826]
                  - name: cox-grade
                    endpoint: overall-survival
                    origin: index
                    cox:
                      covariates: [{name: grade, reference: "3"}]
                  - name: cox-grade-t
                    endpoint: overall-survival
                    origin: index
                    cox:
                      ties: efron
                      covariates: [{name: grade, reference: "3"}, {name: t-stage, reference: "4"}]
                """, "test");
        List<AnalysisDefinition> analyses = new java.util.ArrayList<>(config.analyses());
        AnalysesConfig bundled = AnalysesLoader.loadDefault();
        analyses.add(bundled.find("os-cox-subtype").orElseThrow());
        analyses.add(bundled.find("os-cox-multivariable").orElseThrow());
        BatchAnalysis.Outcome outcome = BatchAnalysis.run(Path.of("examples/study-cohort.csv"), analyses,
                RegistryImporter.Options.defaults(), 0, org.followupmonitor.analysis.Monitor.NONE, n -> { });
        results = new HashMap<>();
        outcome.results().forEach(a -> results.put(a.name(), a));
    }

    private static void close(Double actual, String key) {
        double expected = r.get(key);
        assertThat(actual).as(key).isNotNull();
        assertThat(actual).as(key).isCloseTo(expected, within(Math.abs(expected) * TOL + 1e-15));
    }

    @Test
    void shouldMatchRSurvfitMilestonesByArm() {
        AnalysisResult os = results.get("os-by-arm");
        for (GroupResult g : os.groups()) {
            for (Milestone m : g.milestones()) {
                String key = "km." + g.group() + "." + m.time();
                close(m.survival(), key + ".surv");
                close(m.stdErr(), key + ".se");
                close(m.lower(), key + ".lower");
                close(m.upper(), key + ".upper");
                assertThat(m.atRisk().doubleValue()).isEqualTo(r.get(key + ".nrisk"));
            }
        }
        assertThat(os.groups()).extracting(GroupResult::group).containsExactly("no-surgery", "surgery");
    }

    @Test
    void shouldMatchRSurvdiffOverallAndCensoredAtEachMilestone() {
        AnalysisResult os = results.get("os-by-arm");
        close(os.logRank().chiSquare(), "logrank.chisq");
        for (AnalysisResult.MilestoneComparison c : os.milestoneComparisons()) {
            close(c.logRank().chiSquare(), "logrank." + c.time() + ".chisq");
        }
    }

    @Test
    void shouldMatchRCoxphOnGradeAndOnGradePlusTStage() {
        checkCox(results.get("cox-grade").cox(), "grade");
        checkCox(results.get("cox-grade-t").cox(), "gradeT");
        // The univariate column of the two-covariate model is the one-covariate model.
        CoxTerm uni = results.get("cox-grade-t").cox().univariate().stream()
                .filter(t -> t.term().equals("grade1")).findFirst().orElseThrow();
        close(uni.coef(), "grade.grade1.coef");
    }

    // R: coxph(Surv(time, status) ~ subtype) and ~ grade + t_stage + subtype, subtype relevelled to
    // triple-negative, each on its complete cases: the study's Table 4 models converge on the bundled cohort
    @Test
    void theBundledSubtypeModelsConvergeAndMatchR() {
        for (String[] m : new String[][] {{"os-cox-subtype", "subtype"}, {"os-cox-multivariable", "multi"}}) {
            AnalysisResult.CoxSummary cox = results.get(m[0]).cox();
            assertThat(r.get(m[1] + ".warnings")).as("R warnings of " + m[1]).isZero();
            assertThat(cox.warnings()).as(m[0]).isEmpty();
            checkCox(cox, m[1]);
            assertThat(cox.terms()).extracting(CoxTerm::term).contains("subtypeluminal-a");
        }
    }

    private static void checkCox(AnalysisResult.CoxSummary cox, String name) {
        assertThat(cox.converged()).isTrue();
        assertThat((double) cox.n()).isEqualTo(r.get(name + ".n"));
        assertThat((double) cox.events()).isEqualTo(r.get(name + ".events"));
        List<CoxTerm> terms = cox.terms();
        for (CoxTerm t : terms) {
            // R names factor terms after the column: grade1, t_stage0 …; ours: grade1, t-stage0.
            String key = name + "." + t.term().replace("t-stage", "t_stage");
            close(t.coef(), key + ".coef");
            close(t.se(), key + ".se");
            close(t.pValue(), key + ".p");
            close(t.lower(), key + ".lower");
            close(t.upper(), key + ".upper");
        }
        close(cox.likelihoodRatio().statistic(), name + ".lr");
        close(cox.wald().statistic(), name + ".wald");
        close(cox.score().statistic(), name + ".score");
        close(cox.concordance(), name + ".concordance");
    }
}
