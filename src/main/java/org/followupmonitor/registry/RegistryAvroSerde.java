package org.followupmonitor.registry;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializer and deserializer for the Confluent wire format, as one Kafka {@link Serde} for Kafka
 * Streams ({@code Consumed.with(keySerde, RegistryAvroSerde.specific(PatientEvent.class, client, false))}).
 *
 * @param <T> the record type
 */
public final class RegistryAvroSerde<T> implements Serde<T> {
    private final RegistryAvroSerializer<T> serializer;
    private final RegistryAvroDeserializer<T> deserializer;

    /**
     * For Kafka to instantiate from properties ({@code default.value.serde}); reads GenericRecords, or
     * generated classes with {@code specific.avro.reader=true}.
     */
    public RegistryAvroSerde() {
        this(new RegistryAvroSerializer<>(), new RegistryAvroDeserializer<>());
    }

    private RegistryAvroSerde(RegistryAvroSerializer<T> serializer, RegistryAvroDeserializer<T> deserializer) {
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    /** Generated classes of {@code type}; auto-registers the writer schema. */
    public static <T extends SpecificRecord> RegistryAvroSerde<T> specific(Class<T> type, SchemaRegistryClient client,
                                                                          boolean isKey) {
        return specific(type, client, isKey, true);
    }

    /** Generated classes of {@code type}; {@code autoRegister=false} only looks the writer schema up. */
    public static <T extends SpecificRecord> RegistryAvroSerde<T> specific(Class<T> type, SchemaRegistryClient client,
                                                                          boolean isKey, boolean autoRegister) {
        return new RegistryAvroSerde<>(new RegistryAvroSerializer<>(client, isKey, autoRegister),
                RegistryAvroDeserializer.specific(client, type));
    }

    /** GenericRecords, read in their writer's schema; auto-registers. */
    public static RegistryAvroSerde<GenericRecord> generic(SchemaRegistryClient client, boolean isKey) {
        return new RegistryAvroSerde<>(new RegistryAvroSerializer<>(client, isKey, true),
                RegistryAvroDeserializer.generic(client));
    }

    /** GenericRecords resolved to {@code readerSchema}. */
    public static RegistryAvroSerde<GenericRecord> generic(SchemaRegistryClient client, boolean isKey, Schema readerSchema,
                                                           boolean autoRegister) {
        return new RegistryAvroSerde<>(new RegistryAvroSerializer<>(client, isKey, autoRegister),
                RegistryAvroDeserializer.generic(client, readerSchema));
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
