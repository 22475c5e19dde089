package org.followupmonitor.stream;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A measurement hook, off unless asked for ({@link CohortProcessor.Settings#inputOffsets}): per analysis and input
 * partition of {@code patient-events}, the offset before which every event is reflected in the analysis' cohort, as
 * the deltas carry it. Only a {@link ResultListener} that wants to know exactly which input a publication includes
 * needs it (the bench's latency measure); the results themselves never depend on it. When off, the timeline stage
 * sends no offsets and no delta for input that changed nothing, and this records nothing.
 */
final class InputOffsets {
    private final boolean enabled;
    /** Per analysis, per source partition: the input offset its latest delta reflects. */
    private final Map<String, Map<Integer, Long>> reached = new TreeMap<>();
    /** Per analysis: the offsets the release stage was last told of. */
    private final Map<String, Map<Integer, Long>> told = new HashMap<>();

    InputOffsets(boolean enabled) {
        this.enabled = enabled;
    }

    /** A delta of {@code source} reflects the input before {@code offset} (-1: unknown, ignored). */
    void reached(String analysis, int source, long offset) {
        if (enabled && offset >= 0) {
            reached.computeIfAbsent(analysis, k -> new TreeMap<>()).merge(source, offset, Math::max);
        }
    }

    /** What the analysis' deltas so far reflect (not recorded as told); empty when off. */
    Map<Integer, Long> reached(String analysis) {
        return Map.copyOf(reached.getOrDefault(analysis, Map.of()));
    }

    /** What a result of the analysis computed now reflects, recorded as told; empty when off. */
    Map<Integer, Long> tell(String analysis) {
        Map<Integer, Long> offsets = Map.copyOf(reached.getOrDefault(analysis, Map.of()));
        if (enabled) {
            told.put(analysis, offsets);
        }
        return offsets;
    }

    /**
     * The analyses whose last told result stands through more input: their offsets moved since they were told, and
     * {@code settled} says nothing of theirs is changing. Each is recorded as told.
     *
     * @return per such analysis, its offsets now
     */
    Map<String, Map<Integer, Long>> standing(Predicate<String> settled) {
        Map<String, Map<Integer, Long>> out = new LinkedHashMap<>();
        reached.forEach((name, offsets) -> {
            Map<Integer, Long> last = told.get(name);
            if (last != null && !offsets.equals(last) && settled.test(name)) {
                Map<Integer, Long> copy = Map.copyOf(offsets);
                told.put(name, copy);
                out.put(name, copy);
            }
        });
        return out;
    }
}
