package org.followupmonitor.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The record format of the {@code _schemas} topic (the broker round trip is in LocalKafkaStackIT). */
class KafkaRegistryStorageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void schemaVersionsUseConfluentStyleKeysAndValues() throws Exception {
        SubjectVersion v = new SubjectVersion("t-value", 2, 7, TestSchemas.v1().toString());
        byte[][] kv = KafkaRegistryStorage.encode(new RegistryRecord.SchemaVersionRecord(v));
        assertThat(JSON.readTree(kv[0])).isEqualTo(JSON.readTree(
                "{\"keytype\":\"SCHEMA\",\"subject\":\"t-value\",\"version\":2,\"magic\":1}"));
        assertThat(JSON.readTree(kv[1]).get("id").asInt()).isEqualTo(7);
        assertThat(JSON.readTree(kv[1]).get("schema").asText()).isEqualTo(TestSchemas.v1().toString());
        assertThat(KafkaRegistryStorage.decode(kv[0], kv[1])).contains(new RegistryRecord.SchemaVersionRecord(v));
    }

    @Test
    void deletionsAndConfigsRoundTrip() {
        SubjectVersion v = new SubjectVersion("t-value", 1, 1, TestSchemas.v1().toString());
        for (RegistryRecord r : new RegistryRecord[] {
                new RegistryRecord.SchemaVersionRecord(v, true),
                new RegistryRecord.ConfigRecord(Optional.empty(), CompatibilityLevel.FULL),
                new RegistryRecord.ConfigRecord(Optional.of("t-value"), CompatibilityLevel.NONE)}) {
            byte[][] kv = KafkaRegistryStorage.encode(r);
            assertThat(KafkaRegistryStorage.decode(kv[0], kv[1])).contains(r);
        }
    }

    @Test
    void skipsTombstonesForeignKeyTypesAndGarbage() {
        byte[] noop = "{\"keytype\":\"NOOP\",\"magic\":0}".getBytes(StandardCharsets.UTF_8);
        assertThat(KafkaRegistryStorage.decode(noop, "{}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(KafkaRegistryStorage.decode(noop, null)).isEmpty();
        assertThat(KafkaRegistryStorage.decode("not json".getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
