package org.followupmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.runtime.AppConfig;
import org.followupmonitor.runtime.EmbeddedKafkaBroker;
import org.followupmonitor.runtime.LocalKafkaStack;
import org.followupmonitor.runtime.MonitorApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} started the way a user would, against infrastructure that is not there or busy: a closed bootstrap
 * port, a taken HTTP port, an unreachable schema registry, a state directory another instance holds, a release-inputs
 * topic with more than one partition. Each ends by the
 * start-up deadline with exit 2 and one line naming the option, and leaves no stream thread and no member in the
 * consumer group behind.
 */
class StartupFaultsIT {
    /** The deadline given to every start; the commands must end by it (plus the teardown allowed below). */
    private static final Duration DEADLINE = Duration.ofSeconds(8);
    /** Closing what was opened after the deadline (an HTTP server, an admin client) and returning. */
    private static final Duration TEARDOWN = Duration.ofSeconds(7);

    @TempDir
    static Path dataDir;
    private static LocalKafkaStack stack;

    @TempDir
    Path state;

    @BeforeAll
    static void startStack() {
        stack = LocalKafkaStack.start(dataDir, "localhost", 0, 0);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    private record Ended(int exit, List<String> errLines, String out) {}

    /** Runs {@code run ARGS} on another thread and waits, at most until the deadline and teardown, for it to end. */
    private static Ended runUntilItEnds(List<String> args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("run", "--startup-timeout", DEADLINE.toSeconds() + "s"));
        all.addAll(args);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Main.commandLine()
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(all.toArray(String[]::new)));
        await().atMost(DEADLINE.plus(TEARDOWN)).until(exit::isDone);
        return new Ended(exit.get(), err.toString().lines().filter(l -> !l.isBlank()).toList(), out.toString());
    }

    private static void assertOneLineNaming(Ended ended, String option) {
        assertThat(ended.exit()).as(String.join("\n", ended.errLines())).isEqualTo(ExitCode.UNUSABLE.code());
        assertThat(ended.errLines()).hasSize(1);
        assertThat(ended.errLines().get(0)).startsWith("run: " + option).doesNotContain("Exception")
                .doesNotContain("at org.");
        assertThat(ended.out()).isEmpty();
    }

    /** Nothing of the application is left: no stream thread in this JVM, no member in its consumer group. */
    private static void assertNothingJoined(String applicationId, int membersExpected) throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(t -> t.isAlive() && t.getName().startsWith(applicationId + "-")
                        && t.getName().contains("StreamThread"))
                .isEmpty());
        await().atMost(Duration.ofSeconds(30)).until(() -> members(applicationId) == membersExpected);
        // The release stage's application of its own (MonitorApp): one member when the monitor runs.
        await().atMost(Duration.ofSeconds(30)).until(() -> members(applicationId + "-release")
                == (membersExpected == 0 ? 0 : 1));
    }

    private static int members(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            return admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group).members()
                    .size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return 0;
            }
            throw e;
        }
    }

    @Test
    void aClosedBootstrapPortEndsAtTheDeadlineInOneLine() throws Exception {
        int closed = EmbeddedKafkaBroker.freePort();
        Ended ended = runUntilItEnds(List.of("--bootstrap", "localhost:" + closed, "--registry",
                stack.registryUrl().toString(), "--http-port", "0", "--state-dir", state.toString(),
                "--application-id", "faults-closed-port"));
        assertOneLineNaming(ended, "--bootstrap localhost:" + closed + ": no Kafka broker answered within "
                + DEADLINE.toSeconds() + " s (--startup-timeout)");
        assertNothingJoined("faults-closed-port", 0);
    }

    /**
     * The Kafka client's own timeout may end a call before the start-up deadline (it raced the deadline by a few
     * milliseconds in one CI run; a user's {@code default.api.timeout.ms} below it makes that certain). That is still
     * no broker answering, asked again until the deadline, never "Kafka refused the request".
     */
    @Test
    void aClientTimeoutShorterThanTheDeadlineStillMeansNoBrokerAnswered() throws Exception {
        int closed = EmbeddedKafkaBroker.freePort();
        Ended ended = runUntilItEnds(List.of("--bootstrap", "localhost:" + closed, "--kafka-property",
                "default.api.timeout.ms=1000", "--registry", stack.registryUrl().toString(), "--http-port", "0",
                "--state-dir", state.toString(), "--application-id", "faults-client-timeout"));
        assertOneLineNaming(ended, "--bootstrap localhost:" + closed + ": no Kafka broker answered within "
                + DEADLINE.toSeconds() + " s (--startup-timeout)");
        assertNothingJoined("faults-client-timeout", 0);
    }

    @Test
    void aTakenHttpPortStopsTheStartBeforeTheInstanceJoinsTheGroup() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            int port = taken.getLocalPort();
            Ended ended = runUntilItEnds(List.of("--bootstrap", stack.bootstrapServers(), "--registry",
                    stack.registryUrl().toString(), "--http-port", String.valueOf(port), "--state-dir",
                    state.toString(), "--application-id", "faults-http-port"));
            assertOneLineNaming(ended, "--http-port " + port + ": port " + port + " is already in use");
        }
        assertNothingJoined("faults-http-port", 0);
    }

    @Test
    void anUnreachableRegistryEndsAtTheDeadlineInOneLine() throws Exception {
        int closed = EmbeddedKafkaBroker.freePort();
        Ended ended = runUntilItEnds(List.of("--bootstrap", stack.bootstrapServers(), "--registry",
                "http://localhost:" + closed, "--http-port", "0", "--state-dir", state.toString(),
                "--application-id", "faults-registry"));
        assertOneLineNaming(ended, "--registry http://localhost:" + closed + ": no schema registry answered within "
                + DEADLINE.toSeconds() + " s (--startup-timeout): connection refused");
        assertNothingJoined("faults-registry", 0);
    }

    /**
     * The release stage reads partition 0 of its input topic only; a topic left with more partitions (made by hand,
     * or by another tool) would lose results there, so the start stops naming it.
     */
    @Test
    void aReleaseInputsTopicWithMorePartitionsStopsTheStartInOneLine() throws Exception {
        String topic = "faults-release-inputs-release-inputs";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 2, (short) 1))).all()
                    .get(30, TimeUnit.SECONDS);
        }
        Ended ended = runUntilItEnds(List.of("--bootstrap", stack.bootstrapServers(), "--registry",
                stack.registryUrl().toString(), "--http-port", "0", "--state-dir", state.toString(),
                "--application-id", "faults-release-inputs"));
        assertOneLineNaming(ended, "--application-id faults-release-inputs: topic " + topic
                + " has 2 partitions, the release stage needs exactly 1");
        assertNothingJoined("faults-release-inputs", 0);
    }

    @Test
    void aSecondInstanceOnTheSameStateDirectoryStopsAndLeavesTheFirstAlone() throws Exception {
        AppConfig first = new AppConfig(new AppConfig.Kafka(stack.bootstrapServers(), Map.of()), stack.registryUrl(),
                new AppConfig.Http("127.0.0.1", 0, null), new AppConfig.Streams("faults-state-dir", state,
                        "exactly_once_v2", AppConfig.DEFAULT_DEBOUNCE, AppConfig.DEFAULT_COX_INTERVAL), 0, null);
        try (MonitorApp running = MonitorApp.start(first, AnalysesLoader.loadDefault(), 1)) {
            // One member per stream thread of the first instance.
            await().atMost(Duration.ofSeconds(90)).until(() -> members("faults-state-dir") == AppConfig.STREAM_THREADS
                    && members("faults-state-dir-release") == 1);
            Ended ended = runUntilItEnds(List.of("--bootstrap", stack.bootstrapServers(), "--registry",
                    stack.registryUrl().toString(), "--http-port", "0", "--state-dir", state.toString(),
                    "--application-id", "faults-state-dir"));
            assertOneLineNaming(ended, "--state-dir " + state + ": in use by another running monitor");
            // The group holds the first instance's members only.
            assertThat(members("faults-state-dir")).isEqualTo(AppConfig.STREAM_THREADS);
            assertThat(members("faults-state-dir-release")).isEqualTo(1);
            assertThat(running.front().state().isRunningOrRebalancing()).isTrue();
            assertThat(running.release().state().isRunningOrRebalancing()).isTrue();
        }
        assertNothingJoined("faults-state-dir", 0);
    }
}
