package org.followupmonitor.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.followupmonitor.stream.Names;

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
 *
 * <p>Of another process (a monitor in a child JVM, {@code bench --scale}'s steady phase, {@link #ofProcess}): per
 * native thread from {@code /proc/PID/task/TID/stat} and the process's from {@code /proc/PID/stat}, read together, so
 * the groups add up to the process's figure of the same moment; the threads' names come from {@code jcmd PID
 * Thread.print} ({@link #parseThreadDump}), matched by native id. That print also gives each thread's CPU time
 * ({@code cpu=…ms}), but {@code jcmd} needs a JVM start of its own (a few hundred ms) before it prints, while the
 * monitor works on, so those figures are not of the moment the process's was read.
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

    /** Groups of a monitor process's threads ({@link #processGroup}), in the order they are printed. */
    static final String P_FRONT = "front stream threads";
    static final String P_RELEASE = "release stream thread";
    static final String P_COX = "Cox fits";
    static final String P_PLANS = "release plans";
    static final String P_KAFKA_IO = "Kafka clients' network threads";
    static final String P_HTTP = "HTTP";
    static final String P_OTHER = "other Java threads";
    static final String P_JIT = "JIT compilers";
    static final String P_GC = "GC";
    static final String P_VM = "other JVM threads";
    /** The process's CPU time less its threads' at the end: threads that ended in between, unnamed ones, rounding. */
    static final String P_ENDED = "ended or unnamed threads";
    static final List<String> PROCESS_GROUPS = List.of(P_FRONT, P_RELEASE, P_COX, P_PLANS, P_KAFKA_IO, P_HTTP, P_OTHER,
            P_JIT, P_GC, P_VM);
    private static final List<String> IN_PROCESS_GROUPS = List.of(FLOOR, FRONT, RELEASE, HELPERS, STREAMS_IO, OTHER);

    /** A thread's header line in {@code jcmd PID Thread.print}: its name, Java thread number if any, native id. */
    private static final Pattern DUMP_LINE = Pattern.compile(
            "^\"(.*)\" (#\\d+ )?.*?\\bnid=(0x[0-9a-fA-F]+|\\d+)\\b");
    private static final Pattern DUMP_CPU = Pattern.compile("\\bcpu=([0-9.]+)ms\\b");
    private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

    /**
     * CPU nanoseconds per thread (by id: Java thread id in this process, native id in another) with its group at one
     * moment, and the process's. A thread without a group (not named) counts only in the process's figure.
     */
    record Snapshot(Map<Long, Long> byThread, Map<Long, String> groups, long process, long wallNanos) {
        /** The same figures with the groups given (by the same ids). */
        Snapshot withGroups(Map<Long, String> named) {
            return new Snapshot(byThread, Map.copyOf(named), process, wallNanos);
        }
    }

    /**
     * One thread of a {@code jcmd PID Thread.print}.
     *
     * @param name      as the thread named itself
     * @param nativeId  the operating system's thread id ({@code nid}; on Linux the TID under {@code /proc/PID/task})
     * @param java      whether it is a Java thread (the print numbers those, {@code #N}); GC workers and the VM
     *                  thread are not
     * @param cpuMillis its CPU time when printed; NaN when the print gives none
     */
    record DumpedThread(String name, long nativeId, boolean java, double cpuMillis) {}

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
            return isRelease(threadName) ? RELEASE : FRONT;
        }
        if (threadName.startsWith("followup-monitor-cox-fits") || threadName.startsWith("followup-monitor-release-plans")
                || threadName.startsWith("followup-monitor-timeline-init")) {
            return HELPERS;
        }
        return OTHER;
    }

    /**
     * The group of a monitor process's thread ({@code followup-monitor run} in a child JVM): the stream threads of
     * the front and the release applications apart ({@link #group}), Cox fitters ({@code followup-monitor-cox-*}),
     * release plans, every Kafka client's network thread, the API's HTTP threads; then HotSpot's compiler threads
     * (Java threads), its GC workers and its other non-Java threads (the VM thread, the periodic task thread).
     */
    static String processGroup(DumpedThread t) {
        String name = t.name();
        if (!t.java()) {
            return name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("ZGC")
                    || name.startsWith("Shenandoah") ? P_GC : P_VM;
        }
        if (name.contains("CompilerThread") || name.startsWith("Sweeper thread")) {
            return P_JIT;
        }
        if (name.startsWith("kafka-") || name.contains("consumer_background_thread")) {
            return P_KAFKA_IO;
        }
        if (name.startsWith("api-") || name.startsWith("HTTP-Dispatcher")) {
            return P_HTTP;
        }
        if (name.startsWith("followup-monitor-cox-")) {
            return P_COX;
        }
        if (name.startsWith("followup-monitor-release-plans")) {
            return P_PLANS;
        }
        return switch (group(name)) {
            case FRONT -> P_FRONT;
            case RELEASE -> P_RELEASE;
            default -> P_OTHER;
        };
    }

    /**
     * The threads of a {@code jcmd PID Thread.print} (HotSpot, JDK 11 and later), in the order printed: each header
     * line {@code "name" [#N] [daemon] prio=… os_prio=… cpu=…ms elapsed=…s tid=… nid=… state}, {@code nid} in hex
     * ({@code 0x…}, JDK 17) or decimal (later JDKs). Lines of stacks, locks and the JNI summary are skipped.
     */
    static List<DumpedThread> parseThreadDump(String text) {
        List<DumpedThread> out = new ArrayList<>();
        for (String line : text.split("\\R")) {
            Matcher m = DUMP_LINE.matcher(line);
            if (!m.find()) {
                continue;
            }
            String nid = m.group(3);
            long id = nid.startsWith("0x") ? Long.parseLong(nid.substring(2), 16) : Long.parseLong(nid);
            Matcher cpu = DUMP_CPU.matcher(line);
            out.add(new DumpedThread(m.group(1), id, m.group(2) != null,
                    cpu.find() ? Double.parseDouble(cpu.group(1)) : Double.NaN));
        }
        return out;
    }

    /**
     * The CPU time of process {@code pid} and of each of its threads now ({@code /proc}), by native thread id, with no
     * groups yet: the names come from a thread print taken after ({@link #processGroups}). Linux only.
     */
    static Snapshot ofProcess(long pid) throws IOException {
        Path proc = Path.of("/proc", String.valueOf(pid));
        long wall = System.nanoTime();
        Map<Long, Long> byThread = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
            for (Path task : tasks) {
                try {
                    byThread.put(Long.parseLong(task.getFileName().toString()),
                            statCpuNanos(Files.readString(task.resolve("stat"))));
                } catch (NoSuchFileException e) {
                    // The thread ended since the directory was listed: its time is in the process's from now on.
                }
            }
        }
        // The process's last: a thread's time read above is then never more than its share of the process's.
        return new Snapshot(byThread, Map.of(), statCpuNanos(Files.readString(proc.resolve("stat"))), wall);
    }

    /** User plus system CPU time, nanoseconds, from a {@code /proc/PID/stat} or {@code /proc/PID/task/TID/stat} line. */
    static long statCpuNanos(String stat) {
        // Fields after the command name (which may hold spaces) start after the last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
    }

    /** The {@link #processGroup} of each thread in the prints, by native id; a later print's name wins. */
    static Map<Long, String> processGroups(List<List<DumpedThread>> prints) {
        Map<Long, String> out = new HashMap<>();
        for (List<DumpedThread> print : prints) {
            for (DumpedThread t : print) {
                out.put(t.nativeId(), processGroup(t));
            }
        }
        return out;
    }

    /**
     * CPU nanoseconds per {@link #PROCESS_GROUPS group} of a monitor process between two {@link #ofProcess} snapshots,
     * the second with its groups: threads alive at the second count from the first (or from zero when they started in
     * between); {@link #P_ENDED} is the process's time less theirs: what threads that ended in between used (their
     * figures are gone with them), threads no print named, and the clock ticks' rounding (±10 ms per thread).
     */
    static Map<String, Long> betweenProcessGroups(Snapshot before, Snapshot after) {
        return between(before, after, PROCESS_GROUPS, P_ENDED);
    }

    /**
     * Whether a stream thread is the release stage's: Kafka Streams names it {@code <client id>-StreamThread-N}, the
     * client id being {@code <application id>-<process UUID>} unless set, and the release application's id ends in
     * {@link Names#RELEASE_APP_SUFFIX} (whatever the front's id: {@code followup-monitor-bench} in process,
     * {@code followup-monitor-bench-scale} in the scale bench's child).
     */
    private static boolean isRelease(String threadName) {
        String client = threadName.substring(0, threadName.indexOf("-StreamThread-"));
        client = client.substring(client.lastIndexOf(' ') + 1); // "kafka-producer-network-thread | <client>-..."
        String app = client.replaceFirst("-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", "");
        return app.endsWith(Names.RELEASE_APP_SUFFIX);
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
        return between(before, after, IN_PROCESS_GROUPS, VM);
    }

    /** Per group in {@code order} the threads' CPU time between the snapshots; {@code rest}: the process's less theirs. */
    private static Map<String, Long> between(Snapshot before, Snapshot after, List<String> order, String rest) {
        Map<String, Long> by = new LinkedHashMap<>();
        for (String g : order) {
            by.put(g, 0L);
        }
        long threads = 0;
        for (Map.Entry<Long, Long> t : after.byThread().entrySet()) {
            String group = after.groups().get(t.getKey());
            if (group == null) {
                continue; // not named: in the rest
            }
            long d = t.getValue() - before.byThread().getOrDefault(t.getKey(), 0L);
            by.merge(group, d, Long::sum);
            threads += d;
        }
        by.put(rest, after.process() - before.process() - threads);
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
