package org.followupmonitor.cohortstate;

import java.util.HashMap;
import java.util.Map;
import org.followupmonitor.analysis.CutHistory;
import org.followupmonitor.analysis.SubjectRow;

/**
 * Shared instances of the parts of subject entries that repeat across a whole cohort, for the entries
 * {@link CohortState} keeps in memory ({@link SubjectColumns}). Every decoded entry brings its own copies of them:
 * group, stratum and level strings, the covariate maps (a handful of level combinations), a row's labels
 * ({@link RowLabels}). At 10^6 patients those copies were most of the monitor's heap (README, Known limits), so each
 * entry held keeps one instance of each.
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

    /** A cut history equal to {@code h} whose strings are the shared instances; null for null. */
    CutHistory cuts(CutHistory h) {
        if (h == null) {
            return null;
        }
        String[] groups = h.groups();
        String[] strata = h.strata();
        for (int i = 0; i < groups.length; i++) {
            groups[i] = strings.of(groups[i]);
            strata[i] = strings.of(strata[i]);
        }
        return new CutHistory(h.days(), h.times(), h.events(), groups, strata);
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
