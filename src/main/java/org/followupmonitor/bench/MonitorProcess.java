package org.followupmonitor.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.followupmonitor.runtime.EmbeddedKafkaBroker;

/**
 * {@code followup-monitor run} in a child JVM, as an operator runs it: the scale bench measures the monitor's
 * own heap, resident set and CPU apart from the broker and the bench, and can {@code kill -9} it. Linux only
 * for the figures read from {@code /proc} (CPU time, peak resident set).
 */
final class MonitorProcess implements AutoCloseable {
    /** The application id of every bench monitor: instances with it share the partitions. */
    static final String APPLICATION_ID = "followup-monitor-bench-scale";
    /**
     * The consumer group's session timeout given to the child: a killed member holds its partitions until the
     * broker notices it is gone, 45 s by default; the kill-and-restart integration test uses 6 s too.
     */
    static final String SESSION_TIMEOUT_MS = "6000";
    private static final Pattern HEAP_USED = Pattern.compile("(?m)heap\\s+total\\s+\\d+K,\\s+used\\s+(\\d+)K");
    private static final Pattern EVENTS_PROCESSED = Pattern.compile("\"eventsProcessed\":(\\d+)");
    private static final Pattern VM_HWM = Pattern.compile("(?m)^VmHWM:\\s+(\\d+) kB");

    private final Process process;
    private final int httpPort;
    private final long startedAt;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private MonitorProcess(Process process, int httpPort, long startedAt) {
        this.process = process;
        this.httpPort = httpPort;
        this.startedAt = startedAt;
    }

    /**
     * Starts {@code run} with the bench's settings (privacy off, as the batch it is compared with).
     *
     * @param jvmOptions e.g. {@code -Xmx4g}, {@code -XX:StartFlightRecording=…}
     * @param log        where the child's standard output and error go
     */
    static MonitorProcess start(String bootstrap, String registryUrl, Path stateDir, int debounceMillis,
            int partitions, List<String> jvmOptions, Path log) throws IOException {
        int port = EmbeddedKafkaBroker.freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=org.followupmonitor",
                "-cp", System.getProperty("java.class.path"), "org.followupmonitor.cli.Main", "run",
                "--bootstrap", bootstrap, "--registry", registryUrl,
                "--http-host", "127.0.0.1", "--http-port", String.valueOf(port),
                "--state-dir", stateDir.toString(), "--application-id", APPLICATION_ID,
                "--privacy-min-cell-size", "0", "--debounce-ms", String.valueOf(debounceMillis),
                "--partitions", String.valueOf(partitions), "--log-level", "warn",
                "--kafka-property", "session.timeout.ms=" + SESSION_TIMEOUT_MS));
        Files.createDirectories(log.toAbsolutePath().getParent());
        long t = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new MonitorProcess(p, port, t);
    }

    /** {@link System#nanoTime()} just before the process was started. */
    long startedAt() {
        return startedAt;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The body of a 200 answer to GET {@code path}, null otherwise (not up yet, not found, refused). */
    String get(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Whether {@code /api/health} says ready (the streams application is running). */
    boolean ready() {
        String h = get("/api/health");
        return h != null && h.contains("\"ready\":true");
    }

    /** Events this instance's timeline stage processed since it started ({@code /api/health}); -1 when no answer. */
    long eventsProcessed() {
        String h = get("/api/health");
        Matcher m = h == null ? null : EVENTS_PROCESSED.matcher(h);
        return m != null && m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** User plus system CPU time of the whole process so far, nanoseconds ({@code /proc/PID/stat}). */
    long cpuNanos() throws IOException {
        return ThreadCpu.statCpuNanos(Files.readString(Path.of("/proc", String.valueOf(pid()), "stat")));
    }

    /** The CPU time of the process and of each of its threads now ({@link ThreadCpu#ofProcess}). */
    ThreadCpu.Snapshot threadCpu() throws IOException {
        return ThreadCpu.ofProcess(pid());
    }

    /** {@code jcmd PID Thread.print}: every thread's name and native id ({@link ThreadCpu#parseThreadDump}). */
    String threadDump() throws IOException, InterruptedException {
        return jcmd("Thread.print");
    }

    /** The peak resident set so far, bytes ({@code VmHWM} in {@code /proc/PID/status}). */
    long peakRssBytes() throws IOException {
        Matcher m = VM_HWM.matcher(Files.readString(Path.of("/proc", String.valueOf(pid()), "status")));
        if (!m.find()) {
            throw new IOException("no VmHWM in /proc/" + pid() + "/status");
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    /**
     * The heap in use right after a full collection, bytes: {@code jcmd PID GC.run} (a full GC, as
     * {@code System.gc()} is with G1) then {@code jcmd PID GC.heap_info}. What is left is what the monitor holds.
     */
    long liveHeapBytes() throws IOException, InterruptedException {
        jcmd("GC.run");
        Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
        if (!m.find()) {
            throw new IOException("jcmd GC.heap_info printed no heap usage");
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    /**
     * The live objects by class ({@code jcmd PID GC.class_histogram}, itself after a full GC): where the heap
     * {@link #liveHeapBytes} measured goes, for reading the bytes each patient costs.
     */
    String classHistogram() throws IOException, InterruptedException {
        return jcmd("GC.class_histogram");
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid()), command).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("jcmd " + command + " failed: " + out.strip());
        }
        return out;
    }

    /** {@code kill -9}: no shutdown hook runs, nothing is flushed or committed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: the monitor closes cleanly (state flushed, group left); waits for it to exit. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
