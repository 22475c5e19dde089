package org.followupmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.ingest.EventPublisher;
import org.followupmonitor.ingest.PublisherSettings;
import org.followupmonitor.ingest.ReplayEvents;
import org.followupmonitor.runtime.EmbeddedKafkaBroker;
import org.followupmonitor.runtime.LocalKafkaStack;
import org.followupmonitor.stream.Names;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees when {@code run} and {@code demo} start with their default options, counted on the real
 * executable jar in its own JVM: fewer than 30 lines before the first result is served, none of them Kafka's INFO
 * or a stack trace; and a start against a closed port is one line and exit 2. The lines are kept under
 * target/startup-lines-*.txt for a person to read.
 */
class StartupOutputIT {
    private static final Path JAR = Path.of("target", "followup-monitor.jar");
    private static final int MAX_LINES = 30;
    private static final Duration START = Duration.ofMinutes(4);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    /** A started process whose merged output is collected line by line. */
    private static final class Launched implements AutoCloseable {
        final Process process;
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        Launched(List<String> args) throws IOException {
            assertThat(JAR).as("the executable jar (mvn package builds it before the integration tests)").exists();
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx1g", "-jar", JAR.toString()));
            cmd.addAll(args);
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException ended) {
                    // the process is gone
                }
            }, "startup-output-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** The port in the first line matching {@code pattern} (group 1), once it has been printed. */
        int awaitPort(Pattern pattern) {
            int[] port = {-1};
            await().atMost(START).until(() -> {
                assertThat(process.isAlive() || port[0] > 0).as("process ended early:\n" + String.join("\n", lines))
                        .isTrue();
                synchronized (lines) {
                    for (String l : lines) {
                        Matcher m = pattern.matcher(l);
                        if (m.find()) {
                            port[0] = Integer.parseInt(m.group(1));
                        }
                    }
                }
                return port[0] > 0;
            });
            return port[0];
        }

        List<String> snapshot() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy(); // SIGTERM: the command's graceful stop
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The bundled study cohort's events, sent to {@code patient-events}. */
    private static void sendTheStudyCohort(LocalKafkaStack stack) throws Exception {
        ReplayEvents events = ReplayEvents.fromFile(Path.of("examples/study-cohort.csv"),
                RegistryImporter.Options.defaults());
        try (EventPublisher publisher = new EventPublisher(PublisherSettings.of(stack.bootstrapServers(),
                stack.registryUrl().toString(), Names.PATIENT_EVENTS))) {
            events.events().forEach(publisher::send);
            assertThat(publisher.flush().failed()).isZero();
        }
    }

