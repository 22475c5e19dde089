package org.followupmonitor.cohortstate;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.followupmonitor.analysis.CutHistory;
import org.followupmonitor.analysis.FollowUpRecord;
import org.followupmonitor.analysis.SubjectRow;

/**
 * Equal subject entries with shared parts, for the entries {@link CohortState} keeps in memory. Every decoded entry
 * brings its own copies of values that repeat across a whole cohort: group, stratum and level strings, the covariate
 * maps (a handful of level combinations), follow-up dates (a few thousand days). At 10^6 patients those copies were
 * most of the monitor's heap (README, Known limits), so each entry held is rebuilt here from one instance of each.
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
    private final Interner<LocalDate> dates = new Interner<>();

    /** An entry equal to {@code e} whose strings, maps and dates are the shared instances. */
    SubjectEntry of(SubjectEntry e) {
        return new SubjectEntry(row(e.row()), followUp(e.followUp()), cuts(e.cuts()));
    }

    private SubjectRow row(SubjectRow r) {
        if (r == null) {
            return null;
        }
        // A row's maps are immutable (SubjectRow), so one instance may serve every row with the same content; the
        // row keeps an instance it is given as it is.
        return new SubjectRow(r.timeDays(), r.event(), strings.of(r.group()), strings.of(r.stratum()),
                map(r.factors()), map(r.numbers()), map(r.switches()), r.cause());
    }

    @SuppressWarnings("unchecked")
    private <V> Map<String, V> map(Map<String, V> m) {
        return m.isEmpty() ? m : (Map<String, V>) maps.of(m);
    }

    private FollowUpRecord followUp(FollowUpRecord f) {
        return f == null ? null : new FollowUpRecord(dates.of(f.start()), dates.of(f.lastContact()), f.dead());
    }

    private CutHistory cuts(CutHistory h) {
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
