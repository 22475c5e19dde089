package org.followupmonitor.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.followupmonitor.analysis.AnalysisResult.CoxSummary;
import org.followupmonitor.analysis.AnalysisResult.CoxTerm;
import org.followupmonitor.events.file.RegistryImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Time-varying covariates, strata and clusters through the whole batch path (registry file, timelines, intervals,
 * fits, the proportional-hazards test, Simon-Makuch curves) against R 4.2.2 / survival 3.5-3 on the bundled cohort
 * spread over six sites: r/time_varying_reference.R builds the (start, stop] intervals with {@code tmerge} from the
 * registry's dates, independently of the Java derivation, and fits them with {@code coxph}; its output is
 * r/time_varying_reference.out. Tolerance 1e-9 relative.
 */
class TimeVaryingCoxReferenceTest {
    private static final double TOL = 1e-9;
    private static final Path REGISTRY = Path.of("src/test/resources/org/followupmonitor/analysis/r/study-cohort-sites.csv");
    private static Map<String, String> r;
    private static Map<String, AnalysisResult> results;

    @BeforeAll
    static void run() throws Exception {
        r = new HashMap<>();
        try (InputStream in = TimeVaryingCoxReferenceTest.class.getResourceAsStream("r/time_varying_reference.out")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    r.put(line.substring(0, eq), line.substring(eq + 1).trim());
                }
            }
        }
        List<AnalysisDefinition> analyses = AnalysesLoader.parse("""
                analyses:
                  - name: tv-diagnosis
                    endpoint: overall-survival
                    origin: diagnosis
                    cox:
                      covariates:
                        - {name: arm, timeVarying: true}
                        - {name: grade, reference: "3"}
                        - {name: t-stage, reference: "4"}
                        - {name: subtype, reference: triple-negative}
                  - name: tv-control-breslow
                    endpoint: overall-survival
                    origin: systemic-control
                    cox:
                      ties: breslow
                      covariates: [{name: arm, timeVarying: true}, {name: chemotherapy, timeVarying: true}, age]
                      proportionalHazards: {transform: rank}
                  - name: strata-cluster
                    endpoint: overall-survival
                    origin: index
                    cox:
                      covariates: [{name: grade, reference: "3"}, {name: t-stage, reference: "4"}]
                      strata: [subtype]
                      cluster: site
                  - name: tv-cluster
                    endpoint: overall-survival
                    origin: diagnosis
                    cox:
                      covariates: [{name: arm, timeVarying: true}, age]
                      strata: [grade]
                      cluster: site
                      proportionalHazards: {transform: identity}
                """, "test").analyses();
        results = new HashMap<>();
        BatchAnalysis.run(REGISTRY, analyses, RegistryImporter.Options.defaults(), 0, Monitor.NONE, n -> { })
                .results().forEach(a -> results.put(a.name(), a));
    }

    /** The R name of a term or covariate: R's variables are called op, ch and t_stage there. */
    private static String rName(String java) {
        return java.replace("arm", "op").replace("chemotherapy", "ch").replace("t-stage", "t_stage");
    }

    private static double value(String key) {
        String v = r.get(key);
        assertThat(v).as("R value " + key).isNotNull();
        return Double.parseDouble(v);
    }

    private static void close(Double actual, String key) {
        double expected = value(key);
        assertThat(actual).as(key).isNotNull();
        assertThat(actual).as(key).isCloseTo(expected, within(Math.abs(expected) * TOL + 1e-15));
    }

    private static void assertModel(String rcase, List<CoxTerm> terms, boolean robust) {
        assertThat(terms).isNotEmpty();
        for (CoxTerm t : terms) {
            // R's fixed model uses the registry's arm column itself.
            String key = rcase + "." + (rcase.endsWith(".fixed") ? t.term().replace("t-stage", "t_stage")
                    : rName(t.term()));
            close(t.coef(), key + ".coef");
            close(t.se(), key + ".se");
            close(t.lower(), key + ".lower");
            close(t.upper(), key + ".upper");
            close(t.pValue(), key + ".p");
            if (robust) {
                close(t.robustSe(), key + ".robustSe");
            } else {
                assertThat(t.robustSe()).isNull();
            }
        }
    }

    private static void assertTests(String rcase, CoxSummary c) {
        close(c.likelihoodRatio().statistic(), rcase + ".lr");
        close(c.wald().statistic(), rcase + ".wald");
        close(c.score().statistic(), rcase + ".score");
        close(c.concordance(), rcase + ".concordance");
        assertThat(c.events()).isEqualTo((int) value(rcase + ".events"));
        if (r.containsKey(rcase + ".rscore")) {
            close(c.robustScore().statistic(), rcase + ".rscore");
        } else {
            assertThat(c.robustScore()).isNull();
        }
    }

    private static void assertPh(String rcase, AnalysisResult.ProportionalHazards ph, String transform) {
        assertThat(ph.transform()).isEqualTo(transform);
        List<AnalysisResult.PhTest> rows = new ArrayList<>(ph.terms());
        rows.add(ph.global());
        for (AnalysisResult.PhTest t : rows) {
            String key = rcase + ".zph." + (rcase.endsWith(".fixed") ? t.term().replace("t-stage", "t_stage")
                    : rName(t.term()));
            close(t.chiSquare(), key + ".chisq");
            close(t.pValue(), key + ".p");
            assertThat(t.df()).as(key + ".df").isEqualTo((int) value(key + ".df"));
        }
        assertThat(ph.global().term()).isEqualTo("GLOBAL");
    }

    // R: coxph(Surv(tstart, tstop, death) ~ op + grade + t_stage + subtype, data = tmerge(..., op = tdc(surgery)))
    @Test
    void armSwitchingOnAtSurgeryFromDiagnosisMatchesRTmergeAndCoxph() {
        CoxSummary c = results.get("tv-diagnosis").cox();
        assertThat(c.timeVarying()).containsExactly("arm");
        assertThat(c.converged()).isTrue();
        assertThat(c.warnings()).isEmpty();
        assertThat(c.n()).isEqualTo((int) value("tv-diagnosis.n"));
        assertModel("tv-diagnosis", c.terms(), false);
        assertTests("tv-diagnosis", c);
        assertPh("tv-diagnosis", c.proportionalHazards(), "km");
        // Univariate: arm alone on its intervals, grade alone on one interval per subject.
        assertModel("tv-diagnosis.uni.op", c.univariate().stream().filter(t -> t.covariate().equals("arm")).toList(),
                false);
        assertModel("tv-diagnosis.uni.grade",
                c.univariate().stream().filter(t -> t.covariate().equals("grade")).toList(), false);
    }

    // R: coxph(Surv(time, status) ~ arm + grade + t_stage + subtype, data = subset(d, time > 0)): arm fixed at
    // "operated at any time", the immortal-time-biased comparison
    @Test
    void theFixedArmModelBesideItMatchesR() {
        AnalysisResult.FixedModel fixed = results.get("tv-diagnosis").cox().fixed();
        assertThat(fixed.converged()).isTrue();
        assertModel("tv-diagnosis.fixed", fixed.terms(), false);
        assertPh("tv-diagnosis.fixed", fixed.proportionalHazards(), "km");
        // The bias the time-varying model removes: surgery looks far more protective when fixed.
        double tv = results.get("tv-diagnosis").cox().terms().get(0).hazardRatio();
        assertThat(fixed.terms().get(0).hazardRatio()).isLessThan(tv);
    }

    // R: survfit(Surv(tstart, tstop, death) ~ op, data = tmerge(..., op = tdc(surgery)))
    @Test
    void simonMakuchCurvesMatchRSurvfitOnTheIntervals() {
        List<AnalysisResult.SimonMakuch> curves = results.get("tv-diagnosis").cox().simonMakuch();
        assertThat(curves).singleElement().extracting(AnalysisResult.SimonMakuch::covariate).isEqualTo("arm");
        for (AnalysisResult.ExposureGroup g : curves.get(0).groups()) {
            String key = "tv-diagnosis.sm." + g.group();
            assertThat(g.suppressed()).isFalse();
            assertThat(g.subjects()).isEqualTo((int) value(key + ".subjects"));
            String[] time = r.get(key + ".time").split(",");
            assertThat(g.curve()).hasSize(time.length);
            String[][] cols = {r.get(key + ".atRisk").split(","), r.get(key + ".events").split(","),
                    r.get(key + ".censored").split(","), r.get(key + ".survival").split(","),
                    r.get(key + ".stdErr").split(","), r.get(key + ".lower").split(","),
                    r.get(key + ".upper").split(",")};
            for (int i = 0; i < time.length; i++) {
                AnalysisResult.CurvePoint p = g.curve().get(i);
                assertThat(p.time()).isEqualTo((int) Double.parseDouble(time[i]));
                assertThat(p.atRisk()).isEqualTo((int) Double.parseDouble(cols[0][i]));
                assertThat(p.events()).isEqualTo((int) Double.parseDouble(cols[1][i]));
                assertThat(p.censored()).isEqualTo((int) Double.parseDouble(cols[2][i]));
                assertNumber(p.survival(), cols[3][i], key + " survival " + i);
                assertNumber(p.stdErr(), cols[4][i], key + " stdErr " + i);
                assertNumber(p.lower(), cols[5][i], key + " lower " + i);
                assertNumber(p.upper(), cols[6][i], key + " upper " + i);
            }
            assertThat(g.events()).isEqualTo(g.curve().stream().mapToInt(AnalysisResult.CurvePoint::events).sum());
        }
    }

    private static void assertNumber(Double actual, String expected, String what) {
        if (expected.equals("NA") || expected.equals("NaN")) {
            assertThat(actual).as(what).isNull();
            return;
        }
        double e = Double.parseDouble(expected);
        assertThat(actual).as(what).isNotNull();
        assertThat(actual).as(what).isCloseTo(e, within(Math.abs(e) * TOL + 1e-15));
    }

    // R: coxph(Surv(tstart, tstop, death) ~ op + ch + age, ties = "breslow"), cox.zph(transform = "rank");
    // chemotherapy often starts before systemic control: on from the start of follow-up
    @Test
    void twoTimeVaryingCovariatesFromSystemicControlWithBreslowTiesMatchR() {
        CoxSummary c = results.get("tv-control-breslow").cox();
        assertThat(c.ties()).isEqualTo("breslow");
        assertThat(c.timeVarying()).containsExactly("arm", "chemotherapy");
        assertModel("tv-control-breslow", c.terms(), false);
        assertTests("tv-control-breslow", c);
        assertPh("tv-control-breslow", c.proportionalHazards(), "rank");
        assertThat(c.simonMakuch()).extracting(AnalysisResult.SimonMakuch::covariate)
                .containsExactly("arm", "chemotherapy");
    }

    // R: coxph(Surv(time, status) ~ grade + t_stage + strata(subtype) + cluster(site))
    @Test
    void strataAndSiteClustersMatchRRobustVarianceAndRobustScoreTest() {
        CoxSummary c = results.get("strata-cluster").cox();
        assertThat(c.strata()).containsExactly("subtype");
        assertThat(c.cluster()).isEqualTo("site");
        assertThat(c.fixed()).isNull();
        assertThat(c.simonMakuch()).isEmpty();
        assertModel("strata-cluster", c.terms(), true);
        assertTests("strata-cluster", c);
        assertPh("strata-cluster", c.proportionalHazards(), "km");
    }

    // R: coxph(Surv(tstart, tstop, death) ~ op + age + strata(grade) + cluster(site)), cox.zph(transform = "identity")
    @Test
    void timeVaryingArmWithStrataAndClustersMatchesR() {
        CoxSummary c = results.get("tv-cluster").cox();
        assertModel("tv-cluster", c.terms(), true);
        assertTests("tv-cluster", c);
        assertPh("tv-cluster", c.proportionalHazards(), "identity");
    }
}
