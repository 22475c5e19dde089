package org.followupmonitor.stream;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.ResultAvro;
import org.followupmonitor.analysis.avro.CohortComparison;
import org.followupmonitor.analysis.avro.SurvivalEstimates;

/**
 * The {@code analysis-results} store's values: a result as its two public Avro records (estimates, then
 * comparison), each length-prefixed Avro binary, joined back losslessly by {@link ResultAvro#join}. A result
 * of a large cohort holds thousands of curve points; as JSON that was a megabyte per write, most of the
 * publication time spent printing doubles, and it outgrew Kafka's default record size.
 */
public final class ResultSerde implements Serde<AnalysisResult> {
    private static final byte VERSION = 1;
    private final AvroBinarySerde<SurvivalEstimates> estimates = new AvroBinarySerde<>(SurvivalEstimates.class);
    private final AvroBinarySerde<CohortComparison> comparisons = new AvroBinarySerde<>(CohortComparison.class);

    @Override
    public Serializer<AnalysisResult> serializer() {
        return (topic, r) -> {
            if (r == null) {
                return null;
            }
            byte[] e = estimates.serializer().serialize(topic, ResultAvro.estimates(r));
            byte[] c = comparisons.serializer().serialize(topic, ResultAvro.comparison(r));
            return ByteBuffer.allocate(1 + 4 + e.length + c.length).put(VERSION).putInt(e.length).put(e).put(c).array();
        };
    }

    /**
     * Checks the frame of a result's bytes without decoding it (the version byte, and the first record's length
     * within the bytes): cheap, so a reader that defers decoding can still reject foreign or truncated bytes at once.
     *
     * @return the first record's length
     * @throws SerializationException when the bytes are not a result of this format
     */
    static int checkFrame(byte[] bytes) {
        if (bytes.length < 5 || bytes[0] != VERSION) {
            throw new SerializationException("not a stored analysis result of format " + VERSION
                    + (bytes.length == 0 ? " (empty)" : " (version byte " + bytes[0] + ")"));
        }
        int n = ByteBuffer.wrap(bytes, 1, 4).getInt();
        if (n < 0 || 5 + n > bytes.length) {
            throw new SerializationException("a stored analysis result is truncated");
        }
        return n;
    }

    @Override
    public Deserializer<AnalysisResult> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            int n = checkFrame(bytes);
            byte[] e = java.util.Arrays.copyOfRange(bytes, 5, 5 + n);
            byte[] c = java.util.Arrays.copyOfRange(bytes, 5 + n, bytes.length);
            return ResultAvro.join(estimates.deserializer().deserialize(topic, e),
                    comparisons.deserializer().deserialize(topic, c));
        };
    }
}
