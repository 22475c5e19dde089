package org.followupmonitor.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The serde inside Kafka Streams: good records pass, bad bytes reach the dead-letter topic with the
 * reason in the exception message header while the stream keeps going.
 */
class RegistryAvroSerdeStreamsTest {
    @Test
    void goodRecordsFlowAndBadBytesGoToTheDeadLetterTopicWithTheirReason() {
        SchemaRegistryService registry = SchemaRegistryService.inMemory();
        RegistryAvroSerde<GenericRecord> serde = RegistryAvroSerde.generic(registry, false);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), serde))
                .mapValues(r -> r.get("label") + ":" + r.get("count"))
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "serde-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "in-dlq");

        GenericRecord good = new GenericData.Record(TestSchemas.v1());
        good.put("label", "ok");
        good.put("count", 1);
        byte[] goodBytes = serde.serializer().serialize("in", good);
        byte[] unknownId = {0, 0, 0, 0, 77, 0x02, 'a', 0x02};
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic("in", new StringSerializer(), new ByteArraySerializer());
            in.pipeInput("k1", new byte[] {9, 9, 9, 9, 9, 9});
            in.pipeInput("k2", unknownId);
            in.pipeInput("k3", goodBytes);
            TestOutputTopic<String, String> out = driver.createOutputTopic("out", new StringDeserializer(), new StringDeserializer());
            assertThat(out.readValuesToList()).containsExactly("ok:1");
            TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic("in-dlq",
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer());
            List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
            assertThat(dead).hasSize(2);
            assertThat(dead.get(0).value()).containsExactly(9, 9, 9, 9, 9, 9);
            assertThat(header(dead.get(0), "__streams.errors.exception")).isEqualTo(RegistrySerdeException.class.getName());
            assertThat(header(dead.get(0), "__streams.errors.message")).startsWith("BAD_MAGIC");
            assertThat(dead.get(1).value()).containsExactly(unknownId);
            assertThat(header(dead.get(1), "__streams.errors.message")).startsWith("UNKNOWN_SCHEMA_ID");
        }
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        assertThat(h).as("header " + name).isNotNull();
        return new String(h.value(), StandardCharsets.UTF_8);
    }
}
