package org.followupmonitor.stream;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Two counts in 8 bytes: a risk-set cell's (events, censored), or (count, 0) for clock and exclusions. */
public final class CountsSerde implements Serde<int[]> {
    @Override
    public Serializer<int[]> serializer() {
        return (topic, c) -> c == null ? null : ByteBuffer.allocate(8).putInt(c[0]).putInt(c[1]).array();
    }

    @Override
    public Deserializer<int[]> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length != 8) {
                throw new SerializationException("a counts value has 8 bytes, got " + bytes.length);
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            return new int[] {b.getInt(), b.getInt()};
        };
    }
}
