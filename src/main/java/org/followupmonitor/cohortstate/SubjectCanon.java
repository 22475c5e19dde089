package org.followupmonitor.cohortstate;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.followupmonitor.analysis.SubjectRow;

/**
 * Shared instances of the parts of subject entries that repeat across a whole cohort, for the entries
 * {@link CohortState} keeps in memory ({@link SubjectColumns}). Every decoded entry brings its own copies of them:
 * group, stratum and level strings, the covariate maps (a handful of level combinations), a row's labels
 * ({@link RowLabels}), the (group, stratum) pairs of cut histories. At 10^6 patients those copies were most of the
 * monitor's heap (docs/scale-measurements.md), so each entry held keeps one instance of each.
 *
 * <p>Bounded: each kind keeps at most {@link #LIMIT} distinct values; past that a new value is kept unshared (still
 * correct, only larger), so a covariate with a value per patient cannot grow this without end. Not thread-safe (the
 * stream thread's).
 */
final class SubjectCanon {
    /** The most distinct values kept per kind. */
    static final int LIMIT = 1 << 16;

    private final Interner<String> strings = new Interner<>();
    private final Interner<Map<String, ?>> maps = new Interner<>();
    private final Interner<RowLabels> labels = new Interner<>();

    /** The row's labels, shared: equal rows of any time give the same instance (up to the limit). */
    RowLabels labels(SubjectRow r) {
        // A row's maps are immutable (SubjectRow), so one instance may serve every row with the same content; the
        // row keeps an instance it is given as it is.
        return labels.of(new RowLabels(strings.of(r.group()), strings.of(r.stratum()), map(r.factors()), r.cause()));
    }

    /** The map, shared (an empty one as it is). */
    @SuppressWarnings("unchecked")
    <V> Map<String, V> map(Map<String, V> m) {
        return m.isEmpty() ? m : (Map<String, V>) maps.of(m);
    }

    /** A group and stratum of a cut-history entry. */
    record GroupStratum(String group, String stratum) {}

    /**
     * The (group, stratum) pairs of cut-history entries by number ({@link SubjectColumns} packs histories with these
     * numbers). Not bounded like the rest: the pairs are those of rows, the same pairs the cohort stage keeps risk-set
     * blocks for ({@link BlockMirror}), so this never outgrows them. Only appended to, and a full array is replaced
     * rather than grown in place, so an array taken by {@link #groupStrata} keeps every pair numbered until then.
     */
    private GroupStratum[] groupStrata = new GroupStratum[16];
    private final Map<GroupStratum, Integer> groupStratumNumbers = new HashMap<>();

    /** The number of the (group, stratum) pair, numbering it when it is new. */
    int groupStratum(String group, String stratum) {
        GroupStratum pair = new GroupStratum(group, stratum);
        Integer known = groupStratumNumbers.get(pair);
        if (known != null) {
            return known;
        }
        int n = groupStratumNumbers.size();
        if (n == groupStrata.length) {
            groupStrata = Arrays.copyOf(groupStrata, 2 * n);
        }
        groupStrata[n] = new GroupStratum(strings.of(group), strings.of(stratum));
        groupStratumNumbers.put(groupStrata[n], n);
        return n;
    }

    /**
     * The pairs by number, up to the last numbered so far: never changed in that range afterwards, so a snapshot
     * handed to another thread (after this call, with a happens-before edge such as an executor's hand-off) may read
     * it.
     */
    GroupStratum[] groupStrata() {
        return groupStrata;
    }

    /** One instance per distinct value, up to {@link #LIMIT}. */
    private static final class Interner<T> {
        private final Map<T, T> seen = new HashMap<>();

        T of(T value) {
            if (value == null) {
                return null;
            }
            T known = seen.get(value);
            if (known != null) {
                return known;
            }
            if (seen.size() < LIMIT) {
                seen.put(value, value);
            }
            return value;
        }
    }
}
