package org.followupmonitor.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time of this process by group of threads between two points of a bench phase ({@code bench --cpu-by-thread}).
 * Why: the bench runs the broker, the registry, its producer, the timeline floor and the monitor in one JVM on the
 * same cores, so wall-clock rates say how the machine was shared, not what each part costs; the CPU time of the
 * floor's stream threads against that of the monitor's threads, per event, is what bounds the pipeline/floor ratio
 * (README, Known limits). Two snapshots per phase, taken outside the timed work's threads.
 *
 * <p>Per thread: {@link ThreadMXBean#getThreadCpuTime} (user + system). The JVM's own threads (garbage collection,
 * the JIT compilers) are no Java threads and have no such figure: they are the process's CPU time
 * ({@code com.sun.management.OperatingSystemMXBean#getProcessCpuTime}) less the Java threads' sum, so what a Java
 * thread that ends during the phase used in it (its figure is gone with it) is counted there too.
 */
final class ThreadCpu {
    /** The groups, in the order they are printed. */
    static final String FLOOR = "floor stream threads";
    static final String FRONT = "monitor front stream threads";
    static final String RELEASE = "monitor release stream thread";
    static final String HELPERS = "monitor helpers (Cox fits, release plans)";
    static final String STREAMS_IO = "Streams clients' network threads";
    static final String OTHER = "broker, registry, bench producer, other Java threads";
    static final String VM = "GC, JIT and other JVM threads (process less Java threads)";

    /** CPU nanoseconds per live Java thread (by id) with its group at one moment, and the process's. */
    record Snapshot(Map<Long, Long> byThread, Map<Long, String> groups, long process, long wallNanos) {}

    private ThreadCpu() {}

    /** The group a thread belongs to, by the names Kafka Streams, Kafka's clients and the monitor give them. */
    static String group(String threadName) {
        boolean stream = threadName.contains("-StreamThread-");
        if (threadName.startsWith("kafka-producer-network-thread") || threadName.contains("kafka-coordinator-heartbeat")
                || threadName.contains("consumer_background_thread")) {
            return stream ? STREAMS_IO : OTHER;
        }
        if (stream) {
            if (threadName.startsWith("followup-monitor-bench-floor")) {
                return FLOOR;
            }
            return threadName.startsWith("followup-monitor-bench-release") ? RELEASE : FRONT;
        }
        if (threadName.startsWith("followup-monitor-cox-fits") || threadName.startsWith("followup-monitor-release-plans")
                || threadName.startsWith("followup-monitor-timeline-init")) {
            return HELPERS;
        }
        return OTHER;
    }

    static Snapshot snapshot() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        Map<Long, String> groups = new HashMap<>();
        if (mx.isThreadCpuTimeSupported() && mx.isThreadCpuTimeEnabled()) {
            for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
                if (info == null) {
                    continue; // ended since the ids were read
                }
                long ns = mx.getThreadCpuTime(info.getThreadId());
                if (ns >= 0) {
                    cpu.put(info.getThreadId(), ns);
                    groups.put(info.getThreadId(), group(info.getThreadName()));
                }
            }
        }
        long process = ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
        return new Snapshot(cpu, groups, process, System.nanoTime());
    }

    /**
     * CPU nanoseconds per group between two snapshots: each Java thread alive at the second counts from the first (or
     * from zero when it started in between); the JVM's own threads, and the Java threads that ended in between, are
     * the process's time less those ({@link #VM}).
     */
    static Map<String, Long> between(Snapshot before, Snapshot after) {
        Map<String, Long> by = new LinkedHashMap<>();
        for (String g : new String[] {FLOOR, FRONT, RELEASE, HELPERS, STREAMS_IO, OTHER}) {
            by.put(g, 0L);
        }
        long javaThreads = 0;
        for (Map.Entry<Long, Long> t : after.byThread().entrySet()) {
            long d = t.getValue() - before.byThread().getOrDefault(t.getKey(), 0L);
            by.merge(after.groups().get(t.getKey()), d, Long::sum);
            javaThreads += d;
        }
        by.put(VM, after.process() - before.process() - javaThreads);
        return by;
    }

    /**
     * One line: per group the CPU time between the snapshots in microseconds per event and its share of the wall time
     * (in cores), then the process's. A thread started during the phase counts from zero.
     */
    static String line(String phase, Snapshot before, Snapshot after, long events) {
        double wall = (after.wallNanos() - before.wallNanos()) / 1e9;
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "CPU by thread group, %s (%d events, %.2f s wall), us/event (cores):", phase, events, wall));
        between(before, after).forEach((g, d) -> {
            b.append(String.format(Locale.ROOT, " %s %.1f (%.2f);", g, d / 1e3 / events, d / 1e9 / wall));
        });
        long p = after.process() - before.process();
        b.append(String.format(Locale.ROOT, " process %.1f (%.2f)", p / 1e3 / events, p / 1e9 / wall));
        return b.toString();
    }
}
