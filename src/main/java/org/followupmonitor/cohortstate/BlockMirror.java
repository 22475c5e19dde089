package org.followupmonitor.cohortstate;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * An in-memory copy of the risk-set blocks the cohort processor keeps in {@code cohort-state}: each source
 * partition's blocks, and per analysis × group × stratum their sum by day. The store stays the durable copy
 * (the mirror is rebuilt from it when a task starts); the mirror spares every recomputation a prefix scan with
 * a decoded value per block, which was a tenth of the stream threads' time.
 */
final class BlockMirror {
    /**
     * Receives one cell of the summed cohort: {@code pairs[2d]} events, {@code pairs[2d + 1]} censored on day d (with
     * competing causes, k + 1 counts per day as {@link CohortDelta.Block} lays them out).
     */
    @FunctionalInterface
    interface CellConsumer {
        void accept(String group, String stratum, int[] pairs);
    }

    private record BlockKey(int source, String group, String stratum, int index) {}

    private final Map<String, Map<BlockKey, int[]>> blocks = new HashMap<>();
    private final Map<String, Map<String, Map<String, int[]>>> sums = new HashMap<>();

    /** Sets one source's block ({@code counts} as in {@link CohortDelta.Block}; empty removes it). */
    void put(String analysis, int source, String group, String stratum, int index, int[] counts) {
        Map<BlockKey, int[]> mine = blocks.computeIfAbsent(analysis, a -> new HashMap<>());
        BlockKey key = new BlockKey(source, group, stratum, index);
        int[] old = mine.get(key);
        if (CohortDelta.Block.allZero(counts)) {
            mine.remove(key);
        } else {
            mine.put(key, counts.clone());
        }
        int[] sum = sum(analysis, group, stratum, index, counts.length);
        int from = index * counts.length;
        for (int i = 0; i < counts.length; i++) {
            sum[from + i] += counts[i] - (old == null ? 0 : old[i]);
        }
    }

    /** One source's block as held ({@code counts} as in {@link CohortDelta.Block}), or null when it has none there. */
    int[] held(String analysis, int source, String group, String stratum, int index) {
        Map<BlockKey, int[]> mine = blocks.get(analysis);
        return mine == null ? null : mine.get(new BlockKey(source, group, stratum, index));
    }

    /** Where one source holds a block: what a ranged reset compares with the blocks it sends. */
    record Place(String group, String stratum, int index) {}

    /** The places of the blocks one source holds for an analysis. */
    java.util.List<Place> placesOf(String analysis, int source) {
        Map<BlockKey, int[]> mine = blocks.get(analysis);
        java.util.List<Place> out = new java.util.ArrayList<>();
        if (mine != null) {
            mine.keySet().forEach(k -> {
                if (k.source() == source) {
                    out.add(new Place(k.group(), k.stratum(), k.index()));
                }
            });
        }
        return out;
    }

    /** Forgets everything one source sent for an analysis (a reset). */
    void dropSource(String analysis, int source) {
        Map<BlockKey, int[]> mine = blocks.get(analysis);
        if (mine == null) {
            return;
        }
        for (var it = mine.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<BlockKey, int[]> e = it.next();
            BlockKey k = e.getKey();
            if (k.source() == source) {
                int[] sum = sum(analysis, k.group(), k.stratum(), k.index(), e.getValue().length);
                int from = k.index() * e.getValue().length;
                for (int i = 0; i < e.getValue().length; i++) {
                    sum[from + i] -= e.getValue()[i];
                }
                it.remove();
            }
        }
    }

    /**
     * Every cell of the analysis' summed cohort as its dense day array, read-only and valid until the next
     * change: the fast way to build the cohort's counts (no per-day call, the days already in order).
     */
    void forEachCell(String analysis, CellConsumer consumer) {
        Map<String, Map<String, int[]>> byGroup = sums.get(analysis);
        if (byGroup != null) {
            byGroup.forEach((group, byStratum) -> byStratum.forEach((stratum, days) ->
                    consumer.accept(group, stratum, days)));
        }
    }

    /** The cell's summed days, grown to hold block {@code index} of {@code blockLength} counts. */
    private int[] sum(String analysis, String group, String stratum, int index, int blockLength) {
        Map<String, int[]> byStratum = sums.computeIfAbsent(analysis, a -> new HashMap<>())
                .computeIfAbsent(group, g -> new HashMap<>());
        int need = (index + 1) * blockLength;
        int[] days = byStratum.get(stratum);
        // Whole days of the block's width: an analysis whose endpoint changed from one cause to competing ones keeps
        // its old blocks until its sources' resets drop them, and the sums must then still read as whole days.
        if (days == null || days.length < need || days.length % blockLength != 0) {
            int size = days == null ? need : Math.max(need, 2 * days.length);
            size = (size + blockLength - 1) / blockLength * blockLength;
            days = days == null ? new int[size] : Arrays.copyOf(days, size);
            byStratum.put(stratum, days);
        }
        return days;
    }
}
