package org.followupmonitor.stream;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.followupmonitor.analysis.AnalysisResult;

/**
 * What the cohort stage hands to the release stage for one analysis: its result recomputed in full (nothing
 * withheld yet), or, without a result, a notice that new input changed nothing in it. Internal only: it
 * holds the counts that disclosure control may withhold, so it never leaves the application's own topics.
 *
 * <p>One read from {@code release-inputs} keeps the result as the bytes it came in ({@link UnreleasedSerde}) and
 * decodes them only when {@link #result} is first asked for. Under a burst the cohort stage sends an analysis again
 * before the release stage has released the last one: a result overtaken that way is never decoded, and storing or
 * re-sending one writes its bytes as they came instead of encoding it again (a result holds whole curves: decoding
 * and encoding them were most of the release stage's time).
 */
public final class Unreleased {
    private final String analysis;
    private final Map<Integer, Long> inputOffsets;
    /** The result as {@link ResultSerde} writes it, when read from a topic or store; null when built in memory. */
    private final byte[] encoded;
    /** The result, once decoded or when built in memory; null for a notice. */
    private AnalysisResult result;

    /**
     * @param result the complete result, or null for an "unchanged" notice
     * @param inputOffsets per partition of {@code patient-events}, the offset before which every event is in it
     */
    public Unreleased(String analysis, AnalysisResult result, Map<Integer, Long> inputOffsets) {
        this(analysis, result, null, inputOffsets);
    }

    private Unreleased(String analysis, AnalysisResult result, byte[] encoded, Map<Integer, Long> inputOffsets) {
        this.analysis = Objects.requireNonNull(analysis, "analysis");
        this.result = result;
        this.encoded = encoded;
        this.inputOffsets = Map.copyOf(inputOffsets);
    }

    /** As read: the result's bytes, decoded on first use (see the class comment). */
    static Unreleased encoded(String analysis, byte[] encodedResult, Map<Integer, Long> inputOffsets) {
        return new Unreleased(analysis, null, Objects.requireNonNull(encodedResult, "encodedResult"), inputOffsets);
    }

    /** Not an analysis name (those are lower-case letters, digits and hyphens). */
    private static final String ROUND = "#round";

    /** Marks the end of one cohort task's publishing round: the release stage plans once per round. */
    static Unreleased endOfRound() {
        return new Unreleased(ROUND, null, Map.of());
    }

    boolean isEndOfRound() {
        return ROUND.equals(analysis);
    }

    public String analysis() {
        return analysis;
    }

    public Map<Integer, Long> inputOffsets() {
        return inputOffsets;
    }

    /** Whether this carries a result (false for an "unchanged" notice), without decoding it. */
    boolean hasResult() {
        return result != null || encoded != null;
    }

    /** The complete result, decoded from the bytes it came in on first use; null for an "unchanged" notice. */
    public AnalysisResult result() {
        if (result == null && encoded != null) {
            result = UnreleasedSerde.decodeResult(encoded);
        }
        return result;
    }

    /** The result's bytes as they came in, or null when it was built in memory (or there is none). */
    byte[] encodedResult() {
        return encoded;
    }

    /** Whether {@code other} carries this very result (as {@link #through} passes it on), without decoding either. */
    boolean sameResultAs(Unreleased other) {
        return encoded != null ? encoded == other.encoded : result != null && result == other.result;
    }

    /** The same result standing through more input. */
    Unreleased through(Map<Integer, Long> offsets) {
        Map<Integer, Long> merged = new TreeMap<>(inputOffsets);
        offsets.forEach((p, o) -> merged.merge(p, o, Math::max));
        return new Unreleased(analysis, result, encoded, merged);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Unreleased u && analysis.equals(u.analysis) && inputOffsets.equals(u.inputOffsets)
                && Objects.equals(result(), u.result());
    }

    @Override
    public int hashCode() {
        return Objects.hash(analysis, inputOffsets);
    }

    @Override
    public String toString() {
        return "Unreleased[analysis=" + analysis + ", inputOffsets=" + inputOffsets
                + (hasResult() ? ", with result]" : ", unchanged]");
    }
}
