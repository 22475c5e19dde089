package org.followupmonitor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PublicationLogTest {
    @Test
    void shouldCountEventsAsIncludedOnlyWhenEveryPartitionHasPassedThem() {
        PublicationLog log = new PublicationLog("os-by-arm", 2);
        log.record(100, new long[] {5, 0});
        log.record(300, new long[] {12, 3});
        log.record(500, new long[] {20, 9});
        assertThat(log.includedAt(new long[] {3, 0})).hasValue(100);
        assertThat(log.includedAt(new long[] {3, 1})).hasValue(300);
        assertThat(log.includedAt(new long[] {13, 1})).hasValue(500);
        assertThat(log.includedAt(new long[] {21, 0})).isEmpty();
    }

    @Test
    void shouldTellWhenEachStageFirstReachedTheEventsOfTheTimedAnalysisOnly() {
        PublicationLog log = new PublicationLog("os-by-arm", 2);
        var computed = org.followupmonitor.stream.ResultListener.Stage.COMPUTED;
        log.reached(computed, "os-by-arm", 1_000, java.util.Map.of(0, 5L, 1, 2L));
        log.reached(computed, "other", 1_100, java.util.Map.of(0, 50L, 1, 50L));
        log.reached(computed, "os-by-arm", 1_200, java.util.Map.of(0, 9L, 1, 4L));
        assertThat(log.reachedAt(computed, new long[] {5, 2})).hasValue(1_000);
        assertThat(log.reachedAt(computed, new long[] {6, 2})).hasValue(1_200);
        assertThat(log.reachedAt(computed, new long[] {10, 0})).isEmpty();
        assertThat(log.reachedAt(org.followupmonitor.stream.ResultListener.Stage.RECEIVED, new long[] {1, 1})).isEmpty();
        assertThat(log.reachedAt(null, new long[] {1, 1})).isEmpty(); // no publication yet
    }

    @Test
    void shouldPartitionKeysAsTheProducerDoes() {
        // Kafka's default partitioner for a keyed record: murmur2 of the serialized key, made positive, mod n.
        for (String key : java.util.List.of("P1", "patient-0042", "Ωmega")) {
            byte[] bytes = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(PublicationLog.partitionOf(key, 3))
                    .isEqualTo(org.apache.kafka.clients.producer.internals.BuiltInPartitioner.partitionForKey(bytes, 3));
        }
    }

    @Test
    void shouldReportNothingBeforeTheFirstPublication() {
        PublicationLog log = new PublicationLog("os-by-arm", 3);
        assertThat(log.includedAt(new long[] {1, 0, 0})).isEqualTo(OptionalLong.empty());
        assertThat(log.size()).isZero();
        assertThatThrownBy(() -> new PublicationLog("x", 0)).hasMessageContaining("partitions");
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
        var out = PipelineBench.relabelled(cohort, 3, "L");
        var warmUp = PipelineBench.relabelled(cohort, 3, "W");
        assertThat(out).hasSize(3);
        assertThat(out).extracting(e -> e.eventId()).doesNotHaveDuplicates().doesNotContain("e1");
        assertThat(out).extracting(e -> e.patientId()).doesNotHaveDuplicates().doesNotContain("p1");
        // The warm-up and latency copies are patients of their own, not more events for the same ones.
        assertThat(warmUp).extracting(e -> e.patientId()).doesNotContainAnyElementsOf(
                out.stream().map(e -> e.patientId()).toList());
    }

    @Test
    void settingsShouldNameTheOptionOutOfRange() {
        assertThatThrownBy(() -> new BenchSettings(0, 10, 1, null, false, 200)).hasMessageContaining("--patients");
        assertThatThrownBy(() -> new BenchSettings(1, 0, 1, null, false, 200)).hasMessageContaining("--rate");
        assertThatThrownBy(() -> new BenchSettings(1, 10, 0, null, false, 200)).hasMessageContaining("--seconds");
        assertThatThrownBy(() -> new BenchSettings(1, 10, 1, null, false, 5)).hasMessageContaining("--debounce-ms");
        assertThat(new BenchSettings(1, 10, 3, null, false, 200).latencyEvents()).isEqualTo(30);
    }
}
