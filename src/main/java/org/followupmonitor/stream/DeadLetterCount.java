package org.followupmonitor.stream;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.apache.kafka.streams.processor.api.Record;

/**
 * How many records this instance sent to the dead-letter topic, counted by the exception handlers themselves.
 * Streams' own {@code dropped-records-total} is a task metric: it vanishes when a task moves to another stream
 * thread, which happens while an instance with several threads starts, so the health count went down.
 * Instances are told apart by application id and {@code application.server}, so two in one JVM (the tests)
 * keep their own counts. The handlers also build the dead-letter records (the reason in headers, as Streams' own
 * handlers do) and report each in one line through {@link DeadLetterLog}, where Streams' handlers logged a stack
 * trace per record, twice.
 *
 * <p>Only a record of the input topic keeps its original bytes in its dead letter: that is the user's event to
 * find and fix, and the dead-letter topic is already listed among those holding patient ids. A record of an
 * internal topic (the cohort deltas, the release inputs) holds counts before disclosure control and subject rows;
 * copying it would put them where disclosure control never looks, so its dead letter has neither key nor value,
 * only the reason, the topic, partition and offset, and a header saying the bytes were withheld.
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

    /** The dead-letter log of the instance these handler settings belong to. */
    private static DeadLetterLog log(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        return DeadLetterLog.of(String.valueOf(configs.get(StreamsConfig.APPLICATION_ID_CONFIG)),
                String.valueOf(configs.get(StreamsConfig.APPLICATION_SERVER_CONFIG)), String.valueOf(topic));
    }

    /** Header of a dead letter whose key and value were withheld (an internal topic's record). */
    public static final String WITHHELD_HEADER = "followup.withheld";

    /**
     * The reason in headers, as Streams' own handlers build them, with the original bytes for a record of the input
     * topic and none for an internal one; no record without a dead-letter topic.
     */
    private static List<ProducerRecord<byte[], byte[]>> deadLetters(String topic, ErrorHandlerContext context,
            Exception exception) {
        if (Names.PATIENT_EVENTS.equals(context.topic())) {
            return ExceptionHandlerUtils.maybeBuildDeadLetterQueueRecords(topic, context.sourceRawKey(),
                    context.sourceRawValue(), context, exception);
        }
        List<ProducerRecord<byte[], byte[]>> out = ExceptionHandlerUtils.maybeBuildDeadLetterQueueRecords(topic,
                null, null, context, exception);
        out.forEach(r -> r.headers().add(WITHHELD_HEADER, "an internal record: its key and value are not copied"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return out;
    }

    /**
     * Dead-letters (with the configured topic), counts and logs in one line an undecodable record. Streams' own
     * {@code LogAndContinueExceptionHandler} would log a stack trace per record instead.
     */
    public static final class Deserialization implements DeserializationExceptionHandler {
        private AtomicLong count = new AtomicLong();
        private String topic;
        private DeadLetterLog log;

        @Override
        public void configure(Map<String, ?> configs) {
            Object t = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
            topic = t == null ? null : String.valueOf(t);
            count = of(configs);
            log = log(configs);
        }

        @Override
        public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
                ConsumerRecord<byte[], byte[]> record, Exception exception) {
            count.incrementAndGet();
            log.record("undecodable", context.topic(), context.partition(), context.offset(), exception.getMessage());
            return DeserializationExceptionHandler.Response.resume(deadLetters(topic, context, exception));
        }
    }

    /** Dead-letters, counts and logs in one line an event that fails validation in the topology. */
    public static final class Processing implements ProcessingExceptionHandler {
        private AtomicLong count = new AtomicLong();
        private String topic;
        private DeadLetterLog log;

        @Override
        public void configure(Map<String, ?> configs) {
            Object t = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
            topic = t == null ? null : String.valueOf(t);
            count = of(configs);
            log = log(configs);
        }

        @Override
        public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
                Exception exception) {
            count.incrementAndGet();
            log.record("invalid", context.topic(), context.partition(), context.offset(), exception.getMessage());
            return ProcessingExceptionHandler.Response.resume(deadLetters(topic, context, exception));
        }
    }
}
