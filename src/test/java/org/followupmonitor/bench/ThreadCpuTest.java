package org.followupmonitor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

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
        // The scale bench's child: application id followup-monitor-bench-scale, its release stage's ...-release.
        assertThat(ThreadCpu.group("followup-monitor-bench-scale-release-" + uuid + "-StreamThread-1"))
                .isEqualTo(ThreadCpu.RELEASE);
        assertThat(ThreadCpu.group("followup-monitor-bench-scale-" + uuid + "-StreamThread-1")).isEqualTo(ThreadCpu.FRONT);
        assertThat(ThreadCpu.group("kafka-producer-network-thread | followup-monitor-bench-scale-release-" + uuid
                + "-StreamThread-1-producer")).isEqualTo(ThreadCpu.STREAMS_IO);
    }

    /** A {@code jcmd PID Thread.print} of a monitor process, shortened (JDK 17: native ids in hex). */
    private static final String PRINT = """
            2026-12-05 10:51:02
            Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1 mixed mode, sharing):

            Threads class SMR info:
            _java_thread_list=0x00007f3b18003d10, length=5, elements={
            0x00007f3b6c027390, 0x00007f3b6c1493d0
            }

            "main" #1 prio=5 os_prio=0 cpu=1412.33ms elapsed=62.50s tid=0x00007f3b6c027390 nid=0x1f41 waiting on condition  [0x00007f3b72bfe000]
               java.lang.Thread.State: WAITING (parking)
            	at jdk.internal.misc.Unsafe.park(java.base@17.0.15/Native Method)

            "C2 CompilerThread0" #14 daemon prio=9 os_prio=0 cpu=25210.02ms elapsed=62.48s tid=0x00007f3b6c1493d0 nid=0x1f4f waiting on condition  [0x0000000000000000]
               java.lang.Thread.State: RUNNABLE
               No compile task

            "followup-monitor-bench-scale-0b8e1c1e-6a53-4d2a-9a3e-2f3c9d1a7b11-StreamThread-2" #41 daemon prio=5 os_prio=0 cpu=31500.75ms elapsed=55.01s tid=0x00007f3ab4012340 nid=0x1f81 runnable  [0x00007f3a9f7fd000]
               java.lang.Thread.State: RUNNABLE

            "followup-monitor-bench-scale-release-5d2c0a7e-0f3e-4b6a-8c1d-9e2f3a4b5c6d-StreamThread-1" #52 daemon prio=5 os_prio=0 cpu=2100.00ms elapsed=54.90s tid=0x00007f3ab4022340 nid=0x1f90 waiting on condition  [0x00007f3a9e5fd000]

            "kafka-producer-network-thread | followup-monitor-bench-scale-0b8e1c1e-6a53-4d2a-9a3e-2f3c9d1a7b11-StreamThread-2-producer" #43 daemon prio=5 os_prio=0 cpu=900.10ms elapsed=54.99s tid=0x00007f3ab4032340 nid=0x1f83 runnable  [0x00007f3a9f3fd000]

            "kafka-coordinator-heartbeat-thread | followup-monitor-bench-scale" #45 daemon prio=5 os_prio=0 cpu=12.00ms elapsed=54.98s tid=0x00007f3ab4042340 nid=0x1f85 waiting on condition  [0x00007f3a9effd000]

            "followup-monitor-cox-fits-3" #77 daemon prio=5 os_prio=0 cpu=4400.00ms elapsed=30.00s tid=0x00007f3ab4052340 nid=0x2001 waiting on condition  [0x00007f3a9ebfd000]

            "followup-monitor-release-plans" #60 daemon prio=5 os_prio=0 cpu=310.40ms elapsed=54.00s tid=0x00007f3ab4062340 nid=0x1fa0 waiting on condition  [0x00007f3a9e7fd000]

            "api-http" #30 daemon prio=5 os_prio=0 cpu=40.00ms elapsed=58.00s tid=0x00007f3ab4072340 nid=0x1f70 waiting on condition  [0x00007f3a9e3fd000]

            "Reference Handler" #2 daemon prio=10 os_prio=0 cpu=1.52ms elapsed=62.49s tid=0x00007f3b6c13f6b0 nid=0x1f49 waiting on condition  [0x00007f3b50ffe000]

            "VM Thread" os_prio=0 cpu=455.10ms elapsed=62.49s tid=0x00007f3b6c13e2d0 nid=0x1f48 runnable

            "GC Thread#0" os_prio=0 cpu=3120.50ms elapsed=62.50s tid=0x00007f3b6c0574f0 nid=0x1f43 runnable

            "G1 Conc#0" os_prio=0 cpu=800.25ms elapsed=62.50s tid=0x00007f3b6c068a30 nid=0x1f44 runnable

            "VM Periodic Task Thread" os_prio=0 cpu=28.01ms elapsed=62.45s tid=0x00007f3b6c1a5c40 nid=0x1f55 waiting on condition

            JNI global refs: 25, weak refs: 0

            """;

    @Test
    void readsEveryThreadOfAThreadPrintWithItsNativeIdAndGroup() {
        List<ThreadCpu.DumpedThread> threads = ThreadCpu.parseThreadDump(PRINT);
        assertThat(threads).hasSize(14);
        assertThat(threads.get(0)).isEqualTo(new ThreadCpu.DumpedThread("main", 0x1f41, true, 1412.33));
        assertThat(threads.get(11)).isEqualTo(new ThreadCpu.DumpedThread("GC Thread#0", 0x1f43, false, 3120.50));
        Map<String, String> groups = threads.stream().collect(Collectors.toMap(ThreadCpu.DumpedThread::name,
                ThreadCpu::processGroup));
        assertThat(groups).containsEntry("main", ThreadCpu.P_OTHER)
                .containsEntry("C2 CompilerThread0", ThreadCpu.P_JIT)
                .containsEntry("followup-monitor-bench-scale-0b8e1c1e-6a53-4d2a-9a3e-2f3c9d1a7b11-StreamThread-2",
                        ThreadCpu.P_FRONT)
                .containsEntry("followup-monitor-bench-scale-release-5d2c0a7e-0f3e-4b6a-8c1d-9e2f3a4b5c6d"
                        + "-StreamThread-1", ThreadCpu.P_RELEASE)
                .containsEntry("kafka-producer-network-thread | followup-monitor-bench-scale-0b8e1c1e-6a53-4d2a-9a3e"
                        + "-2f3c9d1a7b11-StreamThread-2-producer", ThreadCpu.P_KAFKA_IO)
                .containsEntry("kafka-coordinator-heartbeat-thread | followup-monitor-bench-scale", ThreadCpu.P_KAFKA_IO)
                .containsEntry("followup-monitor-cox-fits-3", ThreadCpu.P_COX)
                .containsEntry("followup-monitor-release-plans", ThreadCpu.P_PLANS)
                .containsEntry("api-http", ThreadCpu.P_HTTP)
                .containsEntry("Reference Handler", ThreadCpu.P_OTHER)
                .containsEntry("VM Thread", ThreadCpu.P_VM)
                .containsEntry("GC Thread#0", ThreadCpu.P_GC)
                .containsEntry("G1 Conc#0", ThreadCpu.P_GC)
                .containsEntry("VM Periodic Task Thread", ThreadCpu.P_VM);
        // Later JDKs print the native id in decimal (and it in brackets after the number).
        assertThat(ThreadCpu.parseThreadDump("\"main\" #1 [8001] prio=5 os_prio=0 cpu=10.00ms elapsed=1.00s "
                + "tid=0x00007f3b6c027390 nid=8001 runnable  [0x00007f3b72bfe000]"))
                .containsExactly(new ThreadCpu.DumpedThread("main", 8001, true, 10.0));
    }

    @Test
    void aProcessSplitAddsUpToTheProcessAndLeavesEndedAndUnnamedThreadsInTheRest() {
        Map<Long, String> named = ThreadCpu.processGroups(List.of(ThreadCpu.parseThreadDump(PRINT)));
        // Before: two threads; after: one of them on (+3 s), a new GC worker (2 s), a thread no print named (0.5 s),
        // and the process 7 s more: 1.5 s of it was used by threads gone or unnamed.
        ThreadCpu.Snapshot before = new ThreadCpu.Snapshot(Map.of(0x1f81L, 10_000_000_000L, 0x2001L, 4_000_000_000L),
                Map.of(), 30_000_000_000L, 0);
        ThreadCpu.Snapshot after = new ThreadCpu.Snapshot(Map.of(0x1f81L, 13_000_000_000L, 0x1f43L, 2_000_000_000L,
                0x9999L, 500_000_000L), Map.of(), 37_000_000_000L, 1).withGroups(named);
        Map<String, Long> by = ThreadCpu.betweenProcessGroups(before, after);
        assertThat(by.keySet()).containsExactlyElementsOf(
                java.util.stream.Stream.concat(ThreadCpu.PROCESS_GROUPS.stream(), java.util.stream.Stream.of(
                        ThreadCpu.P_ENDED)).toList());
        assertThat(by).containsEntry(ThreadCpu.P_FRONT, 3_000_000_000L).containsEntry(ThreadCpu.P_GC, 2_000_000_000L)
                .containsEntry(ThreadCpu.P_COX, 0L).containsEntry(ThreadCpu.P_ENDED, 2_000_000_000L);
        assertThat(by.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(7_000_000_000L);
    }

    /** {@code jcmd} on this very JVM: the print names this thread, and its native ids are this process's tasks. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void readsALiveThreadPrintAndSplitsThisProcessByIt() throws Exception {
        long pid = ProcessHandle.current().pid();
        ThreadCpu.Snapshot before = ThreadCpu.ofProcess(pid);
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid), "Thread.print").redirectErrorStream(true).start();
        String print = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jcmd.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(jcmd.exitValue()).as(print).isZero();
        ThreadCpu.Snapshot after = ThreadCpu.ofProcess(pid);

        List<ThreadCpu.DumpedThread> threads = ThreadCpu.parseThreadDump(print);
        String me = Thread.currentThread().getName();
        ThreadCpu.DumpedThread mine = threads.stream().filter(t -> t.name().equals(me)).findFirst().orElseThrow();
        assertThat(mine.java()).isTrue();
        assertThat(mine.cpuMillis()).isPositive();
        // This thread is alive, so its native id is one of this process's tasks.
        assertThat(Files.exists(Path.of("/proc", String.valueOf(pid), "task", String.valueOf(mine.nativeId()))))
                .isTrue();
        assertThat(threads).anyMatch(t -> !t.java() && ThreadCpu.processGroup(t).equals(ThreadCpu.P_VM));
        assertThat(threads).anyMatch(t -> ThreadCpu.processGroup(t).equals(ThreadCpu.P_JIT));
        Map<String, Long> by = ThreadCpu.betweenProcessGroups(before,
                after.withGroups(ThreadCpu.processGroups(List.of(threads))));
        assertThat(by.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(after.process() - before.process());
        assertThat(by.values()).allMatch(ns -> ns % 10_000_000L == 0); // whole clock ticks
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
