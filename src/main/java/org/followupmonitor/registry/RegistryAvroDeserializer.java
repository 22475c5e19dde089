package org.followupmonitor.registry;

import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the Confluent wire format: fetches the writer schema by the id in the header (cached) and
 * resolves it against the reader schema (Avro schema resolution: fields added with defaults are filled,
 * removed fields skipped), into a generated {@link SpecificRecord} class or a {@link GenericRecord}.
 * Null bytes deserialise to null (tombstones). Thread-safe.
 *
 * <p>Every failure is a {@link RegistrySerdeException} with a reason: BAD_MAGIC, TRUNCATED,
 * UNKNOWN_SCHEMA_ID, REGISTRY_UNAVAILABLE, INCOMPATIBLE_SCHEMA or UNDECODABLE (also when bytes remain
 * after the datum).
 *
 * @param <T> the record type
 */
public final class RegistryAvroDeserializer<T> implements Deserializer<T> {
    private enum Mode { WRITER_SCHEMA, READER_SCHEMA, SPECIFIC_CLASS, SPECIFIC_BY_NAME }

    private volatile SchemaRegistryClient client;
    private volatile Mode mode;
    private final Schema readerSchema;
    private final Map<Integer, Schema> writerSchemas = new ConcurrentHashMap<>();
    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

    /**
     * For Kafka to instantiate from properties; {@link #configure} must then be called. Reads
     * GenericRecords with the writer's schema, or generated classes with {@code specific.avro.reader=true}.
     */
    public RegistryAvroDeserializer() {
        this.readerSchema = null;
    }

    private RegistryAvroDeserializer(SchemaRegistryClient client, Mode mode, Schema readerSchema) {
        this.client = Objects.requireNonNull(client, "client");
        this.mode = mode;
        this.readerSchema = readerSchema;
    }

    /** GenericRecords in the schema each record was written with. */
    public static RegistryAvroDeserializer<GenericRecord> generic(SchemaRegistryClient client) {
        return new RegistryAvroDeserializer<>(client, Mode.WRITER_SCHEMA, null);
    }

    /** GenericRecords resolved to {@code readerSchema} (the schema this code was written against). */
    public static RegistryAvroDeserializer<GenericRecord> generic(SchemaRegistryClient client, Schema readerSchema) {
        return new RegistryAvroDeserializer<>(client, Mode.READER_SCHEMA, Objects.requireNonNull(readerSchema, "readerSchema"));
    }

    /** Instances of the generated class {@code type}, whose schema is the reader schema. */
    public static <T extends SpecificRecord> RegistryAvroDeserializer<T> specific(SchemaRegistryClient client, Class<T> type) {
        Schema schema = SpecificData.getForClass(type).getSchema(type);
        return new RegistryAvroDeserializer<>(client, Mode.SPECIFIC_CLASS, schema);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (mode == null) {
            mode = RegistrySerdeConfig.bool(configs, RegistrySerdeConfig.SPECIFIC_AVRO_READER, false)
                    ? Mode.SPECIFIC_BY_NAME : Mode.WRITER_SCHEMA;
        }
        if (client == null) {
            client = RegistrySerdeConfig.client(configs);
        }
    }

    /**
     * @throws RegistrySerdeException with the reason the bytes cannot be read
     */
    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("RegistryAvroDeserializer is not configured: call configure() with "
                    + RegistrySerdeConfig.SCHEMA_REGISTRY_URL + " or use a factory with a client");
        }
        int id = WireFormat.schemaId(data);
        DatumReader<T> reader = readers.get(id);
        if (reader == null) {
            reader = readerFor(topic, id);
            readers.putIfAbsent(id, reader);
        }
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_LENGTH,
                data.length - WireFormat.HEADER_LENGTH, null);
        T value;
        try {
            value = reader.read(null, decoder);
        } catch (SecurityException e) {
            throw e; // a class not on Avro's trusted list is a configuration error, not bad data
        } catch (EOFException e) {
            throw new RegistrySerdeException(RegistrySerdeException.Reason.TRUNCATED, id, "the Avro body ends before the"
                    + " datum of schema " + id + " is complete; topic " + topic, null);
        } catch (IOException | RuntimeException e) {
            // The cause is dropped on purpose: Avro's messages can quote decoded values.
            throw new RegistrySerdeException(RegistrySerdeException.Reason.UNDECODABLE, id, "the Avro body does not"
                    + " decode with schema " + id + " (" + e.getClass().getSimpleName() + "); topic " + topic, null);
        }
        try {
            if (!decoder.isEnd()) {
                throw new RegistrySerdeException(RegistrySerdeException.Reason.UNDECODABLE, id, "bytes remain after"
                        + " the datum of schema " + id + "; topic " + topic, null);
            }
        } catch (IOException e) {
            throw new RegistrySerdeException(RegistrySerdeException.Reason.UNDECODABLE, id, "cannot check the end"
                    + " of the Avro body; topic " + topic, null);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private DatumReader<T> readerFor(String topic, int id) {
        Schema writer = writerSchemas.computeIfAbsent(id, i -> fetch(topic, i));
        Schema reader;
        SpecificData model = null;
        switch (mode) {
            case WRITER_SCHEMA -> reader = writer;
            case READER_SCHEMA -> reader = readerSchema;
            case SPECIFIC_CLASS -> {
                reader = readerSchema;
                model = SpecificData.getForSchema(readerSchema);
            }
            default -> {
                model = SpecificData.getForSchema(writer);
                Class<?> type = model.getClass(writer);
                if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
                    throw new RegistrySerdeException(RegistrySerdeException.Reason.INCOMPATIBLE_SCHEMA, id, "no generated"
                            + " class for " + writer.getFullName() + " on the classpath; topic " + topic, null);
                }
                reader = model.getSchema(type);
            }
        }
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new RegistrySerdeException(RegistrySerdeException.Reason.INCOMPATIBLE_SCHEMA, id, "writer schema "
                    + id + " (" + writer.getFullName() + ") cannot be read as " + reader.getFullName() + ": "
                    + compatibility.getResult().getIncompatibilities().stream()
                            .map(i -> i.getType() + " at " + i.getLocation()).toList() + "; topic " + topic, null);
        }
        if (model != null) {
            return new SpecificDatumReader<>(writer, reader, model);
        }
        return new GenericDatumReader<>(writer, reader, GenericData.get());
    }

    private Schema fetch(String topic, int id) {
        try {
            return client.schemaById(id);
        } catch (RegistryException e) {
            if (e.errorCode() == RegistryException.SCHEMA_NOT_FOUND || e.httpStatus() == 404) {
                throw new RegistrySerdeException(RegistrySerdeException.Reason.UNKNOWN_SCHEMA_ID, id, "schema id "
                        + id + " is not known to the registry; topic " + topic, null);
            }
            throw new RegistrySerdeException(RegistrySerdeException.Reason.REGISTRY_UNAVAILABLE, id, "cannot fetch"
                    + " schema " + id + ": registry error " + e.errorCode() + " (" + e.getMessage() + "); topic "
                    + topic, e);
        }
    }

    @Override
    public void close() {
        // The client is shared; nothing to release here.
    }
}
