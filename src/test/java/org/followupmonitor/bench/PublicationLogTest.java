package org.followupmonitor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PublicationLogTest {
    private static final long QUIET = 2_000;

    @Test
    void shouldCountAnEventAsIncludedOnlyInThePublicationAfterTheOneThatFirstSawIt() {
        PublicationLog log = new PublicationLog("os-by-arm");
        log.record(100, 5);
        log.record(300, 12);
        log.record(500, 20);
        // Event 3 was counted by the publication at 100, so the one at 300 contains it.
        assertThat(log.includedAt(3, QUIET, 600)).hasValue(300);
        // Event 6 was first counted at 300: included at 500, not at 300.
        assertThat(log.includedAt(6, QUIET, 600)).hasValue(500);
        assertThat(log.includedAt(12, QUIET, 600)).hasValue(500);
    }

    @Test
    void shouldAcceptTheLastPublicationOnlyAfterAQuietPeriod() {
        PublicationLog log = new PublicationLog("os-by-arm");
        log.record(100, 5);
        log.record(300, 20);
        assertThat(log.includedAt(15, QUIET, 300 + QUIET - 1)).isEmpty();
        assertThat(log.includedAt(15, QUIET, 300 + QUIET)).hasValue(300);
        // Never processed: never included, however long it is quiet.
        assertThat(log.includedAt(21, QUIET, 1_000_000)).isEmpty();
    }

    @Test
    void shouldReportNothingBeforeTheFirstPublication() {
        PublicationLog log = new PublicationLog("os-by-arm");
        assertThat(log.includedAt(1, QUIET, 1_000_000)).isEqualTo(OptionalLong.empty());
        assertThat(log.lastAt()).isEmpty();
        assertThat(log.size()).isZero();
    }

    @Test
    void nearestRankShouldReturnObservedValues() {
        double[] v = {5, 1, 4, 2, 3};
        assertThat(Percentiles.nearestRank(v, 0.5)).isEqualTo(3);
        assertThat(Percentiles.nearestRank(v, 0.99)).isEqualTo(5);
        assertThat(Percentiles.nearestRank(v, 0.2)).isEqualTo(1);
        assertThat(Percentiles.nearestRank(v, 0.21)).isEqualTo(2);
        assertThat(v).containsExactly(5, 1, 4, 2, 3);
        assertThatThrownBy(() -> Percentiles.nearestRank(new double[0], 0.5)).hasMessageContaining("no observations");
        assertThatThrownBy(() -> Percentiles.nearestRank(v, 0)).hasMessageContaining("(0, 1]");
    }

    @Test
    void relabelledEventsShouldRepeatTheCohortWithFreshIds() {
        var cohort = java.util.List.of(
                new org.followupmonitor.events.ClinicalEvent("e1", "p1", "S", java.time.LocalDate.of(2020, 1, 1), null,
                        new org.followupmonitor.events.Payload.Death(null)));
        var out = PipelineBench.relabelled(cohort, 3);
        assertThat(out).hasSize(3);
        assertThat(out).extracting(e -> e.eventId()).doesNotHaveDuplicates().doesNotContain("e1");
        assertThat(out).extracting(e -> e.patientId()).doesNotHaveDuplicates().doesNotContain("p1");
    }

    @Test
    void settingsShouldNameTheOptionOutOfRange() {
        assertThatThrownBy(() -> new BenchSettings(0, 10, 1, null, false)).hasMessageContaining("--patients");
        assertThatThrownBy(() -> new BenchSettings(1, 0, 1, null, false)).hasMessageContaining("--rate");
        assertThatThrownBy(() -> new BenchSettings(1, 10, 0, null, false)).hasMessageContaining("--seconds");
        assertThat(new BenchSettings(1, 10, 3, null, false).latencyEvents()).isEqualTo(30);
    }
}
