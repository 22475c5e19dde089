package org.followupmonitor.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.followupmonitor.survival.CellCounts;
import org.followupmonitor.survival.CompetingCellCounts;
import org.followupmonitor.survival.CompetingRiskTables;
import org.followupmonitor.survival.IncrementalRiskSets;
import org.followupmonitor.survival.RiskSetSnapshot;
import org.followupmonitor.survival.StratifiedRiskTables;

/**
 * The risk-set counts of one analysis by group label, stratum label and day: how many subjects had
 * the event, and how many were censored, on each day. Batch analysis builds it from subject rows;
 * the streaming app builds it from its {@code cohort-state} store. Both then go through
 * {@link #tables()}, with groups and strata in one canonical order, so the two paths compute every
 * Kaplan-Meier and log-rank number from bit-identical input. With a competing-risks endpoint each day counts the
 * events of each cause and the censored ({@link #builder(Optional, int)}); {@link #competingTables()} gives the
 * Aalen-Johansen and Gray's test input, {@link #tables()} the cause-specific Kaplan-Meier input.
 */
public final class CohortCounts {
    private final List<String> groups;
    private final List<String> strata;
    private final RiskSetSnapshot snapshot;
    /** The per-cause counts of a competing-risks endpoint (same cells and codes), null with one cause. */
    private final List<CompetingCellCounts> competing;
    private final int causeCount;

