package org.followupmonitor.analysis;

import java.util.List;
import java.util.Objects;

/**
 * The study's Table 1: patient characteristics by group, each with the test that compares the
 * groups (chi-square or Fisher's exact for counts, as SPSS users expect).
 *
 * @param groups column headings, e.g. surgery / no-surgery, with their sizes in {@code groupSizes} (null where
 *     disclosure control withholds one)
 * @param withheld disclosure control withholds the whole table: no size and no characteristic is published
 */
public record Table1(List<String> groups, List<Integer> groupSizes, List<Characteristic> characteristics,
        boolean withheld) {
    public Table1 {
        groups = List.copyOf(groups);
        groupSizes = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(groupSizes));
        characteristics = List.copyOf(characteristics);
        if (groups.size() != groupSizes.size()) {
            throw new IllegalArgumentException("one size per group expected");
        }
        if (withheld && (!characteristics.isEmpty() || groupSizes.stream().anyMatch(java.util.Objects::nonNull))) {
            throw new IllegalArgumentException("a withheld Table 1 publishes nothing");
        }
    }

    /** A published table. */
    public Table1(List<String> groups, List<Integer> groupSizes, List<Characteristic> characteristics) {
        this(groups, groupSizes, characteristics, false);
    }

    /** Table 1 withheld as a whole: its column headings only. */
    public static Table1 withheldWhole(List<String> groups) {
        return new Table1(groups, java.util.Collections.nCopies(groups.size(), null), List.of(), true);
    }

    /**
     * One characteristic (age, grade, …) with its rows and the comparison across groups.
     *
     * @param test "chi-square", "fisher" or "t-test"/"anova" for means; null when not computable
     */
    public record Characteristic(String name, List<Row> rows, String test, Double pValue) {
        public Characteristic {
            Objects.requireNonNull(name, "name");
            rows = List.copyOf(rows);
        }
    }

    /** A level (or "mean ± SD") with one cell per group and the total. Cells are display text. */
    public record Row(String label, List<String> cells, String total) {
        public Row {
            cells = List.copyOf(cells);
        }
    }
}
