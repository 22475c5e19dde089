package org.followupmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.AnalysisResult.MonitoringStatus;
import org.followupmonitor.analysis.Monitoring;
import org.followupmonitor.analysis.Privacy;
import org.followupmonitor.survival.LogRank;
import org.followupmonitor.survival.StratifiedRiskTables;
import org.junit.jupiter.api.Test;

/**
 * A trial-like cohort whose survival differs strongly between two arms, analysed as the data accrue (every 5
 * endpoint events): the boundary-crossed alert must fire at the first formal look where |z| reaches the
 * O'Brien-Fleming-type boundary (rpact values for four equally spaced looks, STATISTICS.md), and not before,
 * although the raw log-rank p falls below 0.05 earlier.
 */
class BoundaryAlertCohortTest {
    private static final long SEED = 20021127L;
    private static final double[] OBF_QUARTERS = {4.3326336, 2.9631316, 2.3590443, 2.0140901};
    private static final String YAML = """
            analyses:
              - name: os-trial
                endpoint: overall-survival
                origin: diagnosis
                groupBy: arm
                monitoring: {plannedEvents: 200, spending: obrien-fleming, alpha: 0.05, lookStep: 0.25}
                alerts:
                  - {rule: boundary-crossed}
            """;

    /** One patient: calendar day of entry, arm, calendar day of death. */
    private record Patient(int entry, int arm, int death) {}

    @Test
    void boundaryAlertFiresAtTheFirstLookWhoseBoundaryZReachesAndNotBefore() {
        System.out.println("BoundaryAlertCohortTest seed " + SEED);
        SplittableRandom random = new SplittableRandom(SEED);
        List<Patient> cohort = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            int arm = i % 2;
            // Exponential survival, median 1500 days in arm 0 and 1000 in arm 1 (hazard ratio 1.5).
            double median = arm == 0 ? 1500 : 1000;
            int survival = 1 + (int) (-Math.log(1 - random.nextDouble()) * median / Math.log(2));
            int entry = random.nextInt(1000);
            cohort.add(new Patient(entry, arm, entry + survival));
        }
        int[] deathDays = cohort.stream().mapToInt(Patient::death).sorted().toArray();

        AnalysisDefinition definition = Results.definition(YAML);
        Monitoring spec = definition.monitoring().orElseThrow();
        SequentialMonitor monitor = new SequentialMonitor();
        AlertEvaluator evaluator = new AlertEvaluator(new Privacy(11));
        AlertState state = AlertState.EMPTY;
        List<Alert> raised = new ArrayList<>();
        int firstExpectedLook = 0;
        int firstAlertLook = 0;
        boolean rawSignificantBeforeAlert = false;
        for (int e = 5; e <= 200; e += 5) {
            // Data cut on the day of the e-th death: everything known by then.
            int cut = deathDays[e - 1];
            List<Patient> entered = cohort.stream().filter(p -> p.entry() <= cut).toList();
            int[] days = new int[entered.size()];
            boolean[] event = new boolean[entered.size()];
            int[] group = new int[entered.size()];
            int events = 0;
            for (int i = 0; i < days.length; i++) {
                Patient p = entered.get(i);
                event[i] = p.death() <= cut;
                days[i] = (event[i] ? p.death() : cut) - p.entry();
                group[i] = p.arm();
                events += event[i] ? 1 : 0;
            }
            assertThat(events).isGreaterThanOrEqualTo(e); // more on a day with tied deaths
            double z = LogRankZ.twoGroup(LogRank.test(StratifiedRiskTables.ofDays(2, 1, days, event, group, null)));
            MonitoringStatus status = monitor.status(spec, events, z);

            // Independent expectation: the look from the event count, the boundary from rpact's table.
            int look = events / 50;
            assertThat(status.looks()).isEqualTo(look);
            boolean expectCrossed = look > 0 && Math.abs(z) >= OBF_QUARTERS[look - 1];
            assertThat(status.crossed()).as("crossed at %d events, z = %f", events, z).isEqualTo(expectCrossed);
            if (look > 0) {
                assertThat(status.boundary()).isCloseTo(OBF_QUARTERS[look - 1], within(1e-6));
            }
            if (expectCrossed && firstExpectedLook == 0) {
                firstExpectedLook = look;
            }

            AnalysisResult result = Results.result("os-trial", LocalDate.of(2000, 1, 1).plusDays(cut)
                    .toString(), entered.size(), events, List.of(), status);
            AlertEvaluator.Evaluation ev = evaluator.evaluate(definition, result, List.of(),
                    new ExclusionCounts(entered.size(), Map.of()), state);
            state = ev.state();
            for (Alert a : ev.alerts()) {
                if (a.state().equals("raised")) {
                    raised.add(a);
                    if (firstAlertLook == 0) {
                        firstAlertLook = look;
                    }
                }
            }
            if (raised.isEmpty() && Math.abs(z) > 1.959964) {
                rawSignificantBeforeAlert = true;
            }
        }
        // The arms differ strongly: a raw p < 0.05 appears well before the boundary is crossed.
        assertThat(rawSignificantBeforeAlert).isTrue();
        assertThat(firstExpectedLook).isPositive();
        assertThat(firstAlertLook).isEqualTo(firstExpectedLook);
        // With this seed the first look (c = 4.33) is not crossed; the alert waits for a later one.
        assertThat(firstAlertLook).isGreaterThan(1);
        assertThat(raised).hasSize(1);
        Alert alert = raised.get(0);
        assertThat(alert.rule()).isEqualTo("boundary-crossed");
        assertThat(alert.values().get("z")).isPositive();
        assertThat(alert.values().get("boundary")).isCloseTo(OBF_QUARTERS[firstAlertLook - 1],
                within(1e-6));
        assertThat(alert.values().get("looks")).isEqualTo((double) firstAlertLook);
        assertThat(alert.message()).contains("crosses").contains("O'Brien-Fleming");
        System.out.println("first alert at look " + firstAlertLook + ": " + alert.message());
    }
}
