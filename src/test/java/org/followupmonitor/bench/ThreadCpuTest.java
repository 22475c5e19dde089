package org.followupmonitor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThreadCpuTest {
    @Test
    void groupsThreadsByTheNamesStreamsAndTheMonitorGiveThem() {
        String uuid = "0b8e1c1e-6a53-4d2a-9a3e-2f3c9d1a7b11";
        assertThat(ThreadCpu.group("followup-monitor-bench-floor-" + uuid + "-StreamThread-1")).isEqualTo(ThreadCpu.FLOOR);
        assertThat(ThreadCpu.group("followup-monitor-bench-" + uuid + "-StreamThread-2")).isEqualTo(ThreadCpu.FRONT);
        assertThat(ThreadCpu.group("followup-monitor-bench-release-" + uuid + "-StreamThread-1"))
                .isEqualTo(ThreadCpu.RELEASE);
        assertThat(ThreadCpu.group("kafka-producer-network-thread | followup-monitor-bench-" + uuid
                + "-StreamThread-1-producer")).isEqualTo(ThreadCpu.STREAMS_IO);
        assertThat(ThreadCpu.group("kafka-producer-network-thread | producer-3")).isEqualTo(ThreadCpu.OTHER);
        assertThat(ThreadCpu.group("followup-monitor-cox-fits-1")).isEqualTo(ThreadCpu.HELPERS);
        assertThat(ThreadCpu.group("data-plane-kafka-request-handler-0")).isEqualTo(ThreadCpu.OTHER);
    }

    @Test
    void aSnapshotAccountsForTheWholeProcess() {
        ThreadCpu.Snapshot before = ThreadCpu.snapshot();
        long x = 0;
        for (int i = 0; i < 20_000_000; i++) {
            x += Long.numberOfTrailingZeros(i ^ x);
        }
        ThreadCpu.Snapshot after = ThreadCpu.snapshot();
        assertThat(x).isPositive();
        java.util.Map<String, Long> between = ThreadCpu.between(before, after);
        long sum = between.values().stream().mapToLong(Long::longValue).sum();
        assertThat(sum).isEqualTo(after.process() - before.process());
        // This thread's loop is in the "other" group, and no thread of this test is a stream thread.
        assertThat(between.get(ThreadCpu.OTHER)).isGreaterThan(0);
        assertThat(between.get(ThreadCpu.FRONT)).isZero();
        assertThat(ThreadCpu.line("test", before, after, 10)).startsWith("CPU by thread group, test (10 events");
    }
}
