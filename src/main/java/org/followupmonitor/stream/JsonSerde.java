package org.followupmonitor.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.followupmonitor.analysis.ResultJson;

/**
 * JSON for the one internal store that still uses it, {@code alert-state} (small, written on a change of alert
 * state only). The other internal values are binary: the timelines and results Avro ({@link AvroBinarySerde},
 * {@link ResultSerde}), the cohort state {@code CohortCodec}; the public topics use Avro with the schema registry.
 */
public final class JsonSerde<T> implements Serde<T> {
    private static final ObjectMapper MAPPER = ResultJson.mapper();
    private final Class<T> type;

    public JsonSerde(Class<T> type) {
        this.type = type;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return MAPPER.writeValueAsBytes(data);
            } catch (IOException e) {
                throw new SerializationException("cannot write " + type.getSimpleName() + " as JSON");
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
                return MAPPER.readValue(bytes, type);
            } catch (IOException e) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from JSON on " + topic);
            }
        };
    }
}
