package org.followupmonitor.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class RegistryAvroSerdeTest {
    private final SchemaRegistryService registry = SchemaRegistryService.inMemory();

    private static GenericRecord v1(String label, int count) {
        GenericRecord r = new GenericData.Record(TestSchemas.v1());
        r.put("label", label);
        r.put("count", count);
        return r;
    }

    private static GenericRecord v2(String label, int count, String note) {
        GenericRecord r = new GenericData.Record(TestSchemas.v2());
        r.put("label", label);
        r.put("count", count);
        r.put("note", note);
        return r;
    }

    @Test
    void writesMagicByteBigEndianIdAndPlainAvroBinary() {
        byte[] bytes = RegistryAvroSerde.generic(registry, false).serializer().serialize("measurements", v1("abc", 42));
        // 0x00 magic; id 1 as big-endian int32; "abc" = zigzag length 3 (0x06) + UTF-8; int 42 = zigzag 84 (0x54).
        byte[] expected = {0x00, 0x00, 0x00, 0x00, 0x01, 0x06, 'a', 'b', 'c', 0x54};
        assertThat(bytes).containsExactly(expected);
        assertThat(registry.subjects()).containsExactly("measurements-value");
    }

    @Test
    void writesLargeIdsBigEndianAndNegativeIntsZigZag() {
        SchemaRegistryClient fixedId = new FixedIdClient(0x01020304, TestSchemas.v1());
        byte[] bytes = RegistryAvroSerde.generic(fixedId, false).serializer().serialize("t", v1("", -3));
        // empty string = length 0; -3 zigzag = 5.
        assertThat(bytes).containsExactly(0x00, 0x01, 0x02, 0x03, 0x04, 0x00, 0x05);
        GenericRecord back = RegistryAvroSerde.generic(fixedId, false).deserializer().deserialize("t", bytes);
        assertThat(back.get("count")).isEqualTo(-3);
    }

    @Test
    void readsHandBuiltBytes() {
        int id = registry.register("m-value", TestSchemas.v1());
        byte[] bytes = {0x00, 0x00, 0x00, 0x00, (byte) id, 0x04, 'h', 'i', (byte) 0xAC, 0x02}; // 0xAC 0x02 = zigzag 300 → 150
        GenericRecord r = RegistryAvroSerde.generic(registry, false).deserializer().deserialize("m", bytes);
        assertThat(r.get("label").toString()).isEqualTo("hi");
        assertThat(r.get("count")).isEqualTo(150);
    }

    @Test
    void keysUseTheKeySubject() {
        RegistryAvroSerde.generic(registry, true).serializer().serialize("measurements", v1("k", 1));
        assertThat(registry.subjects()).containsExactly("measurements-key");
    }

    @Test
    void roundTripsSpecificRecords() {
        RegistryAvroSerde<Measurement> serde = RegistryAvroSerde.specific(Measurement.class, registry, false);
        byte[] bytes = serde.serializer().serialize("m", new Measurement("x", 7, "n"));
        Measurement back = serde.deserializer().deserialize("m", bytes);
        assertThat(back.label()).isEqualTo("x");
        assertThat(back.count()).isEqualTo(7);
        assertThat(back.note()).isEqualTo("n");
    }

    @Test
    void nullIsATombstoneBothWays() {
        RegistryAvroSerde<GenericRecord> serde = RegistryAvroSerde.generic(registry, false);
        assertThat(serde.serializer().serialize("m", null)).isNull();
        assertThat(serde.deserializer().deserialize("m", null)).isNull();
    }

    @Test
    void newCodeReadsOldBytesFillingTheDefault() {
        byte[] oldBytes = RegistryAvroSerde.generic(registry, false).serializer().serialize("m", v1("old", 1));
        // Generic reader on the v2 schema, and the specific v2 class.
        GenericRecord generic = RegistryAvroDeserializer.generic(registry, TestSchemas.v2()).deserialize("m", oldBytes);
        assertThat(generic.getSchema().getFields()).hasSize(3);
        assertThat(generic.get("label").toString()).isEqualTo("old");
        assertThat(generic.get("note")).isNull();
        Measurement specific = RegistryAvroDeserializer.specific(registry, Measurement.class).deserialize("m", oldBytes);
        assertThat(specific.label()).isEqualTo("old");
        assertThat(specific.count()).isEqualTo(1);
        assertThat(specific.note()).isNull();
    }

    @Test
    void oldCodeReadsNewBytesIgnoringTheNewField() {
        RegistryAvroSerde.generic(registry, false).serializer().serialize("m", v1("first", 1)); // v1 registered first
        byte[] newBytes = RegistryAvroSerde.specific(Measurement.class, registry, false).serializer()
                .serialize("m", new Measurement("new", 2, "added later"));
        assertThat(registry.versions("m-value")).containsExactly(1, 2);
        assertThat(WireFormat.schemaId(newBytes)).isEqualTo(registry.version("m-value", 2).id());
        GenericRecord old = RegistryAvroDeserializer.generic(registry, TestSchemas.v1()).deserialize("m", newBytes);
        assertThat(old.getSchema().getFields()).extracting(Schema.Field::name).containsExactly("label", "count");
        assertThat(old.get("label").toString()).isEqualTo("new");
        assertThat(old.get("count")).isEqualTo(2);
    }

    @Test
    void rejectsBadMagicByte() {
        byte[] bytes = RegistryAvroSerde.generic(registry, false).serializer().serialize("m", v1("a", 1));
        bytes[0] = 0x01;
        assertReason(bytes, RegistrySerdeException.Reason.BAD_MAGIC);
        assertReason("plain text".getBytes(StandardCharsets.UTF_8), RegistrySerdeException.Reason.BAD_MAGIC);
    }

    @Test
    void rejectsPayloadsShorterThanTheHeaderAndTruncatedBodies() {
        byte[] bytes = RegistryAvroSerde.generic(registry, false).serializer().serialize("m", v1("abcdef", 100));
        assertReason(new byte[0], RegistrySerdeException.Reason.TRUNCATED);
        assertReason(new byte[] {0, 0, 0}, RegistrySerdeException.Reason.TRUNCATED);
        assertReason(Arrays.copyOf(bytes, 5), RegistrySerdeException.Reason.TRUNCATED);
        assertReason(Arrays.copyOf(bytes, bytes.length - 1), RegistrySerdeException.Reason.TRUNCATED);
        assertReason(Arrays.copyOf(bytes, 8), RegistrySerdeException.Reason.TRUNCATED);
    }

    @Test
    void rejectsUnknownSchemaIdsWithTheIdButNoContents() {
        byte[] bytes = {0x00, 0x00, 0x00, 0x03, (byte) 0xE7, 0x06, 's', 'e', 'c', 0x02};
        RegistrySerdeException e = assertReason(bytes, RegistrySerdeException.Reason.UNKNOWN_SCHEMA_ID);
        assertThat(e.schemaId()).hasValue(999);
        assertThat(e.getMessage()).contains("999").doesNotContain("sec");
    }

    @Test
    void rejectsCorruptAndOverlongBodies() {
        int id = registry.register("m-value", TestSchemas.v1());
        // String length zigzag 0x01 = -1: malformed.
        assertReason(new byte[] {0, 0, 0, 0, (byte) id, 0x01, 0x02}, RegistrySerdeException.Reason.UNDECODABLE);
        // A complete datum followed by a stray byte.
        assertReason(new byte[] {0, 0, 0, 0, (byte) id, 0x02, 'a', 0x02, 0x7F}, RegistrySerdeException.Reason.UNDECODABLE);
    }

    @Test
    void aHugeClaimedStringLengthIsRejectedWithoutAllocatingIt() {
        int id = registry.register("m-value", TestSchemas.v1());
        // Zigzag varint of 2^30 - 1 bytes claimed, with only two bytes following.
        byte[] bytes = {0, 0, 0, 0, (byte) id, (byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 'a', 0x02};
        RegistrySerdeException e = assertReasonIn(bytes);
        assertThat(e.reason()).isIn(RegistrySerdeException.Reason.TRUNCATED, RegistrySerdeException.Reason.UNDECODABLE);
    }

    @Test
    void rejectsWriterSchemasTheReaderCannotResolve() {
        byte[] oldBytes = RegistryAvroSerde.generic(registry, false).serializer().serialize("m", v1("a", 1));
        RegistryAvroDeserializer<GenericRecord> strict = RegistryAvroDeserializer.generic(registry, TestSchemas.requiredField());
        assertThatThrownBy(() -> strict.deserialize("m", oldBytes))
                .isInstanceOfSatisfying(RegistrySerdeException.class,
                        e -> assertThat(e.reason()).isEqualTo(RegistrySerdeException.Reason.INCOMPATIBLE_SCHEMA));
    }

    @Test
    void errorsNeverQuoteRecordContents() {
        byte[] bytes = RegistryAvroSerde.generic(registry, false).serializer().serialize("m", v1("confidential-label", 5));
        RegistrySerdeException truncated = assertReason(Arrays.copyOf(bytes, bytes.length - 2),
                RegistrySerdeException.Reason.TRUNCATED);
        assertThat(truncated.getMessage()).doesNotContain("confidential");
        GenericRecord wrong = new GenericData.Record(TestSchemas.v1());
        wrong.put("label", "confidential-label");
        wrong.put("count", "not-a-number-confidential");
        assertThatThrownBy(() -> RegistryAvroSerde.generic(registry, false).serializer().serialize("m", wrong))
                .isInstanceOfSatisfying(RegistrySerdeException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RegistrySerdeException.Reason.NOT_SERIALIZABLE);
                    assertThat(e.getMessage()).doesNotContain("confidential");
                    assertThat(e.getCause()).isNull();
                });
    }

    @Test
    void withoutAutoRegistrationOnlyKnownSchemasAreWritten() {
        RegistryAvroSerializer<GenericRecord> lookupOnly = new RegistryAvroSerializer<>(registry, false, false);
        assertThatThrownBy(() -> lookupOnly.serialize("m", v1("a", 1)))
                .isInstanceOfSatisfying(RegistrySerdeException.class,
                        e -> assertThat(e.reason()).isEqualTo(RegistrySerdeException.Reason.SCHEMA_NOT_REGISTERED));
        assertThat(registry.subjects()).isEmpty();
        int id = registry.register("m-value", TestSchemas.v1());
        assertThat(WireFormat.schemaId(lookupOnly.serialize("m", v1("a", 1)))).isEqualTo(id);
    }

    @Test
    void incompatibleWriterSchemasAreRejectedByTheRegistry() {
        registry.register("m-value", TestSchemas.v1());
        GenericRecord r = new GenericData.Record(TestSchemas.requiredField());
        r.put("label", "a");
        r.put("count", 1);
        r.put("site", "b");
        assertThatThrownBy(() -> RegistryAvroSerde.generic(registry, false).serializer().serialize("m", r))
                .isInstanceOfSatisfying(RegistrySerdeException.class,
                        e -> assertThat(e.reason()).isEqualTo(RegistrySerdeException.Reason.SCHEMA_REJECTED));
    }

    @Test
    void isAKafkaSerializationExceptionWithAHeaderValue() {
        RegistrySerdeException e = assertReason(new byte[] {7}, RegistrySerdeException.Reason.BAD_MAGIC);
        assertThat(e).isInstanceOf(SerializationException.class);
        assertThat(new String(e.reasonHeaderValue(), StandardCharsets.UTF_8)).isEqualTo("BAD_MAGIC");
        assertThat(RegistrySerdeException.reasonOf(new org.apache.kafka.streams.errors.StreamsException("wrapped", e)))
                .contains(RegistrySerdeException.Reason.BAD_MAGIC);
        assertThat(RegistrySerdeException.reasonOf(new IllegalStateException("other"))).isEmpty();
    }

    @Test
    void configuredFromPropertiesRequiresAUrl() {
        RegistryAvroSerde<Object> serde = new RegistryAvroSerde<>();
        assertThatThrownBy(() -> serde.configure(Map.of(), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> serde.configure(Map.of("schema.registry.url", "http://localhost:1",
                "auto.register.schemas", "maybe"), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auto.register.schemas");
    }

    private RegistrySerdeException assertReasonIn(byte[] bytes) {
        try {
            RegistryAvroDeserializer.generic(registry).deserialize("m", bytes);
        } catch (RegistrySerdeException e) {
            return e;
        }
        throw new AssertionError("expected a RegistrySerdeException for " + Arrays.toString(bytes));
    }

    private RegistrySerdeException assertReason(byte[] bytes, RegistrySerdeException.Reason reason) {
        RegistryAvroDeserializer<GenericRecord> d = RegistryAvroDeserializer.generic(registry);
        try {
            d.deserialize("m", bytes);
        } catch (RegistrySerdeException e) {
            assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
            return e;
        }
        throw new AssertionError("expected " + reason + " for " + Arrays.toString(bytes));
    }

    /** A registry that knows one schema under one id: to pin the byte order of large ids. */
    private record FixedIdClient(int id, Schema schema) implements SchemaRegistryClient {
        @Override
        public int register(String subject, Schema s) {
            return id;
        }

        @Override
        public SubjectVersion lookup(String subject, Schema s) {
            return new SubjectVersion(subject, 1, id, s.toString());
        }

        @Override
        public Schema schemaById(int i) {
            if (i != id) {
                throw new RegistryException(RegistryException.SCHEMA_NOT_FOUND, "Schema " + i + " not found");
            }
            return schema;
        }

        @Override
        public List<String> subjects() {
            return List.of();
        }

        @Override
        public List<Integer> versions(String subject) {
            return List.of();
        }

        @Override
        public SubjectVersion version(String subject, int version) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SubjectVersion latestVersion(String subject) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isCompatible(String subject, Schema s) {
            return true;
        }

        @Override
        public List<Integer> deleteSubject(String subject) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int deleteVersion(String subject, int version) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompatibilityLevel globalCompatibility() {
            return CompatibilityLevel.NONE;
        }

        @Override
        public void setGlobalCompatibility(CompatibilityLevel level) {
        }

        @Override
        public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
            return Optional.empty();
        }

        @Override
        public void setSubjectCompatibility(String subject, CompatibilityLevel level) {
        }
    }
}
