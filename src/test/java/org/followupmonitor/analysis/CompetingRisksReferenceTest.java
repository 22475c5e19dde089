package org.followupmonitor.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.followupmonitor.analysis.AnalysisResult.CumulativeIncidence;
import org.followupmonitor.analysis.AnalysisResult.GroupResult;
import org.followupmonitor.analysis.AnalysisResult.IncidenceMilestone;
import org.followupmonitor.analysis.AnalysisResult.IncidencePoint;
import org.followupmonitor.events.file.RegistryImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundled competing-risks analyses (recurrence with death without recurrence competing, by arm and by subtype)
 * through the whole batch path on the bundled example registry, against R, which derives the causes and times from
 * the CSV columns on its own (r/competing_reference.R: survival 3.5-3's {@code survfit} with a factor status,
 * cmprsk 2.2-11's {@code cuminc} and {@code crr}). Tolerance 1e-9 relative; privacy suppression off.
 */
class CompetingRisksReferenceTest {
    private static final double TOL = 1e-9;
    private static Map<String, Double> r;
    private static Map<String, AnalysisResult> results;

    @BeforeAll
    static void run() throws Exception {
        r = ROutput.keyValues(CompetingRisksReferenceTest.class, "r/competing_reference.out");
        AnalysesConfig bundled = AnalysesLoader.loadDefault();
        List<AnalysisDefinition> analyses = List.of(bundled.find("recurrence-competing-by-arm").orElseThrow(),
                bundled.find("recurrence-competing-by-subtype").orElseThrow(), AnalysesLoader.parse("""
                        analyses:
                          - {name: recurrence-by-arm, endpoint: recurrence, origin: index, groupBy: arm,
                             milestonesDays: [365, 730, 1826], cox: {covariates: [arm]}}
                        """, "test").analyses().get(0));
        BatchAnalysis.Outcome outcome = BatchAnalysis.run(Path.of("examples/study-cohort.csv"), analyses,
                RegistryImporter.Options.defaults(), 0, Monitor.NONE, n -> { });
        results = new HashMap<>();
        outcome.results().forEach(a -> results.put(a.name(), a));
    }

    private static void close(Double actual, String key) {
        Double expected = r.get(key);
        assertThat(expected).as("R value " + key).isNotNull();
        assertThat(actual).as(key).isNotNull();
        assertThat(actual).as(key).isCloseTo(expected, within(Math.abs(expected) * TOL + 1e-15));
    }

    private static CumulativeIncidence cause(GroupResult g, String cause) {
        return g.cumulativeIncidence().stream().filter(c -> c.cause().equals(cause)).findFirst().orElseThrow();
    }

    @Test
    void cumulativeIncidenceByArmMatchesRsAalenJohansenAtMilestonesAndAlongTheWholeCurve() {
        AnalysisResult a = results.get("recurrence-competing-by-arm");
        assertThat(a.groups()).extracting(GroupResult::group).containsExactly("no-surgery", "surgery");
        for (GroupResult g : a.groups()) {
            for (String c : List.of("recurrence", "death")) {
                CumulativeIncidence ci = cause(g, c);
                assertThat((double) ci.events()).isEqualTo(r.get("events." + g.group() + "." + c));
                for (IncidenceMilestone m : ci.milestones()) {
                    String key = "cif." + g.group() + "." + c + "." + m.time();
                    assertThat((double) m.atRisk()).as(key).isEqualTo(r.get(key + ".nrisk"));
                    close(m.incidence(), key + ".est");
                    close(m.stdErr(), key + ".se");
                    close(m.lower(), key + ".lower");
                    close(m.upper(), key + ".upper");
                }
                assertThat((double) ci.curve().size()).isEqualTo(r.get("curve." + g.group() + ".size"));
                for (int i = 0; i < ci.curve().size(); i++) {
                    IncidencePoint p = ci.curve().get(i);
                    String key = "curve." + g.group() + "." + c + "." + (i + 1);
                    assertThat((double) p.time()).as(key).isEqualTo(r.get(key + ".time"));
                    close(p.incidence(), key + ".est");
                    if (r.get(key + ".se") == 0) {
                        assertThat(p.stdErr()).as(key).isCloseTo(0, within(1e-12));
                    } else {
                        close(p.stdErr(), key + ".se");
                    }
                }
            }
        }
    }

    @Test
    void graysTestByArmAndBySubtypeMatchesCuminc() {
        for (String by : List.of("arm", "subtype")) {
            List<AnalysisResult.GrayTest> tests = results.get("recurrence-competing-by-" + by).grayTest();
            assertThat(tests).extracting(AnalysisResult.GrayTest::cause).containsExactly("recurrence", "death");
            for (int c = 1; c <= 2; c++) {
                AnalysisResult.GrayTest t = tests.get(c - 1);
                close(t.chiSquare(), "gray." + by + "." + c + ".stat");
                close(t.pValue(), "gray." + by + "." + c + ".p");
                assertThat((double) t.df()).isEqualTo(r.get("gray." + by + "." + c + ".df"));
            }
        }
        assertThat((double) results.get("recurrence-competing-by-subtype").subjects()).isEqualTo(r.get("subtype.n"));
        for (GroupResult g : results.get("recurrence-competing-by-subtype").groups()) {
            IncidenceMilestone rec = cause(g, "recurrence").milestones().get(1);
            IncidenceMilestone death = cause(g, "death").milestones().get(1);
            assertThat(rec.time()).isEqualTo(730);
            close(rec.incidence(), "cif." + g.group() + ".recurrence.730.est");
            close(rec.stdErr(), "cif." + g.group() + ".recurrence.730.se");
            close(death.incidence(), "cif." + g.group() + ".death.730.est");
            close(death.stdErr(), "cif." + g.group() + ".death.730.se");
        }
    }

    @Test
    void fineGrayOnArmMatchesCrrBesideTheCauseSpecificCox() {
        AnalysisResult a = results.get("recurrence-competing-by-arm");
        AnalysisResult.FineGraySummary fg = a.fineGray();
        assertThat(fg.cause()).isEqualTo("recurrence");
        assertThat((double) fg.n()).isEqualTo(r.get("crr.n"));
        assertThat(fg.converged()).isTrue();
        assertThat(fg.warnings()).isEmpty();
        assertThat(fg.basis().subjects()).isEqualTo(fg.n());
        AnalysisResult.CoxTerm t = fg.terms().get(0);
        assertThat(t.term()).isEqualTo("armsurgery");
        close(t.coef(), "crr.armsurgery.coef");
        close(t.se(), "crr.armsurgery.se");
        close(t.pValue(), "crr.armsurgery.p");
        close(t.lower(), "crr.armsurgery.lower");
        close(t.upper(), "crr.armsurgery.upper");
        close(Math.log(t.hazardRatio()), "crr.armsurgery.coef");
        // The cause-specific Cox model is the existing one with death censored: R's coxph on cause == 1.
        close(a.cox().terms().get(0).coef(), "cs.armsurgery.coef");
    }

    /**
     * The Kaplan-Meier, log-rank and Cox parts of the competing endpoint are the cause-specific ones: those of the
     * recurrence endpoint (death censors), number for number.
     */
    @Test
    void theKaplanMeierAndCoxPartsAreThoseOfTheRecurrenceEndpoint() {
        AnalysisResult competing = results.get("recurrence-competing-by-arm");
        AnalysisResult recurrence = results.get("recurrence-by-arm");
        assertThat(competing.subjects()).isEqualTo(recurrence.subjects());
        assertThat(competing.events()).isEqualTo(recurrence.events());
        assertThat(competing.logRank()).isEqualTo(recurrence.logRank());
        assertThat(competing.cox().terms()).isEqualTo(recurrence.cox().terms());
        for (int g = 0; g < competing.groups().size(); g++) {
            GroupResult c = competing.groups().get(g);
            GroupResult k = recurrence.groups().get(g);
            assertThat(c.curve()).isEqualTo(k.curve());
            assertThat(c.milestones()).isEqualTo(k.milestones());
            assertThat(k.cumulativeIncidence()).isNull();
            assertThat(recurrence.grayTest()).isNull();
            assertThat(recurrence.fineGray()).isNull();
        }
    }
}