    private CohortCounts(List<String> groups, List<String> strata, RiskSetSnapshot snapshot, int causeCount,
            List<CompetingCellCounts> competing) {
        this.groups = List.copyOf(groups);
        this.strata = List.copyOf(strata);
        this.snapshot = snapshot;
        this.causeCount = causeCount;
        this.competing = competing == null ? null : List.copyOf(competing);
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

    /** Number of causes: 1 (the event), or 2 for a competing-risks endpoint. */
    public int causeCount() {
        return causeCount;
    }

    /**
     * The counts as the survival package's stratified risk tables, group and stratum codes by the orders above. With
     * competing causes these are the cause-specific tables of cause 1: the other causes count as censored.
     */
    public StratifiedRiskTables tables() {
        return IncrementalRiskSets.tables(snapshot, Math.max(1, groups.size()), Math.max(1, strata.size()));
    }

    /**
     * The competing-risks tables (events per cause), the input of Aalen-Johansen and Gray's test.
     *
     * @throws IllegalStateException with a single cause
     */
    public CompetingRiskTables competingTables() {
        if (competing == null) {
            throw new IllegalStateException("the counts have a single cause");
        }
        return CompetingRiskTables.of(Math.max(1, groups.size()), Math.max(1, strata.size()), causeCount, competing);
    }

    /** Collects counts of a single cause in any order; {@link #build} sorts them. */
    public static Builder builder(Optional<Variable> groupBy) {
        return new Builder(groupBy, 1);
    }

    /**
     * Collects counts of {@code causeCount} causes: per day {@code [cause 1, ..., cause k, censored]} (with one
     * cause, {@code [events, censored]}).
     */
    public static Builder builder(Optional<Variable> groupBy, int causeCount) {
        return new Builder(groupBy, causeCount);
    }

    /** The counts of a collection of subject rows of a single-cause endpoint (the batch path). */
    public static CohortCounts of(Optional<Variable> groupBy, Iterable<SubjectRow> rows) {
        return of(groupBy, 1, rows);
    }

    /** The counts of a collection of subject rows by their cause (0 censored, 1..causeCount). */
    public static CohortCounts of(Optional<Variable> groupBy, int causeCount, Iterable<SubjectRow> rows) {
        Builder b = builder(groupBy, causeCount);
        int[] slots = new int[causeCount + 1];
        for (SubjectRow r : rows) {
            java.util.Arrays.fill(slots, 0);
            int cause = causeCount == 1 ? (r.event() ? 1 : 0) : r.cause();
            slots[cause == 0 ? causeCount : cause - 1] = 1;
            b.addSlots(r.group(), r.stratum(), r.timeDays(), slots);
        }
        return b.build();
    }

    /** Accumulates (group, stratum, day) → (events of each cause, censored). */
    public static final class Builder {
        private final Comparator<String> groupOrder;
        private final int causeCount;
        /** Counts per day: the causes', then the censored. */
        private final int stride;
        // Hash maps while collecting (millions of adds), sorted once in build().
        private final Map<String, Map<String, java.util.HashMap<Integer, int[]>>> cells = new java.util.HashMap<>();
        /** Cells given whole as dense day arrays (the streaming path), kept apart from the per-day adds. */
        private final Map<String, Map<String, int[]>> dense = new java.util.HashMap<>();

        private Builder(Optional<Variable> groupBy, int causeCount) {
            if (causeCount < 1) {
                throw new IllegalArgumentException("causeCount must be >= 1, was " + causeCount);
            }
            this.groupOrder = levelOrder(groupBy);
            this.causeCount = causeCount;
            this.stride = causeCount + 1;
        }

        /**
         * Adds counts for one day of one cell of a single-cause builder.
         *
         * @throws IllegalArgumentException for a negative day or count, or a builder of several causes
         */
        public Builder add(String group, String stratum, int day, int events, int censored) {
            if (causeCount != 1) {
                throw new IllegalArgumentException("this builder counts " + causeCount + " causes: use addSlots");
            }
            return addSlots(group, stratum, day, new int[] {events, censored});
        }

        /**
         * Adds counts for one day of one cell: {@code slots} holds the events of causes 1..k, then the censored.
         *
         * @throws IllegalArgumentException for a negative day or count, or not k + 1 counts
         */
        public Builder addSlots(String group, String stratum, int day, int[] slots) {
            if (slots.length != stride) {
                throw new IllegalArgumentException("a day has " + stride + " counts (causes, then censored), was "
                        + slots.length);
            }
            boolean any = false;
            for (int v : slots) {
                if (v < 0) {
                    throw new IllegalArgumentException("day and counts must be >= 0, were day " + day + ", counts "
                            + java.util.Arrays.toString(slots));
                }
                any |= v != 0;
            }
            if (day < 0) {
                throw new IllegalArgumentException("day and counts must be >= 0, were day " + day + ", counts "
                        + java.util.Arrays.toString(slots));
            }
            if (!any) {
                return this;
            }
            int[] c = cells.computeIfAbsent(group, g -> new java.util.HashMap<>())
                    .computeIfAbsent(stratum, s -> new java.util.HashMap<>())
                    .computeIfAbsent(day, d -> new int[stride]);
            for (int i = 0; i < stride; i++) {
                c[i] += slots[i];
            }
            return this;
        }

        /**
         * Adds a whole cell's counts by day: day {@code d} occupies {@code slots[d (k + 1)] .. slots[d (k + 1) + k]},
         * the events of causes 1..k then the censorings (with one cause: {@code [2d]} events, {@code [2d + 1]}
         * censored). The array is read, not kept, by {@link #build}; a cell may be given this way once.
         *
         * @throws IllegalArgumentException for a length that is not a multiple of k + 1 or a cell given densely twice
         */
        public Builder addDays(String group, String stratum, int[] slots) {
            if (slots.length % stride != 0) {
                throw new IllegalArgumentException(stride == 2 ? "dense day counts come in pairs, length was "
                        + slots.length : "dense day counts come in groups of " + stride + ", length was " + slots.length);
            }
            boolean any = false;
            for (int v : slots) {
                if (v < 0) {
                    throw new IllegalArgumentException("counts must be >= 0 in cell " + group + "/" + stratum);
                }
                any |= v != 0;
            }
            if (any && dense.computeIfAbsent(group, g -> new java.util.HashMap<>()).put(stratum, slots) != null) {
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
            List<CompetingCellCounts> competing = causeCount > 1 ? new ArrayList<>() : null;
            // RiskSetSnapshot wants cells ordered by (stratum, group).
            for (int s = 0; s < strata.size(); s++) {
                for (int g = 0; g < groups.size(); g++) {
                    Map<Integer, int[]> unsorted = cells.getOrDefault(groups.get(g), Map.of()).get(strata.get(s));
                    int[] slots = dense.getOrDefault(groups.get(g), Map.of()).get(strata.get(s));
                    if (slots != null && unsorted != null) {
                        // Both ways for one cell (no caller does this): fold the dense days into the map.
                        for (int d = 0; d < slots.length / stride; d++) {
                            addSlots(groups.get(g), strata.get(s), d,
                                    java.util.Arrays.copyOfRange(slots, d * stride, (d + 1) * stride));
                        }
                        slots = null;
                    }
                    if (slots != null) {
                        list.add(CellCounts.ofDense(g, s, causeCount == 1 ? slots : causeSpecific(slots)));
                        if (competing != null) {
                            competing.add(CompetingCellCounts.ofDense(g, s, causeCount, slots));
                        }
                    } else if (unsorted != null && !unsorted.isEmpty()) {
                        TreeMap<Integer, int[]> days = new TreeMap<>(unsorted);
                        if (competing == null) {
                            list.add(CellCounts.of(g, s, days));
                        } else {
                            TreeMap<Integer, int[]> pairs = new TreeMap<>();
                            days.forEach((d, v) -> pairs.put(d, causeSpecific(v)));
                            list.add(CellCounts.of(g, s, pairs));
                            competing.add(CompetingCellCounts.of(g, s, causeCount, days));
                        }
                    }
                }
            }
            return new CohortCounts(groups, strata.isEmpty() ? List.of("") : strata, new RiskSetSnapshot(list),
                    causeCount, competing);
        }

        /** Days of k + 1 counts as (events of cause 1, everything else censored) pairs. */
        private int[] causeSpecific(int[] slots) {
            int days = slots.length / stride;
            int[] pairs = new int[2 * days];
            for (int d = 0; d < days; d++) {
                int off = d * stride;
                pairs[2 * d] = slots[off];
                int censored = 0;
                for (int i = 1; i < stride; i++) {
                    censored += slots[off + i];
                }
                pairs[2 * d + 1] = censored;
            }
            return pairs;
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
