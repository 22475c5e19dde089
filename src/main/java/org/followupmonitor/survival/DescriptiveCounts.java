package org.followupmonitor.survival;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Counts and percentages of a categorical variable for a "Table 1". Percentages are of the non-missing values
 * (R's {@code prop.table(table(x))}); they are NaN when every value is missing.
 *
 * @param levels  level names, in order
 * @param counts  count per level
 * @param percent 100 * count / (sum of counts), per level
 * @param missing null values excluded
 */
public record DescriptiveCounts(List<String> levels, long[] counts, double[] percent, int missing) {

    public DescriptiveCounts {
        levels = List.copyOf(levels);
        if (counts.length != levels.size() || percent.length != levels.size()) {
            throw new IllegalArgumentException("one count and one percentage per level");
        }
        counts = counts.clone();
        percent = percent.clone();
    }

    /** Counts with levels in {@link DesignMatrix#LEVEL_ORDER}; null = missing. */
    public static DescriptiveCounts of(String[] values) {
        TreeSet<String> levels = new TreeSet<>(DesignMatrix.LEVEL_ORDER);
        for (String v : values) {
            if (v != null) {
                levels.add(v);
            }
        }
        return of(values, new ArrayList<>(levels));
    }

    /**
     * Counts over declared levels (a level may have count 0); null = missing.
     *
     * @throws IllegalArgumentException when a value is not among the levels or levels repeat
     */
    public static DescriptiveCounts of(String[] values, List<String> levels) {
        Objects.requireNonNull(values, "values");
        Map<String, Integer> index = new LinkedHashMap<>();
        for (String l : levels) {
            if (index.put(l, index.size()) != null) {
                throw new IllegalArgumentException("levels must be distinct; got " + levels);
            }
        }
        long[] counts = new long[levels.size()];
        int missing = 0;
        for (String v : values) {
            if (v == null) {
                missing++;
                continue;
            }
            Integer k = index.get(v);
            if (k == null) {
                throw new IllegalArgumentException("value '" + v + "' is not among the levels " + levels);
            }
            counts[k]++;
        }
        long total = Arrays.stream(counts).sum();
        double[] pct = new double[counts.length];
        for (int k = 0; k < counts.length; k++) {
            pct[k] = total == 0 ? Double.NaN : 100.0 * counts[k] / total;
        }
        return new DescriptiveCounts(levels, counts, pct, missing);
    }

    /** Non-missing values. */
    public long total() {
        return Arrays.stream(counts).sum();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    @Override
    public double[] percent() {
        return percent.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DescriptiveCounts d && levels.equals(d.levels) && Arrays.equals(counts, d.counts)
                && Arrays.equals(percent, d.percent) && missing == d.missing;
    }

    @Override
    public int hashCode() {
        return Objects.hash(levels, Arrays.hashCode(counts), missing);
    }

    @Override
    public String toString() {
        return "DescriptiveCounts[levels=" + levels + ", counts=" + Arrays.toString(counts) + ", missing=" + missing
                + "]";
    }
}
