package org.followupmonitor.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.followupmonitor.runtime.DirectoryLock;
import org.followupmonitor.runtime.LocalKafkaStack;
import org.followupmonitor.runtime.StartupChecks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code followup-monitor broker}: an embedded single-node Kafka broker and schema registry, a local
 * Kafka for development without Docker. Runs until Ctrl-C, then closes both cleanly.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        header = "a local Kafka and schema registry, without Docker",
        description = {"Runs an embedded Kafka broker (KRaft, single node) and a Confluent-compatible schema registry "
                + "storing its schemas in the broker's _schemas topic, until Ctrl-C.",
                "Data (topics, offsets, schemas) survives a restart on the same --data-dir."})
public final class BrokerCommand extends CliCommand {

    @Option(names = "--kafka-port", defaultValue = "9092", paramLabel = "PORT",
            description = "Kafka client port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--registry-port", defaultValue = "8081", paramLabel = "PORT",
            description = "Schema registry HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--data-dir", defaultValue = "data/broker", paramLabel = "DIR",
            description = "Directory for the broker's data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--host", defaultValue = "localhost", paramLabel = "HOST",
            description = "Host name to bind and advertise (default: ${DEFAULT-VALUE}).")
    String host;

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    /** Blocks until the stack should stop; tests replace it, the default waits for Ctrl-C. */
    Consumer<LocalKafkaStack> untilStopped = BrokerCommand::awaitShutdownSignal;

    @Override
    int execute() throws Exception {
        PrintWriter out = out();
        StartupChecks.requireFreePort("--kafka-port", host, kafkaPort);
        StartupChecks.requireFreePort("--registry-port", host, registryPort);
        DirectoryLock lock = DirectoryLock.acquire(dataDir, "broker.lock", "--data-dir", "followup-monitor broker");
        LocalKafkaStack stack;
        try {
            stack = DemoCommand.startStack(dataDir, host, kafkaPort, registryPort);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        Thread hook = new Thread(() -> closeQuietly(stack, err()), "followup-monitor-broker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("Kafka bootstrap servers: " + stack.bootstrapServers());
        out.println("Schema registry:         " + stack.registryUrl());
        out.println("Data directory:          " + dataDir.toAbsolutePath()
                + (stack.broker().formattedOnStart() ? " (formatted now)" : " (reused)"));
        out.println("Press Ctrl-C to stop.");
        out.flush();
        try {
            untilStopped.accept(stack);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
                stack.close();
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already shutting down: the hook closes the stack.
            } finally {
                lock.close();
            }
        }
        return ExitCode.OK.code();
    }

    /** Waits until the JVM starts shutting down (Ctrl-C / SIGTERM). */
    private static void awaitShutdownSignal(LocalKafkaStack stack) {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "followup-monitor-broker-signal"));
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(LocalKafkaStack stack, PrintWriter err) {
        try {
            stack.close();
        } catch (RuntimeException e) {
            // Not swallowed: reported, as nothing else can act on it while the JVM exits.
            err.println("followup-monitor broker: error while stopping: " + e);
            err.flush();
        }
    }
}
