package org.followupmonitor.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generated {@link SpecificRecord}s or {@link org.apache.avro.generic.GenericRecord}s)
 * in the Confluent wire format. The writer schema is the record's own; it is registered under the
 * TopicNameStrategy subject ({@code <topic>-key|-value}) or, with auto-registration off, looked up
 * there. Ids are cached per subject and schema, so the registry is called once per schema. A null
 * value serialises to null (a tombstone). Thread-safe.
 *
 * @param <T> the record type
 */
public final class RegistryAvroSerializer<T> implements Serializer<T> {
    private volatile SchemaRegistryClient client;
    private volatile boolean isKey;
    private volatile boolean autoRegister;
    private final Map<String, Map<Schema, Integer>> ids = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();

    /** For Kafka to instantiate from properties; {@link #configure} must then be called. */
    public RegistryAvroSerializer() {
        this.autoRegister = true;
    }

    /**
     * A serializer on {@code client}.
     *
     * @param isKey        whether it writes keys (subject {@code <topic>-key}) or values ({@code <topic>-value})
     * @param autoRegister register unknown schemas (true) or only look them up (false)
     */
    public RegistryAvroSerializer(SchemaRegistryClient client, boolean isKey, boolean autoRegister) {
        this.client = java.util.Objects.requireNonNull(client, "client");
        this.isKey = isKey;
        this.autoRegister = autoRegister;
    }

    /**
     * Reads {@link RegistrySerdeConfig} keys; builds an HTTP client from {@code schema.registry.url}
     * unless one was given to the constructor.
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        this.autoRegister = RegistrySerdeConfig.bool(configs, RegistrySerdeConfig.AUTO_REGISTER_SCHEMAS, autoRegister);
        if (client == null) {
            client = RegistrySerdeConfig.client(configs);
        }
    }

    /**
     * @throws RegistrySerdeException NOT_SERIALIZABLE, SCHEMA_NOT_REGISTERED, SCHEMA_REJECTED or
     *                                REGISTRY_UNAVAILABLE
     */
    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("RegistryAvroSerializer is not configured: call configure() with "
                    + RegistrySerdeConfig.SCHEMA_REGISTRY_URL + " or construct it with a client");
        }
        if (!(data instanceof GenericContainer container)) {
            throw new RegistrySerdeException(RegistrySerdeException.Reason.NOT_SERIALIZABLE, "a "
                    + data.getClass().getName() + " is not an Avro record; topic " + topic);
        }
        Schema schema = container.getSchema();
        String subject = WireFormat.subject(topic, isKey);
        int id = ids.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).computeIfAbsent(schema, s -> idFor(subject, s));
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        byte[] header = new byte[WireFormat.HEADER_LENGTH];
        WireFormat.writeHeader(header, id);
        out.writeBytes(header);
        try {
            // Buffered: the direct encoder writes byte by byte into the (synchronized) stream.
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            writers.computeIfAbsent(schema, RegistryAvroSerializer::writerFor).write(data, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            // The cause is dropped on purpose: Avro's messages can quote the offending value.
            throw new RegistrySerdeException(RegistrySerdeException.Reason.NOT_SERIALIZABLE, id, "a "
                    + schema.getFullName() + " does not fit its schema (" + e.getClass().getSimpleName()
                    + "); topic " + topic, null);
        }
        return out.toByteArray();
    }

    private int idFor(String subject, Schema schema) {
        try {
            return autoRegister ? client.register(subject, schema) : client.lookup(subject, schema).id();
        } catch (RegistryException e) {
            RegistrySerdeException.Reason reason;
            if (!autoRegister && e.isNotFound()) {
                reason = RegistrySerdeException.Reason.SCHEMA_NOT_REGISTERED;
            } else if (e.httpStatus() == 409 || e.httpStatus() == 422) {
                reason = RegistrySerdeException.Reason.SCHEMA_REJECTED;
            } else {
                reason = RegistrySerdeException.Reason.REGISTRY_UNAVAILABLE;
            }
            throw new RegistrySerdeException(reason, -1, "schema " + schema.getFullName() + " under subject "
                    + subject + ": registry error " + e.errorCode() + " (" + e.getMessage() + ")", e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static DatumWriter<Object> writerFor(Schema schema) {
        SpecificData model = SpecificData.getForSchema(schema);
        // A generated class for this schema on the classpath: use its model (and its logical-type conversions).
        if (model.getClass(schema) != null) {
            return (DatumWriter) new SpecificDatumWriter<>(schema, model);
        }
        return new GenericDatumWriter<>(schema, GenericData.get());
    }

    @Override
    public void close() {
        // The client is shared; nothing to release here.
    }
}
