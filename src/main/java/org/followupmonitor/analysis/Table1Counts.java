package org.followupmonitor.analysis;

import java.util.List;
import java.util.Objects;

/**
 * Table 1's counts before display and disclosure control: patients by arm, and per characteristic by level
 * and arm; age by arm as moments. {@link Table1Builder#table} renders it with what is withheld.
 *
 * @param arms column headings, e.g. surgery / no-surgery
 * @param armSizes patients per arm
 * @param age per arm, the patients with a known age and their age's sum and sum of squares
 */
public record Table1Counts(List<String> arms, List<Long> armSizes, List<Characteristic> characteristics,
        List<Moments> age) {
    public Table1Counts {
        arms = List.copyOf(arms);
        armSizes = List.copyOf(armSizes);
        characteristics = List.copyOf(characteristics);
        age = List.copyOf(age);
        if (arms.size() != armSizes.size() || arms.size() != age.size()) {
            throw new IllegalArgumentException("one size and one age summary per arm expected");
        }
    }

    /**
     * @param levels in display order (the variable's level order, unknown last)
     * @param counts {@code counts.get(level).get(arm)}
     */
    public record Characteristic(String name, List<String> levels, List<List<Long>> counts) {
        public Characteristic {
            Objects.requireNonNull(name, "name");
            levels = List.copyOf(levels);
            counts = counts.stream().map(List::copyOf).toList();
            if (levels.size() != counts.size()) {
                throw new IllegalArgumentException("one row of counts per level expected");
            }
        }

        public long total(int level) {
            return counts.get(level).stream().mapToLong(Long::longValue).sum();
        }
    }

    /** n, sum and sum of squares of a variable, and its mean and variance as accumulated (Welford). */
    public record Moments(long n, double sum, double sumSquares, double mean, double variance) {}
}
