package org.followupmonitor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScaleSettingsTest {
    private static ScaleSettings of(int patients, int instances, String heap, List<String> jvm) {
        return new ScaleSettings(patients, instances, null, false, 100, heap, jvm);
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
    }

    @Test
    void theResultLinesCarryEveryFigureAndRatesFromReadyToPublished() {
        ScaleResult r = new ScaleResult(1_000, 5_000, 50, 1, 10.0, 20.0, 2_000_000.0, 750_000.0, 100L << 20,
                400L << 20, new ScaleResult.Restart(12.0, 21.5, 30.0), 2_000_000);
        assertThat(r.backfillEventsPerSecond()).isEqualTo(500.0);
        assertThat(r.lines()).contains("backfill events/s: 500.0\n", "cpu us/event: 2000.00\ncpu us/event second half: 750.00\n",
                "live heap MB: 100.0\n", "live heap bytes/patient: 104857.6\n", "peak RSS MB: 400.0\n",
                "restart to correct publication s: 30.0\nrestart ready s: 12.0\nrestart first publication s: 21.5\n",
                "state-store bytes/patient: 2000.0\n");
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
