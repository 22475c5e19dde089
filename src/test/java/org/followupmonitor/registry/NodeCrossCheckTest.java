package org.followupmonitor.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The serde against an independent implementation: the recorded output of node/crosscheck.mjs
 * (@kafkajs/confluent-schema-registry 4.1.0, see node/README.md), which registered v1 then v2 under
 * {@code crosscheck-value} on a fresh embedded registry and encoded/decoded records.
 */
class NodeCrossCheckTest {
    private static final HexFormat HEX = HexFormat.of();
    private final SchemaRegistryService registry = SchemaRegistryService.inMemory();
    private Map<String, JsonNode> steps;

    @BeforeEach
    void load() throws IOException {
        steps = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = getClass().getResourceAsStream("node/crosscheck-output.jsonl")) {
            assertThat(in).as("node/crosscheck-output.jsonl on the test classpath").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    JsonNode n = json.readTree(line);
                    steps.put(n.get("step").asText(), n);
                }
            }
        }
        // Same registrations, same order as the node run: same ids.
        assertThat(registry.register("crosscheck-value", TestSchemas.v1())).isEqualTo(steps.get("register-v1").get("id").asInt());
        assertThat(registry.register("crosscheck-value", TestSchemas.v2())).isEqualTo(steps.get("register-v2").get("id").asInt());
    }

    @Test
    void javaWritesTheBytesNodeWrites() {
        RegistryAvroSerializer<GenericRecord> serializer = new RegistryAvroSerializer<>(registry, false, false);
        GenericRecord v1 = new GenericData.Record(TestSchemas.v1());
        v1.put("label", "node");
        v1.put("count", 150);
        assertThat(HEX.formatHex(serializer.serialize("crosscheck", v1))).isEqualTo(steps.get("encode-v1").get("hex").asText());
        GenericRecord v2 = new GenericData.Record(TestSchemas.v2());
        v2.put("label", "x");
        v2.put("count", -3);
        v2.put("note", "n");
        assertThat(HEX.formatHex(serializer.serialize("crosscheck", v2))).isEqualTo(steps.get("encode-v2").get("hex").asText());
    }

    @Test
    void javaReadsNodeBytesWithResolutionBothWays() {
        byte[] nodeV1 = HEX.parseHex(steps.get("encode-v1").get("hex").asText());
        byte[] nodeV2 = HEX.parseHex(steps.get("encode-v2").get("hex").asText());
        GenericRecord v1AsV2 = RegistryAvroDeserializer.generic(registry, TestSchemas.v2()).deserialize("crosscheck", nodeV1);
        assertThat(v1AsV2.get("label").toString()).isEqualTo("node");
        assertThat(v1AsV2.get("count")).isEqualTo(150);
        assertThat(v1AsV2.get("note")).isNull();
        Measurement specific = RegistryAvroDeserializer.specific(registry, Measurement.class).deserialize("crosscheck", nodeV2);
        assertThat(specific.label()).isEqualTo("x");
        assertThat(specific.count()).isEqualTo(-3);
        assertThat(specific.note()).isEqualTo("n");
        GenericRecord v2AsV1 = RegistryAvroDeserializer.generic(registry, TestSchemas.v1()).deserialize("crosscheck", nodeV2);
        assertThat(v2AsV1.getSchema().getFields()).hasSize(2);
        assertThat(v2AsV1.get("count")).isEqualTo(-3);
        // Node's own resolution gave the same values.
        assertThat(steps.get("decode-v1-as-v2").get("value").get("note").isNull()).isTrue();
        assertThat(steps.get("decode-v2-as-v1").get("value").has("note")).isFalse();
    }

    @Test
    void nodeReadTheBytesJavaWrites() {
        GenericRecord r = new GenericData.Record(TestSchemas.v1());
        r.put("label", "java");
        r.put("count", 7);
        byte[] javaBytes = new RegistryAvroSerializer<GenericRecord>(registry, false, false).serialize("crosscheck", r);
        JsonNode decodedByNode = steps.get("decode-java");
        assertThat(HEX.formatHex(javaBytes)).isEqualTo(decodedByNode.get("hex").asText());
        assertThat(decodedByNode.get("value").get("label").asText()).isEqualTo("java");
        assertThat(decodedByNode.get("value").get("count").asInt()).isEqualTo(7);
    }

    @Test
    void registryAnswersMatchWhatNodeSaw() {
        assertThat(registry.latestVersion("crosscheck-value").id()).isEqualTo(steps.get("latest-id").get("id").asInt());
        assertThat(registry.lookup("crosscheck-value", TestSchemas.v1()).id()).isEqualTo(steps.get("id-of-v1").get("id").asInt());
        assertThat(registry.version("crosscheck-value", 1).id()).isEqualTo(steps.get("id-of-version-1").get("id").asInt());
    }
}