    /** Whether the API on {@code port} serves a result of some analysis. */
    private boolean aResultIsServed(int port) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/api/analyses")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"available\":true");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The lines printed until the first result is served; asserted few and free of logs and stack traces. */
    private List<String> linesUntilFirstResult(Launched launched, int port, String name) throws IOException {
        await().atMost(START).until(() -> aResultIsServed(port));
        List<String> before = launched.snapshot();
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "startup-lines-" + name + ".txt"), before);
        assertThat(before).as(String.join("\n", before)).hasSizeLessThan(MAX_LINES);
        assertThat(before).noneMatch(l -> l.contains(" INFO ") || l.startsWith("INFO") || l.contains("Exception")
                || l.trim().startsWith("at "));
        return before;
    }

    @Test
    void demoPrintsFewerThan30LinesBeforeItsFirstResult() throws Exception {
        try (Launched demo = new Launched(List.of("demo", "--kafka-port", "0", "--registry-port", "0", "--http-port",
                "0", "--data-dir", dir.resolve("demo").toString()))) {
            int port = demo.awaitPort(Pattern.compile("^Dashboard: http://localhost:(\\d+)/"));
            List<String> lines = linesUntilFirstResult(demo, port, "demo");
            assertThat(lines).anyMatch(l -> l.startsWith("Replaying the synthetic study cohort (with follow-up contacts): 421 patients"));
        }
    }

    @Test
    void runPrintsFewerThan30LinesBeforeItsFirstResult() throws Exception {
        try (LocalKafkaStack stack = LocalKafkaStack.start(dir.resolve("kafka"), "localhost", 0, 0)) {
            sendTheStudyCohort(stack);
            try (Launched run = new Launched(List.of("run", "--bootstrap", stack.bootstrapServers(), "--registry",
                    stack.registryUrl().toString(), "--http-port", "0", "--state-dir", dir.resolve("state").toString()))) {
                int port = run.awaitPort(Pattern.compile("^followup-monitor running; dashboard and API on "
                        + "http://localhost:(\\d+)/"));
                linesUntilFirstResult(run, port, "run");
            }
        }
    }

    /**
     * After {@code kill -9} under exactly-once, Kafka Streams restores every store from its changelog. The restarted
     * {@code run} says so in its own few lines (how many records, then done) instead of Kafka's ERROR list of
     * "corrupted" tasks, and {@code /api/health} shows the restore while it lasts.
     */
    @Test
    void runRestartedAfterKill9ReportsItsRestoreInItsOwnLines() throws Exception {
        try (LocalKafkaStack stack = LocalKafkaStack.start(dir.resolve("kafka"), "localhost", 0, 0)) {
            sendTheStudyCohort(stack);
            List<String> args = List.of("run", "--bootstrap", stack.bootstrapServers(), "--registry",
                    stack.registryUrl().toString(), "--http-port", "0", "--state-dir", dir.resolve("state").toString());
            Pattern running = Pattern.compile("^followup-monitor running; dashboard and API on http://localhost:(\\d+)/");
            try (Launched first = new Launched(args)) {
                int port = first.awaitPort(running);
                await().atMost(START).until(() -> aResultIsServed(port));
                first.process.destroyForcibly(); // SIGKILL: no checkpoint is written, no transaction is closed
                assertThat(first.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            try (Launched second = new Launched(args)) {
                int port = second.awaitPort(running);
                await().atMost(START).until(() -> aResultIsServed(port));
                await().atMost(Duration.ofSeconds(60)).until(() -> second.snapshot().stream()
                        .anyMatch(l -> l.contains("local state restored: ")));
                List<String> lines = second.snapshot();
                Files.write(Path.of("target", "startup-lines-after-kill.txt"), lines);
                assertThat(lines).as(String.join("\n", lines))
                        .contains("WARN MonitorApp - restoring local state from the changelogs (after an "
                                + "unclean stop or a moved task); the API answers once it is done")
                        .anyMatch(l -> l.matches("WARN MonitorApp - local state restored: [0-9,]+ records in \\d+ "
                                + "store partitions?, \\d+ s"))
                        .noneMatch(l -> l.contains("TaskManager") || l.contains("Exception") || l.trim().startsWith("at "))
                        .hasSizeLessThan(MAX_LINES);
            }
        }
    }

    @Test
    void runAgainstAClosedPortPrintsOneLineAndExits2() throws Exception {
        int closed = EmbeddedKafkaBroker.freePort();
        try (Launched run = new Launched(List.of("run", "--bootstrap", "localhost:" + closed, "--registry",
                "http://localhost:" + closed, "--http-port", "0", "--state-dir", dir.resolve("state").toString(),
                "--startup-timeout", "5s"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !run.process.isAlive());
            assertThat(run.process.exitValue()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(10)).until(() -> !run.snapshot().isEmpty());
            assertThat(run.snapshot()).containsExactly("run: --bootstrap localhost:" + closed + ": no Kafka broker "
                    + "answered within 5 s (--startup-timeout); is Kafka running there, and is the address right?");
            Files.write(Path.of("target", "startup-lines-closed-port.txt"), run.snapshot());
        }
    }
}
