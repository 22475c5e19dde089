package org.followupmonitor.runtime;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * How much the process logs ({@code --log-level}). The user reads a command's own output; logs are for what
 * goes wrong in the background (a dead letter, a stream thread replaced) and, when asked for, diagnosis.
 *
 * <p>Kafka's, RocksDB's and the other libraries' loggers are held one level quieter than followup-monitor's own,
 * except at {@link #DEBUG} and {@link #TRACE}: at the default {@link #WARN} Kafka's warnings are mostly connection
 * retries that the start-up deadline reports in one line, and its INFO is its whole configuration, some 1,400
 * lines per start. Two Kafka Streams loggers that repeat each dead letter with a stack trace (which
 * {@code stream.DeadLetterLog} already reports in one line) stay at ERROR below {@link #DEBUG}. The embedded broker's
 * {@code ReplicaManager} is off below {@link #DEBUG}: it logs each append it rejects at ERROR, with a stack trace,
 * although the client that sent it is told and retries or reports it itself. With Kafka's transactions v2 (4.x) a
 * broker rejects a producer's batch numbered above 0 while it holds no state for that producer yet, a retriable
 * out-of-order sequence (KAFKA-18202) that a demo replay meets a few times without any effect on the results.
 * Three Kafka Streams loggers are off below {@link #DEBUG} too, for the recovery after an unclean stop under
 * exactly-once: {@code TaskManager} logs, per stream thread, an ERROR line listing every task as "corrupted", its
 * ordinary way of starting a full restore from the changelogs ({@code RestoreProgress} reports that restore in a
 * few lines of its own); and when the killed instance's open transaction is aborted after the restart, the
 * producer of the same transactional id is fenced once, which {@code RecordCollectorImpl} and
 * {@code ProcessorStateManager} each log at ERROR with a stack trace per store before the thread rejoins the group
 * and goes on, exactly once. All three log what they then throw: a fatal exception reaches the stream threads'
 * uncaught-exception handler, which logs it in one line.
 *
 * <p>slf4j-simple reads a logger's level from system properties when the logger is created, so {@link #apply()}
 * must run before the first library class logs; the CLI applies it while parsing the command line. A level the
 * user set as a system property ({@code -Dorg.slf4j.simpleLogger.log.kafka=info}) is kept.
 */
public enum LogLevel {
    ERROR, WARN, INFO, DEBUG, TRACE;

    /** The default of every command. */
    public static final LogLevel DEFAULT = WARN;

    static final String PREFIX = "org.slf4j.simpleLogger.";
    private static final String OWN = "org.followupmonitor";
    private static final String[] LIBRARIES = {"org.apache.kafka", "kafka", "state.change.logger", "org.apache.zookeeper",
        "org.rocksdb", "io.micrometer", "org.apache.avro"};
    /** Kafka Streams' second report of each dead letter, with a stack trace. */
    private static final String[] DEAD_LETTER_ECHOES = {"org.apache.kafka.streams.processor.internals.RecordDeserializer",
        "org.apache.kafka.streams.errors.LogAndContinueExceptionHandler",
        "org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler"};
    /** The embedded broker's report of appends it rejected (see the class comment). */
    static final String BROKER_APPEND_ERRORS = "kafka.server.ReplicaManager";
    /** Kafka Streams' ERROR lines while it recovers from an unclean stop (see the class comment). */
    static final String[] RECOVERY_ECHOES = {"org.apache.kafka.streams.processor.internals.TaskManager",
        "org.apache.kafka.streams.processor.internals.RecordCollectorImpl",
        "org.apache.kafka.streams.processor.internals.ProcessorStateManager"};
    /** Properties the user set before this class touched any, which it never overwrites. */
    private static final Set<String> USER_SET = new HashSet<>();
    private static boolean userSetKnown;
    private static volatile LogLevel current = DEFAULT;

    /**
     * Parses {@code error}, {@code warn}, {@code info}, {@code debug} or {@code trace} (any case).
     *
     * @throws IllegalArgumentException naming the choices
     */
    public static LogLevel parse(String text) {
        for (LogLevel l : values()) {
            if (l.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return l;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a log level; use error, warn, info, debug or trace");
    }

    /** The level last applied ({@link #DEFAULT} before any). */
    public static LogLevel current() {
        return current;
    }

    /** The lower-case name used on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The level of the libraries' loggers when followup-monitor's own are at this level. */
    public LogLevel libraries() {
        return switch (this) {
            case ERROR, WARN -> ERROR;
            case INFO -> WARN;
            case DEBUG, TRACE -> this;
        };
    }

    /** Sets this level for loggers created from now on (see the class comment). */
    public void apply() {
        current = this;
        rememberUserSettings();
        set(PREFIX + "defaultLogLevel", libraries());
        set(PREFIX + "log." + OWN, this);
        for (String logger : LIBRARIES) {
            set(PREFIX + "log." + logger, libraries());
        }
        for (String logger : DEAD_LETTER_ECHOES) {
            set(PREFIX + "log." + logger, compareTo(DEBUG) >= 0 ? this : ERROR);
        }
        String diagnosing = compareTo(DEBUG) >= 0 ? label() : "off";
        set(PREFIX + "log." + BROKER_APPEND_ERRORS, diagnosing);
        for (String logger : RECOVERY_ECHOES) {
            set(PREFIX + "log." + logger, diagnosing);
        }
    }

    private static void rememberUserSettings() {
        synchronized (USER_SET) {
            if (userSetKnown) {
                return;
            }
            for (String key : System.getProperties().stringPropertyNames()) {
                if (key.startsWith(PREFIX)) {
                    USER_SET.add(key);
                }
            }
            userSetKnown = true;
        }
    }

    private static void set(String key, LogLevel level) {
        set(key, level.label());
    }

    private static void set(String key, String level) {
        synchronized (USER_SET) {
            if (!USER_SET.contains(key)) {
                System.setProperty(key, level);
            }
        }
    }
}
