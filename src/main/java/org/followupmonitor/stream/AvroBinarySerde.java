package org.followupmonitor.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Plain Avro binary for a state store's values (the timeline store's changelog is read only by this
 * app, so no registry round trip is needed; the schema evolves under the same BACKWARD rule).
 */
public final class AvroBinarySerde<T extends SpecificRecord> implements Serde<T> {
    private final Class<T> type;
    private final ThreadLocal<SpecificDatumWriter<T>> writers;
    private final ThreadLocal<SpecificDatumReader<T>> readers;

    public AvroBinarySerde(Class<T> type) {
        this.type = type;
        this.writers = ThreadLocal.withInitial(() -> new SpecificDatumWriter<>(type));
        this.readers = ThreadLocal.withInitial(() -> new SpecificDatumReader<>(type));
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                // A buffered encoder: the direct one writes byte by byte into a synchronized stream, which
                // dominated the cost of storing a timeline. Writers and readers are per thread (no lock).
                ByteArrayOutputStream out = new ByteArrayOutputStream(512);
                BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
                writers.get().write(data, enc);
                enc.flush();
                return out.toByteArray();
            } catch (IOException e) {
                throw new SerializationException("cannot encode " + type.getSimpleName());
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return readers.get().read(null, DecoderFactory.get().binaryDecoder(bytes, null));
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot decode " + type.getSimpleName() + " from " + topic);
            }
        };
    }
}
