package org.followupmonitor.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.followupmonitor.survival.CellCounts;
import org.followupmonitor.survival.IncrementalRiskSets;
import org.followupmonitor.survival.RiskSetSnapshot;
import org.followupmonitor.survival.StratifiedRiskTables;

/**
 * The risk-set counts of one analysis by group label, stratum label and day: how many subjects had
 * the event, and how many were censored, on each day. Batch analysis builds it from subject rows;
 * the streaming app builds it from its {@code cohort-state} store. Both then go through
 * {@link #tables()}, with groups and strata in one canonical order, so the two paths compute every
 * Kaplan-Meier and log-rank number from bit-identical input.
 */
public final class CohortCounts {
    private final List<String> groups;
    private final List<String> strata;
    private final RiskSetSnapshot snapshot;

    private CohortCounts(List<String> groups, List<String> strata, RiskSetSnapshot snapshot) {
        this.groups = List.copyOf(groups);
        this.strata = List.copyOf(strata);
        this.snapshot = snapshot;
    }

    /** Group labels in canonical order (the variable's level order, else natural order). */
    public List<String> groups() {
        return groups;
    }

    /** Stratum labels in natural order; {@code [""]} without strata. */
    public List<String> strata() {
        return strata;
    }

    public boolean isEmpty() {
        return snapshot.isEmpty();
    }

    /** The counts as the survival package's stratified risk tables, group and stratum codes by the orders above. */
    public StratifiedRiskTables tables() {
        return IncrementalRiskSets.tables(snapshot, Math.max(1, groups.size()), Math.max(1, strata.size()));
    }

    /** Collects counts in any order; {@link #build} sorts them. */
    public static Builder builder(Optional<Variable> groupBy) {
        return new Builder(groupBy);
    }

    /** The counts of a collection of subject rows (the batch path). */
    public static CohortCounts of(Optional<Variable> groupBy, Iterable<SubjectRow> rows) {
        Builder b = builder(groupBy);
        for (SubjectRow r : rows) {
            b.add(r.group(), r.stratum(), r.timeDays(), r.event() ? 1 : 0, r.event() ? 0 : 1);
        }
        return b.build();
    }

    /** Accumulates (group, stratum, day) → (events, censored). */
    public static final class Builder {
        private final Comparator<String> groupOrder;
        // Hash maps while collecting (millions of adds), sorted once in build().
        private final Map<String, Map<String, java.util.HashMap<Integer, int[]>>> cells = new java.util.HashMap<>();
        /** Cells given whole as dense day arrays (the streaming path), kept apart from the per-day adds. */
        private final Map<String, Map<String, int[]>> dense = new java.util.HashMap<>();

        private Builder(Optional<Variable> groupBy) {
            this.groupOrder = levelOrder(groupBy);
        }

        /**
         * Adds counts for one day of one cell.
         *
         * @throws IllegalArgumentException for a negative day or count
         */
        public Builder add(String group, String stratum, int day, int events, int censored) {
            if (day < 0 || events < 0 || censored < 0) {
                throw new IllegalArgumentException("day and counts must be >= 0, were day " + day + ", events "
                        + events + ", censored " + censored);
            }
            if (events == 0 && censored == 0) {
                return this;
            }
            int[] c = cells.computeIfAbsent(group, g -> new java.util.HashMap<>())
                    .computeIfAbsent(stratum, s -> new java.util.HashMap<>())
                    .computeIfAbsent(day, d -> new int[2]);
            c[0] += events;
            c[1] += censored;
            return this;
        }

        /**
         * Adds a whole cell's counts by day: {@code pairs[2d]} events and {@code pairs[2d + 1]} censorings on
         * day {@code d}. The array is read, not kept, by {@link #build}; a cell may be given this way once.
         *
         * @throws IllegalArgumentException for an odd length or a cell given densely twice
         */
        public Builder addDays(String group, String stratum, int[] pairs) {
            if (pairs.length % 2 != 0) {
                throw new IllegalArgumentException("dense day counts come in pairs, length was " + pairs.length);
            }
            boolean any = false;
            for (int v : pairs) {
                if (v < 0) {
                    throw new IllegalArgumentException("counts must be >= 0 in cell " + group + "/" + stratum);
                }
                any |= v != 0;
            }
            if (any && dense.computeIfAbsent(group, g -> new java.util.HashMap<>()).put(stratum, pairs) != null) {
                throw new IllegalArgumentException("cell " + group + "/" + stratum + " given densely twice");
            }
            return this;
        }

        public CohortCounts build() {
            java.util.Set<String> groupSet = new java.util.HashSet<>(cells.keySet());
            groupSet.addAll(dense.keySet());
            List<String> groups = new ArrayList<>(groupSet);
            groups.sort(groupOrder);
            List<String> strata = java.util.stream.Stream.concat(cells.values().stream(), dense.values().stream())
                    .flatMap(m -> m.keySet().stream()).distinct().sorted().toList();
            List<CellCounts> list = new ArrayList<>();
            // RiskSetSnapshot wants cells ordered by (stratum, group).
            for (int s = 0; s < strata.size(); s++) {
                for (int g = 0; g < groups.size(); g++) {
                    Map<Integer, int[]> unsorted = cells.getOrDefault(groups.get(g), Map.of()).get(strata.get(s));
                    int[] pairs = dense.getOrDefault(groups.get(g), Map.of()).get(strata.get(s));
                    if (pairs != null && unsorted != null) {
                        // Both ways for one cell (no caller does this): fold the dense days into the map.
                        for (int d = 0; d < pairs.length / 2; d++) {
                            add(groups.get(g), strata.get(s), d, pairs[2 * d], pairs[2 * d + 1]);
                        }
                        pairs = null;
                    }
                    if (pairs != null) {
                        list.add(CellCounts.ofDense(g, s, pairs));
                    } else if (unsorted != null && !unsorted.isEmpty()) {
                        list.add(CellCounts.of(g, s, new TreeMap<>(unsorted)));
                    }
                }
            }
            return new CohortCounts(groups, strata.isEmpty() ? List.of("") : strata, new RiskSetSnapshot(list));
        }
    }

    /** Orders levels as the variable declares them (reference first), unknown levels after, naturally. */
    static Comparator<String> levelOrder(Optional<Variable> variable) {
        List<String> declared = variable.flatMap(Variable::levels).orElse(List.of());
        return Comparator.<String>comparingInt(l -> {
            int i = declared.indexOf(l);
            return i < 0 ? Integer.MAX_VALUE : i;
        }).thenComparing(Comparator.naturalOrder());
    }
}
