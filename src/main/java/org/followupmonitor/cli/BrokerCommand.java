package org.followupmonitor.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.followupmonitor.runtime.LocalKafkaStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code followup-monitor broker}: an embedded single-node Kafka broker and schema registry, a local
 * Kafka for development without Docker. Runs until Ctrl-C, then closes both cleanly.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Run an embedded Kafka broker (KRaft, single node) and a Confluent-compatible schema registry",
                "storing its schemas in the broker's _schemas topic, until Ctrl-C.",
                "Data (topics, offsets, schemas) survives a restart on the same --data-dir."})
public final class BrokerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka client port (0 = a free port). Default: ${DEFAULT-VALUE}.")
    int kafkaPort;

    @Option(names = "--registry-port", defaultValue = "8081", description = "Schema registry HTTP port (0 = a free port). Default: ${DEFAULT-VALUE}.")
    int registryPort;

    @Option(names = "--data-dir", defaultValue = "data/broker", description = "Directory for the broker's data. Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--host", defaultValue = "localhost", description = "Host name to bind and advertise. Default: ${DEFAULT-VALUE}.")
    String host;

    /** Blocks until the stack should stop; tests replace it, the default waits for Ctrl-C. */
    Consumer<LocalKafkaStack> untilStopped = BrokerCommand::awaitShutdownSignal;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        LocalKafkaStack stack = LocalKafkaStack.start(dataDir, host, kafkaPort, registryPort);
        Thread hook = new Thread(() -> closeQuietly(stack, spec.commandLine().getErr()), "followup-monitor-broker-shutdown");
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
            }
        }
        return 0;
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
