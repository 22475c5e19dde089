package org.followupmonitor.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft, roles {@code broker,controller}) running inside this JVM,
 * for the demo, the {@code broker} command and the integration tests: no Docker, no separate install.
 *
 * <p>The data directory is formatted on first use and reused as it is afterwards (detected by its
 * {@code meta.properties}), so topics, records and committed offsets survive a restart on the same
 * directory. Internal topics use replication factor 1 because there is only one broker.
 *
 * <p>Typical use:
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.of(dir))) {
 *     String bootstrap = broker.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    /** Listener names; the controller listener is local to this broker and never advertised. */
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int NODE_ID = 1;
    /** Marker written by the formatter into every formatted log directory. */
    private static final String META_PROPERTIES = "meta.properties";

    private final Settings settings;
    private final int kafkaPort;
    private final int controllerPort;
    private final boolean formattedNow;
    private final KafkaRaftServer server;
    private boolean closed;

    /**
     * How to start the broker.
     *
     * @param dataDir       the log directory (created if missing); formatted on first use, reused afterwards
     * @param host          the host name advertised to clients (and bound), e.g. {@code localhost}
     * @param kafkaPort     the client port, or 0 for a free one
     * @param controllerPort the KRaft controller port, or 0 for a free one
     * @param overrides     extra broker properties that win over the defaults (e.g. {@code num.partitions})
     */
    public record Settings(Path dataDir, String host, int kafkaPort, int controllerPort, Map<String, String> overrides) {
        public Settings {
            Objects.requireNonNull(dataDir, "dataDir is required: the directory holding the broker's logs");
            Objects.requireNonNull(host, "host is required, e.g. localhost");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host is blank: give the host name clients should connect to, e.g. localhost");
            }
            checkPort("kafkaPort", kafkaPort);
            checkPort("controllerPort", controllerPort);
            if (kafkaPort != 0 && kafkaPort == controllerPort) {
                throw new IllegalArgumentException("kafkaPort and controllerPort are both " + kafkaPort + ": choose two different ports or 0");
            }
            overrides = Map.copyOf(overrides == null ? Map.of() : overrides);
        }

        /** Free ports on localhost, no overrides. */
        public static Settings of(Path dataDir) {
            return new Settings(dataDir, "localhost", 0, 0, Map.of());
        }

        /** The same settings with the given client port (0 = free). */
        public Settings withKafkaPort(int port) {
            return new Settings(dataDir, host, port, controllerPort, overrides);
        }

        /** The same settings with the given controller port (0 = free). */
        public Settings withControllerPort(int port) {
            return new Settings(dataDir, host, kafkaPort, port, overrides);
        }

        /** The same settings plus one broker property override. */
        public Settings withOverride(String key, String value) {
            Map<String, String> m = new HashMap<>(overrides);
            m.put(key, value);
            return new Settings(dataDir, host, kafkaPort, controllerPort, m);
        }

        private static void checkPort(String name, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(name + " is " + port + ": use 0 (a free port) or 1..65535");
            }
        }
    }

    private EmbeddedKafkaBroker(Settings settings, int kafkaPort, int controllerPort, boolean formattedNow,
                                KafkaRaftServer server) {
        this.settings = settings;
        this.kafkaPort = kafkaPort;
        this.controllerPort = controllerPort;
        this.formattedNow = formattedNow;
        this.server = server;
    }

    /**
     * Formats the data directory if it has never been formatted, then starts the broker and returns once
     * its startup sequence has run (clients may still need a moment for the first topic's metadata).
     *
     * @throws IllegalStateException if the directory cannot be prepared or the broker fails to start
     *                               (e.g. the port is taken)
     */
    public static EmbeddedKafkaBroker start(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        KafkaQuietLogging.apply();
        try {
            Files.createDirectories(settings.dataDir());
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the broker data directory " + settings.dataDir()
                    + ": check permissions or choose another --data-dir", e);
        }
        int kafkaPort = settings.kafkaPort() == 0 ? freePort() : settings.kafkaPort();
        int controllerPort = settings.controllerPort();
        while (controllerPort == 0 || controllerPort == kafkaPort) {
            controllerPort = freePort();
        }
        Properties props = brokerProperties(settings, kafkaPort, controllerPort);
        boolean format = !isFormatted(settings.dataDir());
        if (format) {
            format(props, settings.dataDir());
        }
        KafkaConfig config = new KafkaConfig(props, false);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("the embedded Kafka broker failed to start on " + settings.host() + ":"
                    + kafkaPort + " (controller " + controllerPort + "): is the port in use?", e);
        }
        return new EmbeddedKafkaBroker(settings, kafkaPort, controllerPort, format, server);
    }

    /** Whether {@code dir} holds a formatted KRaft log directory (its {@code meta.properties}). */
    public static boolean isFormatted(Path dir) {
        return Files.isRegularFile(dir.resolve(META_PROPERTIES));
    }

    /** {@code host:port} for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return settings.host() + ":" + kafkaPort;
    }

    /** The client port actually used. */
    public int kafkaPort() {
        return kafkaPort;
    }

    /** The controller port actually used. */
    public int controllerPort() {
        return controllerPort;
    }

    /** The data directory. */
    public Path dataDir() {
        return settings.dataDir();
    }

    /** True when this start formatted the directory, false when it reused an earlier one. */
    public boolean formattedOnStart() {
        return formattedNow;
    }

    /** Shuts the broker down and waits until it has stopped; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
    }

    static Properties brokerProperties(Settings s, int kafkaPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        // Static quorum: the controller's address is in the config, so formatting needs no initial voters.
        p.put("controller.quorum.voters", NODE_ID + "@" + s.host() + ":" + controllerPort);
        p.put("listeners", BROKER_LISTENER + "://" + s.host() + ":" + kafkaPort + ","
                + CONTROLLER_LISTENER + "://" + s.host() + ":" + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://" + s.host() + ":" + kafkaPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", s.dataDir().toAbsolutePath().toString());
        // One broker: every internal topic can have only one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // A local single-member group has nobody to wait for.
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        p.put("num.partitions", "1");
        s.overrides().forEach(p::put);
        return p;
    }

    /**
     * Formats through the same entry point as {@code kafka-storage.sh format} ({@code StorageTool}):
     * the Java {@code Formatter} behind it lives in a runtime-only Kafka module, and the tool applies
     * the production feature levels and the static-quorum rules exactly as the shipped script does.
     */
    private static void format(Properties props, Path dataDir) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc;
        try {
            Path config = Files.createTempFile("followup-monitor-kraft-", ".properties");
            try {
                try (var w = Files.newBufferedWriter(config)) {
                    props.store(w, "embedded broker, for formatting only");
                }
                rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(),
                        "-c", config.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(config);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot format the broker data directory " + dataDir
                    + ": use an empty directory or one formatted by this broker before", e);
        }
        if (rc != 0 || !isFormatted(dataDir)) {
            throw new IllegalStateException("cannot format the broker data directory " + dataDir + " (exit " + rc
                    + "): " + out.toString(StandardCharsets.UTF_8).strip()
                    + "; use an empty directory or one formatted by this broker before");
        }
    }

    /**
     * A port that was free a moment ago. Another process may still take it before the broker binds;
     * the broker's start then fails with a clear message rather than silently using another port.
     */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free local port", e);
        }
    }
}
