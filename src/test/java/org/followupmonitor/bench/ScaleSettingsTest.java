package org.followupmonitor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScaleSettingsTest {
    private static ScaleSettings of(int patients, int instances, String heap, List<String> jvm) {
        return new ScaleSettings(patients, instances, null, false, 100, heap, jvm, 50_000, 5_000);
    }

    private static ScaleSettings steady(int events, int rate) {
        return new ScaleSettings(10_000, 1, null, false, 100, "4g", List.of(), events, rate);
    }

    @Test
    void holdsBackOnePercentOfPatientsForTheRestartOnlyWithOneInstance() {
        assertThat(of(1_000_000, 1, "4g", List.of()).tailPatients()).isEqualTo(10_000);
        assertThat(of(2_000, 1, "4g", List.of()).tailPatients()).isEqualTo(20);
        assertThat(of(50, 1, "4g", List.of()).tailPatients()).isEqualTo(1);
        assertThat(of(1, 1, "4g", List.of()).tailPatients()).isZero();
        assertThat(of(2_000, 2, "4g", List.of()).tailPatients()).isZero();
    }

    @Test
    void namesTheOptionThatIsOutOfRange() {
        assertThatThrownBy(() -> of(2_000, 3, "4g", List.of())).hasMessageContaining("--instances");
        assertThatThrownBy(() -> of(0, 1, "4g", List.of())).hasMessageContaining("--patients");
        assertThatThrownBy(() -> of(10, 1, "4 GB", List.of())).hasMessageContaining("--monitor-heap");
        assertThatThrownBy(() -> of(10, 1, "4g", List.of("Xmx1g"))).hasMessageContaining("--monitor-jvm-option");
        assertThat(of(10, 1, "512m", List.of("-XX:+UseSerialGC")).jvmOptions()).containsExactly("-XX:+UseSerialGC");
        assertThatThrownBy(() -> steady(-1, 5_000)).hasMessage("--steady-events must be 0..1000000 (0: no steady "
                + "phase), was -1");
        assertThatThrownBy(() -> steady(1_000_001, 5_000)).hasMessageContaining("--steady-events");
        assertThatThrownBy(() -> steady(50_000, 0)).hasMessage("--steady-rate must be 1..1000000 events/s, was 0");
        assertThatThrownBy(() -> steady(50_000, 1_000_001)).hasMessageContaining("--steady-rate");
        assertThat(steady(0, 1).steadyEvents()).isZero();
        assertThat(steady(1_000_000, 1_000_000).steadyRate()).isEqualTo(1_000_000);
    }

    @Test
    void theResultLinesCarryEveryFigureAndRatesFromReadyToPublished() {
        ScaleResult r = new ScaleResult(1_000, 5_000, 50, 1, 10.0, 20.0, 2_000_000.0, 750_000.0, 100L << 20,
                400L << 20, ScaleResult.Steady.NONE, new ScaleResult.Restart(12.0, 21.5, 30.0), 2_000_000);
        assertThat(r.backfillEventsPerSecond()).isEqualTo(500.0);
        assertThat(r.lines()).contains("backfill events/s: 500.0\n", "cpu us/event: 2000.00\ncpu us/event second half: 750.00\n",
                "live heap MB: 100.0\n", "live heap bytes/patient: 104857.6\n", "peak RSS MB: 400.0\n",
                "restart to correct publication s: 30.0\nrestart ready s: 12.0\nrestart first publication s: 21.5\n",
                "state-store bytes/patient: 2000.0\n");
        // Without the steady phase its figures say they were not measured.
        assertThat(r.lines()).contains("steady events: 0\n", "steady cpu us/event: NaN\n",
                "steady cpu us/event less JIT: NaN\n", "steady cpu us/event second half: NaN\n",
                "steady cpu us/event by thread group: NaN\n");
    }

    @Test
    void steadyCostIsTheGroupsSumOverTheEventsOfferedAndTheStoreIsPerPatientHeld() {
        java.util.Map<String, Long> toProcessed = new java.util.LinkedHashMap<>();
        toProcessed.put(ThreadCpu.P_FRONT, 3_000_000_000L);
        toProcessed.put(ThreadCpu.P_GC, 1_000_000_000L);
        toProcessed.put(ThreadCpu.P_JIT, 500_000_000L);
        java.util.Map<String, Long> toPublished = new java.util.LinkedHashMap<>(toProcessed);
        toPublished.put(ThreadCpu.P_COX, 1_000_000_000L);
        // The second half: 26,000 events processed after half were sent, 1.3 s of CPU of which 0.26 s the JIT's.
        ScaleResult.Steady steady = new ScaleResult.Steady(990, 1_000, 50_000, 4_999.5, 10.2, 11.9, toProcessed,
                toPublished, 26_000, Map.of(ThreadCpu.P_FRONT, 1_040_000_000L, ThreadCpu.P_JIT, 260_000_000L));
        assertThat(steady.secondHalfCpuNanosPerEvent()).isEqualTo(50_000.0);
        assertThat(steady.secondHalfCpuNanosPerEventLessJit()).isEqualTo(40_000.0);
        // 4.5 s of CPU over 50,000 events: 90 µs each, 80 less the JIT's; 5.5 s to the publication: 110 µs.
        assertThat(steady.cpuNanosPerEvent()).isEqualTo(90_000.0);
        assertThat(steady.cpuNanosPerEventLessJit()).isEqualTo(80_000.0);
        assertThat(steady.cpuNanosPerEventToPublication()).isEqualTo(110_000.0);
        ScaleResult r = new ScaleResult(1_000, 5_000, 50, 1, 10.0, 20.0, 2_000_000.0, 750_000.0, 100L << 20,
                400L << 20, steady, new ScaleResult.Restart(12.0, 21.5, 30.0), 2_000_000);
        assertThat(r.lines()).contains("steady events: 50000\nsteady patients held before: 990\n"
                + "steady patients added: 1000\nsteady offered events/s: 4999.5\nsteady s: 10.2\n"
                + "steady s to publication: 11.9\nsteady cpu us/event: 90.00\nsteady cpu us/event less JIT: 80.00\n"
                + "steady cpu us/event second half: 50.00\nsteady cpu us/event second half less JIT: 40.00\n"
                + "steady cpu us/event to publication: 110.00\n"
                + "steady cpu us/event by thread group: front stream threads 60.00; GC 20.00; JIT compilers 10.00\n"
                + "steady cpu us/event to publication by thread group: front stream threads 60.00; GC 20.00; "
                + "JIT compilers 10.00; Cox fits 20.00\nrestart to correct publication s: 30.0\n",
                // 2,000,000 bytes for the 1,000 patients of the cohort and the 1,000 the steady phase added.
                "state-store bytes/patient: 1000.0\n");
    }

    @Test
    void theSteadySliceIsTheFewestFirstPatientsReachingTheEventsAsked() {
        assertThat(ScaleBench.patientsFor(10, List.of(4, 5, 6, 7))).isEqualTo(3); // 4 + 5 < 10 <= 4 + 5 + 6
        assertThat(ScaleBench.patientsFor(9, List.of(4, 5, 6, 7))).isEqualTo(2); // exactly reached
        assertThat(ScaleBench.patientsFor(22, List.of(4, 5, 6, 7))).isEqualTo(4);
        assertThat(ScaleBench.patientsFor(1, List.of(4))).isEqualTo(1);
        assertThatThrownBy(() -> ScaleBench.patientsFor(23, List.of(4, 5, 6, 7)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("fewer than 23");
        assertThat(ScaleBench.steadyLine("SYN-000042,khi,2015-01-02")).isEqualTo("STEADY-000042,khi,2015-01-02");
        assertThatThrownBy(() -> ScaleBench.steadyLine("P1,khi")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSteadySliceIsTheSameWhateverTheCohortAndHoldsTheEventsAsked(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        List<String> rows = ScaleBench.steadySlice(dir.resolve("a.csv"), 2_000);
        assertThat(ScaleBench.steadySlice(dir.resolve("b.csv"), 2_000)).isEqualTo(rows);
        assertThat(rows).allMatch(r -> r.startsWith(ScaleBench.STEADY_ID_PREFIX));
        // The candidates' file is scratch: removed once counted.
        assertThat(dir.resolve("a.csv")).doesNotExist();
        java.nio.file.Path file = dir.resolve("steady.csv");
        java.nio.file.Files.writeString(file, org.followupmonitor.synthetic.RegistryRow.csvHeader() + "\n"
                + String.join("\n", rows) + "\n");
        long[] events = {0};
        long[] patients = {0};
        new org.followupmonitor.events.file.RegistryImporter(
                org.followupmonitor.events.file.RegistryImporter.Options.defaults())
                .forEachPatient(file, p -> {
                    patients[0]++;
                    events[0] += p.events().size();
                });
        assertThat(patients[0]).isEqualTo(rows.size());
        // At least the events asked, and less than one more patient's worth (no patient has 20 events).
        assertThat(events[0]).isBetween(2_000L, 2_020L);
    }

    @Test
    void secondHalfCostIsCpuBetweenTheMarksOverTheEventsProcessedBetweenThem() {
        ScaleResult.Mark half = new ScaleResult.Mark(2_600, 9_000_000_000L);
        ScaleResult.Mark end = new ScaleResult.Mark(5_100, 10_000_000_000L);
        // 1 s of CPU over 2,500 events, not over the 5,100 processed in all nor over the CPU since the start.
        assertThat(ScaleResult.perEvent(half, end)).isEqualTo(400_000.0);
        assertThat(ScaleResult.perEvent(end, end)).isNaN();
        assertThat(new ScaleResult.Mark(2_499, 0).pastHalfOf(5_000)).isFalse();
        assertThat(new ScaleResult.Mark(2_500, 0).pastHalfOf(5_000)).isTrue();
        assertThat(new ScaleResult.Mark(2_500, 0).pastHalfOf(5_001)).isFalse();
    }
}
