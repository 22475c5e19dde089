package org.followupmonitor.stream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * How many records this instance sent to the dead-letter topic, counted by the exception handlers themselves.
 * Streams' own {@code dropped-records-total} is a task metric: it vanishes when a task moves to another stream
 * thread, which happens while an instance with several threads starts, so the health count went down.
 * Instances are told apart by application id and {@code application.server}, so two in one JVM (the tests)
 * keep their own counts.
 */
public final class DeadLetterCount {
    private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

    private DeadLetterCount() {}

    /** The count of the instance with this application id and {@code application.server}. */
    public static AtomicLong of(String applicationId, String server) {
        return COUNTS.computeIfAbsent(applicationId + "@" + server, k -> new AtomicLong());
    }

    private static AtomicLong of(Map<String, ?> configs) {
        return of(String.valueOf(configs.get(StreamsConfig.APPLICATION_ID_CONFIG)),
                String.valueOf(configs.get(StreamsConfig.APPLICATION_SERVER_CONFIG)));
    }

    /** Logs, dead-letters (Streams does, with the configured topic) and counts an undecodable record. */
    public static final class Deserialization extends LogAndContinueExceptionHandler {
        private AtomicLong count = new AtomicLong();

        @Override
        public void configure(Map<String, ?> configs) {
            super.configure(configs);
            count = of(configs);
        }

        @Override
        public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
                ConsumerRecord<byte[], byte[]> record, Exception exception) {
            count.incrementAndGet();
            return super.handleError(context, record, exception);
        }
    }

    /** Logs, dead-letters and counts an event that fails validation in the topology. */
    public static final class Processing extends LogAndContinueProcessingExceptionHandler {
        private AtomicLong count = new AtomicLong();

        @Override
        public void configure(Map<String, ?> configs) {
            super.configure(configs);
            count = of(configs);
        }

        @Override
        public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
                Exception exception) {
            count.incrementAndGet();
            return super.handleError(context, record, exception);
        }
    }
}
