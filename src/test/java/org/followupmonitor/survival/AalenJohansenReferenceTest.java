package org.followupmonitor.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.followupmonitor.survival.CompetingRisksReference.get;
import static org.followupmonitor.survival.RReference.assertClose;

import java.util.List;
import org.followupmonitor.survival.CompetingRisksReference.Data;
import org.junit.jupiter.api.Test;

/**
 * Aalen-Johansen curves against R 4.2.2 / survival 3.5-3: {@code survfit(Surv(time, factor(status, 0:k)) ~
 * group)} for each group's curves (pstate, std.err, n.risk, n.event, n.censor), its log / log-log / plain
 * bands at 95% and the log band at 90%, {@code summary(fit, times, extend)} at milestones, and R's quantile
 * rule on 1 - incidence (numbers from r/competing_risks_reference.R, compared at 1e-9 relative).
 */
class AalenJohansenReferenceTest {

    private static final String[][] INTERVALS = {{"log", "0.95"}, {"log-log", "0.95"}, {"plain", "0.95"},
        {"log", "0.9"}};
    private static final double[] PROBS = {0.1, 0.25, 0.5};

    /** pbc by treatment (312 patients; 1 = transplant, 2 = death; ties, no time-0 event). */
    @Test
    void shouldMatchRSurvfitOnPbcByTreatment() {
        check("pbc", 2, new double[] {0, 365, 1000, 1826, 3652, 5000});
    }

    /** mgus2 by sex (1384 patients, months; 1 = progression, 2 = death without progression: many ties). */
    @Test
    void shouldMatchRSurvfitOnMgus2BySex() {
        check("mgus2", 2, new double[] {0, 12, 60, 120, 240, 500});
    }

    /**
     * Synthetic, three causes and three groups over whole days 0..40: heavy ties, events and censorings at
     * time 0 and on the same days, cause 3 absent from group 2 (its incidence stays 0, its band undefined).
     */
    @Test
    void shouldMatchRSurvfitOnSyntheticThreeCausesWithTimeZeroAndAnEmptyCause() {
        check("synth", 3, new double[] {0, 1, 5, 10, 20, 30, 40, 50});
        AalenJohansenFit g2 = AalenJohansen.fit(Data.load("synth").tables(3).group(2));
        assertThat(g2.incidence(3)).containsOnly(0.0);
    }

    /**
     * Hand-made: a time-0 event, censorings tied with events of both causes, and group 0 where the last
     * subject fails (event-free probability 0: std.err 0, log band undefined).
     */
    @Test
    void shouldMatchRSurvfitOnTinyWithTimeZeroEventAndEveryoneFailed() {
        check("tiny", 2, new double[] {0, 1, 2, 4.5, 8, 10, 12, 20});
        AalenJohansenFit g0 = AalenJohansen.fit(Data.load("tiny").tables(2).group(0));
        double[] s = g0.eventFree();
        assertThat(s[s.length - 1]).isZero();
    }

    /** survfit(Surv(time, factor(status, 0:2)) ~ 1, data = pbc): all groups pooled. */
    @Test
    void shouldMatchRSurvfitOnPbcPooled() {
        AalenJohansenFit fit = AalenJohansen.fit(Data.load("pbc").tables(2).pooled());
        curve("aj.pbc.pooled", fit);
    }

