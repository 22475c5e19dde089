package org.followupmonitor.stream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.followupmonitor.analysis.AnalysisResult;

/**
 * {@link Unreleased} on the release stage's internal topic and store: the analysis name, offsets, then the
 * result as {@link ResultSerde} writes it (binary Avro; JSON would spend the hop printing
 * doubles). Reading leaves the result's bytes undecoded until it is asked for, and writing a value read that way
 * copies its bytes instead of encoding the result again ({@link Unreleased}). The result's frame (version, length) is
 * checked on reading all the same, so foreign or truncated bytes fail as the record is read.
 */
public final class UnreleasedSerde implements Serde<Unreleased> {
    private static final byte VERSION = 2;
    private static final ResultSerde RESULTS = new ResultSerde();

    /** A result's bytes as this serde writes them back into the result. */
    static AnalysisResult decodeResult(byte[] encoded) {
        return RESULTS.deserializer().deserialize(Names.RELEASE_INPUTS, encoded);
    }

    @Override
    public Serializer<Unreleased> serializer() {
        return (topic, u) -> {
            if (u == null) {
                return null;
            }
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(bytes);
                out.writeByte(VERSION);
                out.writeUTF(u.analysis());
                out.writeInt(u.inputOffsets().size());
                for (Map.Entry<Integer, Long> e : new java.util.TreeMap<>(u.inputOffsets()).entrySet()) {
                    out.writeInt(e.getKey());
                    out.writeLong(e.getValue());
                }
                byte[] r = !u.hasResult() ? new byte[0]
                        : u.encodedResult() != null ? u.encodedResult()
                        : RESULTS.serializer().serialize(topic, u.result());
                out.writeInt(u.hasResult() ? r.length : -1);
                out.write(r);
                out.flush();
                return bytes.toByteArray();
            } catch (IOException e) {
                throw new SerializationException("cannot write the unreleased result of " + u.analysis(), e);
            }
        };
    }

    @Override
    public Deserializer<Unreleased> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
                byte version = in.readByte();
                if (version != VERSION) {
                    throw new SerializationException("not an unreleased result of format " + VERSION + " (version byte "
                            + version + ")");
                }
                String analysis = in.readUTF();
                Map<Integer, Long> offsets = new LinkedHashMap<>();
                for (int i = in.readInt(); i > 0; i--) {
                    offsets.put(in.readInt(), in.readLong());
                }
                int n = in.readInt();
                if (n < 0) {
                    return new Unreleased(analysis, null, offsets);
                }
                byte[] result = in.readNBytes(n);
                if (result.length < n) {
                    throw new SerializationException("an unreleased result on " + topic + " is truncated");
                }
                // Decoding waits until the result is released, but its frame is checked now: bytes that are not a
                // result fail here, as any undecodable record, rather than at every release after.
                ResultSerde.checkFrame(result);
                return Unreleased.encoded(analysis, result, offsets);
            } catch (IOException e) {
                throw new SerializationException("an unreleased result on " + topic + " is truncated", e);
            }
        };
    }
}
