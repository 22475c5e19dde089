package org.followupmonitor.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Properties of the serde. jqwik prints the seed of any failing run; re-run it with
 * {@code @Property(seed = "...")}.
 */
class RegistryAvroSerdePropertiesTest {
    private final SchemaRegistryService registry = SchemaRegistryService.inMemory();
    private final RegistryAvroSerde<GenericRecord> serde = RegistryAvroSerde.generic(registry, false);

    @Property(tries = 300)
    void roundTripsAnyLabelAndCount(@ForAll("labels") String label, @ForAll int count) {
        GenericRecord r = record(label, count);
        byte[] bytes = serde.serializer().serialize("p", r);
        assertThat(WireFormat.schemaId(bytes)).isEqualTo(registry.latestVersion("p-value").id());
        GenericRecord back = serde.deserializer().deserialize("p", bytes);
        assertThat(back.get("label").toString()).isEqualTo(label);
        assertThat(back.get("count")).isEqualTo(count);
    }

    @Property(tries = 200)
    void everyStrictPrefixOfAValidRecordIsTruncated(@ForAll("labels") String label, @ForAll int count) {
        byte[] bytes = serde.serializer().serialize("p", record(label, count));
        for (int n = 0; n < bytes.length; n++) {
            byte[] prefix = Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> serde.deserializer().deserialize("p", prefix))
                    .isInstanceOfSatisfying(RegistrySerdeException.class,
                            e -> assertThat(e.reason()).isEqualTo(RegistrySerdeException.Reason.TRUNCATED));
        }
    }

    /** Whatever arrives, the outcome is a record or a RegistrySerdeException: never another failure. */
    @Property(tries = 1000)
    void arbitraryBodiesDecodeOrFailWithAReason(@ForAll @Size(max = 24) byte[] body, @ForAll @IntRange(min = 0, max = 2) int idChoice) {
        int id = registry.register("p-value", TestSchemas.v1());
        byte[] bytes = new byte[WireFormat.HEADER_LENGTH + body.length];
        WireFormat.writeHeader(bytes, idChoice == 2 ? 12345 : id);
        System.arraycopy(body, 0, bytes, WireFormat.HEADER_LENGTH, body.length);
        try {
            GenericRecord r = serde.deserializer().deserialize("p", bytes);
            assertThat(r.getSchema()).isEqualTo(TestSchemas.v1());
        } catch (RegistrySerdeException e) {
            assertThat(e.reason()).isIn(RegistrySerdeException.Reason.TRUNCATED, RegistrySerdeException.Reason.UNDECODABLE,
                    RegistrySerdeException.Reason.UNKNOWN_SCHEMA_ID);
        }
    }

    @Property(tries = 300)
    void anyFirstByteOtherThanZeroIsBadMagic(@ForAll byte first, @ForAll @Size(max = 12) byte[] rest) {
        if (first == 0) {
            return;
        }
        byte[] bytes = new byte[1 + rest.length];
        bytes[0] = first;
        System.arraycopy(rest, 0, bytes, 1, rest.length);
        assertThatThrownBy(() -> serde.deserializer().deserialize("p", bytes))
                .isInstanceOfSatisfying(RegistrySerdeException.class,
                        e -> assertThat(e.reason()).isEqualTo(RegistrySerdeException.Reason.BAD_MAGIC));
    }

    @Provide
    Arbitrary<String> labels() {
        // Valid Unicode only: a lone surrogate has no UTF-8 form (Avro strings are UTF-8), so it cannot round-trip.
        Arbitrary<String> bmp = Arbitraries.strings().withCharRange('\u0000', '\uD7FF').withCharRange('\uE000', '\uFFFF')
                .ofMaxLength(30);
        Arbitrary<String> astral = Arbitraries.integers().between(0x10000, 0x10FFFF).map(Character::toString);
        return Arbitraries.oneOf(bmp, Arbitraries.strings().all().ofLength(0), astral.list().ofMaxSize(5)
                .map(l -> String.join("", l)));
    }

    private static GenericRecord record(String label, int count) {
        GenericRecord r = new GenericData.Record(TestSchemas.v1());
        r.put("label", label);
        r.put("count", count);
        return r;
    }
}
