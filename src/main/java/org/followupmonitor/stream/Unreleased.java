package org.followupmonitor.stream;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.followupmonitor.analysis.AnalysisResult;

/**
 * What the cohort stage hands to the release stage for one analysis: its result recomputed in full (nothing
 * withheld yet), or, with a null result, a notice that new input changed nothing in it. Internal only: it
 * holds the counts that disclosure control may withhold, so it never leaves the application's own topics.
 *
 * @param result the complete result, or null for an "unchanged" notice
 * @param inputOffsets per partition of {@code patient-events}, the offset before which every event is in it
 */
public record Unreleased(String analysis, AnalysisResult result, Map<Integer, Long> inputOffsets) {
    public Unreleased {
        Objects.requireNonNull(analysis, "analysis");
        inputOffsets = Map.copyOf(inputOffsets);
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

    /** The same result standing through more input. */
    Unreleased through(Map<Integer, Long> offsets) {
        Map<Integer, Long> merged = new TreeMap<>(inputOffsets);
        offsets.forEach((p, o) -> merged.merge(p, o, Math::max));
        return new Unreleased(analysis, result, merged);
    }
}