    private static void check(String name, int causes, double[] milestones) {
        Data data = Data.load(name);
        CompetingRiskTables tables = data.tables(causes);
        for (int g = 0; g < tables.groupCount(); g++) {
            String prefix = "aj." + name + ".g" + g;
            AalenJohansenFit fit = AalenJohansen.fit(tables.group(g));
            curve(prefix, fit);
            for (String[] ci : INTERVALS) {
                ConfidenceSpec spec = new ConfidenceSpec(type(ci[0]), Double.parseDouble(ci[1]));
                String key = prefix + "." + ci[0] + "." + ci[1];
                for (int s = 0; s <= causes; s++) {
                    ConfidenceBand band = fit.confidenceBand(s, spec);
                    assertClose(key + ".lower." + s, band.lower(), get(key + ".lower." + s));
                    assertClose(key + ".upper." + s, band.upper(), get(key + ".upper." + s));
                }
                for (boolean extend : new boolean[] {false, true}) {
                    String k2 = key + ".summary." + (extend ? "extend" : "noextend");
                    for (int s = 0; s <= causes; s++) {
                        List<IncidenceAtTime> rows = fit.at(s, milestones, extend, spec);
                        assertClose(k2 + ".time", rows.stream().mapToDouble(IncidenceAtTime::time).toArray(),
                                get(k2 + ".time"));
                        assertClose(k2 + ".n.risk", rows.stream().mapToDouble(IncidenceAtTime::nRisk).toArray(),
                                get(k2 + ".n.risk"));
                        assertClose(k2 + ".n.censor", rows.stream().mapToDouble(IncidenceAtTime::nCensor).toArray(),
                                get(k2 + ".n.censor"));
                        assertClose(k2 + ".n.event." + s,
                                rows.stream().mapToDouble(IncidenceAtTime::nEvent).toArray(),
                                get(k2 + ".n.event." + s));
                        assertClose(k2 + ".pstate." + s,
                                rows.stream().mapToDouble(IncidenceAtTime::estimate).toArray(),
                                get(k2 + ".pstate." + s));
                        assertClose(k2 + ".std.err." + s,
                                rows.stream().mapToDouble(IncidenceAtTime::standardError).toArray(),
                                get(k2 + ".std.err." + s));
                        double[] rLower = get(k2 + ".lower." + s);
                        double[] rUpper = get(k2 + ".upper." + s);
                        double[] lower = rows.stream().mapToDouble(IncidenceAtTime::lower).toArray();
                        double[] upper = rows.stream().mapToDouble(IncidenceAtTime::upper).toArray();
                        if (s == 0) {
                            startRowOfEventFreeState(rows, rLower, rUpper, lower, upper);
                        }
                        assertClose(k2 + ".lower." + s, lower, rLower);
                        assertClose(k2 + ".upper." + s, upper, rUpper);
                    }
                }
                for (int c = 1; c <= causes; c++) {
                    double[] est = new double[PROBS.length];
                    double[] lo = new double[PROBS.length];
                    double[] hi = new double[PROBS.length];
                    for (int i = 0; i < PROBS.length; i++) {
                        SurvivalQuantile q = fit.quantile(c, PROBS[i], spec);
                        est[i] = q.estimate();
                        lo[i] = q.lower();
                        hi[i] = q.upper();
                    }
                    assertClose(key + ".quantile." + c + ".est", est, get(key + ".quantile." + c + ".est"));
                    assertClose(key + ".quantile." + c + ".lower", lo, get(key + ".quantile." + c + ".lower"));
                    assertClose(key + ".quantile." + c + ".upper", hi, get(key + ".quantile." + c + ".upper"));
                }
            }
        }
    }

    /**
     * R's survfit0 fills lower = upper = 0 into the row it inserts at time 0 for every state; the event-free
     * state is 1 there with standard error 0, so this reports 1 and 1. Checked here, then R's row is aligned.
     */
    private static void startRowOfEventFreeState(List<IncidenceAtTime> rows, double[] rLower, double[] rUpper,
            double[] lower, double[] upper) {
        for (int i = 0; i < rows.size(); i++) {
            IncidenceAtTime r = rows.get(i);
            if (r.standardError() == 0 && r.estimate() == 1 && rLower[i] == 0 && rUpper[i] == 0) {
                assertThat(lower[i]).isEqualTo(1.0);
                assertThat(upper[i]).isEqualTo(1.0);
                rLower[i] = 1;
                rUpper[i] = 1;
            }
        }
    }

    private static void curve(String prefix, AalenJohansenFit fit) {
        assertClose(prefix + ".time", fit.time(), get(prefix + ".time"));
        assertClose(prefix + ".n.risk", fit.nRisk(), get(prefix + ".n.risk"));
        assertClose(prefix + ".n.censor", fit.nCensor(), get(prefix + ".n.censor"));
        double[][] ev = fit.nEvent();
        double[][] p = fit.pstate();
        double[][] se = fit.stdErr();
        for (int s = 0; s <= fit.causeCount(); s++) {
            assertClose(prefix + ".n.event." + s, ev[s], get(prefix + ".n.event." + s));
            assertClose(prefix + ".pstate." + s, p[s], get(prefix + ".pstate." + s));
            assertClose(prefix + ".std.err." + s, se[s], get(prefix + ".std.err." + s));
        }
    }

    private static ConfidenceType type(String r) {
        return switch (r) {
            case "log" -> ConfidenceType.LOG;
            case "log-log" -> ConfidenceType.LOG_LOG;
            case "plain" -> ConfidenceType.PLAIN;
            default -> throw new IllegalArgumentException(r);
        };
    }
}
