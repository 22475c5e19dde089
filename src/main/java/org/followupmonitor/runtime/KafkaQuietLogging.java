package org.followupmonitor.runtime;

/**
 * Keeps the embedded broker's logging at WARN where nothing set a level yet (tests, library use). The commands set
 * every level first through {@code --log-level} ({@link LogLevel}), which makes this a no-op there. slf4j-simple
 * reads its levels from system properties when a logger is first created, so this must run before the first Kafka
 * class logs; values the user set explicitly (e.g. {@code -Dorg.slf4j.simpleLogger.log.kafka=info}) are kept.
 */
public final class KafkaQuietLogging {
    private static final String PREFIX = "org.slf4j.simpleLogger.log.";
    private static final String[] NOISY = {"kafka", "org.apache.kafka", "state.change.logger", "org.apache.zookeeper"};

    private KafkaQuietLogging() {
    }

    /** Sets WARN for Kafka's loggers unless already configured. */
    public static void apply() {
        for (String logger : NOISY) {
            if (System.getProperty(PREFIX + logger) == null) {
                System.setProperty(PREFIX + logger, "warn");
            }
        }
    }
}
