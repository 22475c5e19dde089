package org.followupmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.AnalysisResult.Look;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.analysis.Privacy;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.EventSamples;
import org.followupmonitor.events.Payload;
import org.followupmonitor.events.avro.DeathCause;
import org.followupmonitor.events.avro.FollowUpStatus;
import org.followupmonitor.events.avro.ReceptorStatus;
import org.followupmonitor.events.file.EventJson;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.survival.LogRank;
import org.followupmonitor.survival.StratifiedRiskTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trial-like cohort whose survival differs strongly between two arms, seen monthly until death: {@code analyze}'s
 * look history takes its looks at the data cuts where the deaths first reach 25%, 50%, 75% and 100% of the planned
 * events, each computed on what was known on that day (an independent computation from the raw dates here), with
 * O'Brien-Fleming-type boundaries from the looks' actual fractions ({@link NaiveBoundaries}); the boundary-crossed
 * alert is raised at the first look where |z| reaches its boundary, with that look's numbers, although the raw
 * log-rank p falls below 0.05 earlier.
 */
class BoundaryAlertCohortTest {
    private static final long SEED = 20021127L;
    private static final LocalDate DAY0 = LocalDate.parse("2000-01-01");
    private static final int CONTACT_EVERY = 30;
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

    @TempDir
    Path dir;

    /** One patient: calendar day of entry, arm, calendar day of death. */
    private record Patient(int entry, int arm, int death) {
        /** The last day the patient was seen on or before the cut: death, or the last monthly contact. */
        int lastSeen(int cut) {
            if (death <= cut) {
                return death;
            }
            return entry + CONTACT_EVERY * ((cut - entry) / CONTACT_EVERY);
        }
    }

    @Test
    void boundaryAlertFollowsTheFirstCrossingDataCutAndNotARawP() throws Exception {
        System.out.println("BoundaryAlertCohortTest seed " + SEED);
        SplittableRandom random = new SplittableRandom(SEED);
        List<Patient> cohort = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            int arm = i % 2;
            // Exponential survival, median 1500 days in arm 0 and 1000 in arm 1 (hazard ratio 1.5).
            double median = arm == 0 ? 1500 : 1000;
            int survival = 1 + (int) (-Math.log(1 - random.nextDouble()) * median / Math.log(2));
            int entry = random.nextInt(1000);
            Patient p = new Patient(entry, arm, entry + survival);
            cohort.add(p);
            String id = "P" + i;
            lines.add(EventJson.write(event(id, "dx", entry, EventSamples.diagnosis(2, 2, ReceptorStatus.POSITIVE,
                    ReceptorStatus.POSITIVE, ReceptorStatus.NEGATIVE, 10.0))));
            if (arm == 1) {
                lines.add(EventJson.write(event(id, "op", entry, new Payload.Surgery(null, null))));
            }
            for (int d = entry + CONTACT_EVERY; d < p.death(); d += CONTACT_EVERY) {
                lines.add(EventJson.write(event(id, "fu" + d, d, new Payload.FollowUp(FollowUpStatus.UNKNOWN))));
            }
            lines.add(EventJson.write(event(id, "death", p.death(), new Payload.Death(DeathCause.OTHER))));
        }
        Path file = Files.write(dir.resolve("trial.jsonl"), lines);
        AnalysisDefinition definition = Results.definition(YAML);
        AnalysisResult result = BatchAnalysis.run(file, List.of(definition), RegistryImporter.Options.defaults(), 11,
                new SequentialMonitoring(), n -> { }).results().get(0);
        List<Look> looks = result.monitoring().looks();

        // Independent expectation: cut on the day of the 50th, 100th, 150th, 200th death, all that was known then.
        int[] deathDays = cohort.stream().mapToInt(Patient::death).sorted().toArray();
        int[] cutEvents = new int[4];
        double[] information = new double[4];
        double[] spent = new double[4];
        double[] z = new double[4];
        boolean rawSignificantEarlier = false;
        for (int k = 0; k < 4; k++) {
            int cut = deathDays[50 * (k + 1) - 1];
            List<Patient> entered = cohort.stream().filter(p -> p.entry() <= cut).toList();
            int[] days = new int[entered.size()];
            boolean[] event = new boolean[entered.size()];
            int[] group = new int[entered.size()];
            for (int i = 0; i < days.length; i++) {
                Patient p = entered.get(i);
                event[i] = p.death() <= cut;
                days[i] = p.lastSeen(cut) - p.entry();
                group[i] = p.arm(); // no-surgery (arm 0) is the reference level, listed first
                cutEvents[k] += event[i] ? 1 : 0;
            }
            z[k] = LogRankZ.twoGroup(LogRank.test(StratifiedRiskTables.ofDays(2, 1, days, event, group, null)));
            // Spending time capped at 1; the correlation between looks from the events observed (over-running).
            information[k] = cutEvents[k] / 200.0;
            spent[k] = NaiveBoundaries.obfSpent(Math.min(1, information[k]), 0.05);
            Look look = looks.get(k);
            assertThat(look.cutDate()).isEqualTo(DAY0.plusDays(cut).toString());
            assertThat(look.events()).isEqualTo(cutEvents[k]).isGreaterThanOrEqualTo(50 * (k + 1));
            assertThat(look.z()).as("z at look " + (k + 1)).isCloseTo(z[k], within(1e-12));
        }
        double[] boundaries = NaiveBoundaries.boundaries(information, spent);
        int firstExpected = 0;
        for (int k = 0; k < 4; k++) {
            assertThat(looks.get(k).boundary()).isCloseTo(boundaries[k], within(1e-6));
            boolean crossed = Math.abs(z[k]) >= boundaries[k];
            assertThat(looks.get(k).crossed()).isEqualTo(crossed);
            if (crossed && firstExpected == 0) {
                firstExpected = k + 1;
            }
            if (firstExpected == 0 && Math.abs(z[k]) > 1.959964) {
                rawSignificantEarlier = true;
            }
        }
        assertThat(looks).hasSize(4);
        assertThat(looks.get(3).finalLook()).isTrue();
        // The arms differ strongly: a raw p < 0.05 appears before the boundary is crossed, and the first look
        // (c near 4.3) is not crossed.
        assertThat(firstExpected).isGreaterThan(1);
        assertThat(rawSignificantEarlier).isTrue();

        AlertEvaluator.Evaluation ev = new AlertEvaluator(new Privacy(11)).evaluate(definition, result,
                AlertState.EMPTY);
        assertThat(ev.alerts()).hasSize(1);
        Alert alert = ev.alerts().get(0);
        assertThat(alert.rule()).isEqualTo("boundary-crossed");
        assertThat(alert.state()).isEqualTo("raised");
        assertThat(alert.values().get("look")).isEqualTo((double) firstExpected);
        assertThat(alert.values().get("z")).isEqualTo(looks.get(firstExpected - 1).z());
        assertThat(alert.values().get("boundary")).isCloseTo(boundaries[firstExpected - 1], within(1e-6));
        assertThat(alert.message()).contains("crosses").contains("O'Brien-Fleming")
                .contains(looks.get(firstExpected - 1).cutDate());
        System.out.println("first alert at look " + firstExpected + ": " + alert.message());
    }

    private static ClinicalEvent event(String patient, String kind, int day, Payload payload) {
        return EventSamples.event(patient + "-" + kind, DAY0.plusDays(day).toString(), payload).withPatientId(patient);
    }
}
