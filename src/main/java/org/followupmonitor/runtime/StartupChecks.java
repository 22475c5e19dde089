package org.followupmonitor.runtime;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.followupmonitor.registry.HttpSchemaRegistryClient;
import org.followupmonitor.registry.RegistryClientConfig;
import org.followupmonitor.registry.RegistryException;
import org.followupmonitor.registry.SchemaRegistryClient;
import org.followupmonitor.stream.Names;
import org.followupmonitor.stream.TopologyFactory;

/**
 * What the start of a monitor, demo or broker checks before it starts anything that joins a group or spawns
 * threads: that its ports are free, that Kafka answers (and has the topics), that the schema registry answers.
 * Each failure is a {@link StartupException} whose message names the option and its value; the waits end at the
 * start-up deadline ({@code --startup-timeout}).
 */
public final class StartupChecks {
    /** Pause between attempts to reach a registry that refused the connection. */
    private static final long REGISTRY_RETRY_MILLIS = 500;

    private StartupChecks() {
    }

    /**
     * Fails when {@code host:port} cannot be bound now. A port that is free here may still be taken before the
     * server binds it; the server's own bind then fails with the same message.
     *
     * @param option the option that gave the port, e.g. {@code --kafka-port}
     */
    public static void requireFreePort(String option, String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new StartupException(option + " " + port, bindProblem(e, host, port));
        }
    }

    /** What a failed bind of {@code host:port} means for the user. */
    static String bindProblem(IOException e, String host, int port) {
        if (e instanceof BindException && port != 0
                && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("in use")) {
            return "port " + port + " is already in use on " + host + " (another program listens there); "
                    + "choose another port, or 0 for a free one";
        }
        return "cannot listen on " + host + ":" + port + " (" + describe(e) + "); check the host and port";
    }

    /**
     * Creates the monitor's topics that are missing, waiting for Kafka until the deadline.
     *
     * @param deadline {@link System#nanoTime()} by which Kafka must have answered
     * @throws StartupException naming {@code --bootstrap} when Kafka does not answer in time or refuses
     */
    static void createTopics(AppConfig config, int partitions, long deadline) {
        String option = "--bootstrap " + config.kafka().bootstrap();
        Properties p = new Properties();
        p.putAll(config.kafka().clientProperties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrap());
        int remaining = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        p.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Math.max(remaining, 2));
        // Kafka refuses a request timeout above the API timeout, so a user's shorter API timeout caps ours.
        int requestTimeout = Math.max(remaining, 1);
        try {
            requestTimeout = Math.min(requestTimeout,
                    Integer.parseInt(p.get(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG).toString().trim()));
        } catch (NumberFormatException e) {
            // Not a number: Admin.create names the setting below.
        }
        p.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(requestTimeout, 1));
        Admin admin;
        try {
            admin = Admin.create(p);
        } catch (KafkaException e) {
            throw new StartupException(option, "cannot create a Kafka client (" + describe(e)
                    + "); check the host names and the --kafka-property / --kafka-config settings");
        }
        boolean answered = false;
        try {
            Set<String> existing = listTopicsUntil(admin, deadline);
            answered = true;
            List<NewTopic> missing = new ArrayList<>();
            for (String t : List.of(Names.PATIENT_EVENTS, Names.DEAD_LETTERS, Names.SURVIVAL_ESTIMATES,
                    Names.COHORT_COMPARISONS, Names.ALERTS)) {
                if (!existing.contains(t)) {
                    NewTopic topic = new NewTopic(t, Optional.of(partitions), Optional.empty());
                    if (!t.equals(Names.PATIENT_EVENTS) && !t.equals(Names.DEAD_LETTERS)) {
                        topic.configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                                String.valueOf(TopologyFactory.MAX_RESULT_BYTES)));
                    }
                    missing.add(topic);
                }
            }
            String releaseInputs = Names.releaseInputs(config.streams().applicationId());
            if (existing.contains(releaseInputs)) {
                requireOnePartition(admin, releaseInputs, config, deadline);
            } else {
                missing.add(releaseInputs(releaseInputs, config));
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            throw new StartupException(option, answered
                    ? "Kafka did not create the topics within " + timeout(config) + " (--startup-timeout)"
                    : "no Kafka broker answered within " + timeout(config) + " (--startup-timeout); is Kafka "
                            + "running there, and is the address right?");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new StartupException(option, "Kafka did not create the topics within " + timeout(config)
                        + " (--startup-timeout)");
            }
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new StartupException(option, "Kafka refused the request (" + describe(e.getCause())
                        + "); check the security settings (--kafka-property, --kafka-config)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException(option, "interrupted while waiting for Kafka");
        } finally {
            // Without waiting: against an unreachable cluster every pending call would wait out its own timeout.
            admin.close(Duration.ZERO);
        }
    }

    /**
     * The topic from the front application to the release application ({@code TopologyFactory#front}): one
     * partition, since disclosure control plans over all analyses in one task; the replication Kafka Streams gives
     * its internal topics ({@code replication.factor}, the broker's default unless set); compacted, with the configs
     * {@link TopologyFactory#releaseInputsConfigs()} argues. It is no internal topic of either application, so Streams
     * does not create it.
     */
    static NewTopic releaseInputs(String name, AppConfig config) {
        return new NewTopic(name, Optional.of(1), replication(config)).configs(TopologyFactory.releaseInputsConfigs());
    }

    /** Streams' {@code replication.factor} if the user set one (through --kafka-property), else the broker's. */
    private static Optional<Short> replication(AppConfig config) {
        String option = org.apache.kafka.streams.StreamsConfig.REPLICATION_FACTOR_CONFIG;
        Object v = config.kafka().clientProperties().get(option);
        if (v == null) {
            return Optional.empty();
        }
        try {
            short r = Short.parseShort(v.toString().trim());
            return r < 0 ? Optional.empty() : Optional.of(r);
        } catch (NumberFormatException e) {
            throw new StartupException("--kafka-property " + option + "=" + v, "not a number of replicas");
        }
    }

    /**
     * An existing release-inputs topic must have one partition: the release task reads partition 0 only, so records
     * on any other partition would never be released.
     */
    private static void requireOnePartition(Admin admin, String topic, AppConfig config, long deadline)
            throws ExecutionException, InterruptedException, TimeoutException {
        int found = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(remainingMillis(deadline), TimeUnit.MILLISECONDS).get(topic).partitions().size();
        if (found != 1) {
            throw new StartupException("--application-id " + config.streams().applicationId(), "topic " + topic
                    + " has " + found + " partitions, the release stage needs exactly 1; delete the topic (the "
                    + "monitor creates it again) or choose a fresh --application-id");
        }
    }

    /**
     * A client of the configured registry, once it has answered; a refused connection is tried again until the
     * deadline (a registry started at the same time as the monitor may not listen yet).
     *
     * @throws StartupException naming {@code --registry} when it does not answer in time or answers something else
     */
    static SchemaRegistryClient registry(AppConfig config, long deadline) {
        String option = "--registry " + config.registryUrl();
        Duration perCall = Duration.ofMillis(Math.min(RegistryClientConfig.DEFAULT_TIMEOUT.toMillis(),
                Math.max(1, remainingMillis(deadline))));
        HttpSchemaRegistryClient probe = new HttpSchemaRegistryClient(
                RegistryClientConfig.of(config.registryUrl().toString()).withTimeout(perCall));
        RegistryException last;
        while (true) {
            try {
                probe.globalCompatibility();
                return new HttpSchemaRegistryClient(RegistryClientConfig.of(config.registryUrl().toString()));
            } catch (RegistryException e) {
                if (e.errorCode() != RegistryException.UNREACHABLE || e.getCause() == null) {
                    throw new StartupException(option, "the server there does not answer like a schema registry ("
                            + e.getMessage() + "); give the URL of a Confluent-compatible registry");
                }
                last = e;
            }
            if (remainingMillis(deadline) <= REGISTRY_RETRY_MILLIS) {
                throw new StartupException(option, "no schema registry answered within " + timeout(config)
                        + " (--startup-timeout): " + describe(last.getCause()) + "; is it running, and is the URL "
                        + "right?");
            }
            try {
                Thread.sleep(REGISTRY_RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException(option, "interrupted while waiting for the schema registry");
            }
        }
    }

    /**
     * The cluster's topic names, asked again until the deadline when the client's own timeout (its
     * {@code default.api.timeout.ms}, which a user's {@code --kafka-property} may set below the start-up deadline)
     * ends a call first: that is Kafka not answering yet, not Kafka refusing.
     *
     * @throws TimeoutException when no broker has answered by the deadline
     */
    private static Set<String> listTopicsUntil(Admin admin, long deadline)
            throws ExecutionException, InterruptedException, TimeoutException {
        while (true) {
            try {
                return admin.listTopics().names().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException)) {
                    throw e;
                }
                if (remainingMillis(deadline) == 0) {
                    throw new TimeoutException("no broker answered by the deadline");
                }
            }
        }
    }

    private static long remainingMillis(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static String timeout(AppConfig config) {
        Duration d = config.startupTimeout();
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** A failure's cause in words, without class names or stack traces. */
    static String describe(Throwable t) {
        String message = null;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ConnectException) {
                return "connection refused";
            }
            if (c instanceof HttpTimeoutException || c instanceof java.net.SocketTimeoutException) {
                return "no answer";
            }
            if (c instanceof UnknownHostException) {
                return "unknown host " + c.getMessage();
            }
            if (c.getMessage() != null) {
                message = c.getMessage(); // the innermost message says most
            }
        }
        return message == null ? "no reason given" : message.replaceAll("\\s*\\R\\s*", " ");
    }
}
