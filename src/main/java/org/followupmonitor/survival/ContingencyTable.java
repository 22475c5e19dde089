package org.followupmonitor.survival;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * An r x c table of counts with row and column labels, input to {@link ChiSquareTest} and
 * {@link FisherExactTest}.
 *
 * @param rowLabels    r labels
 * @param columnLabels c labels
 * @param counts       r x c non-negative counts (row-major)
 */
public record ContingencyTable(List<String> rowLabels, List<String> columnLabels, long[][] counts) {

    public ContingencyTable {
        rowLabels = List.copyOf(rowLabels);
        columnLabels = List.copyOf(columnLabels);
        Objects.requireNonNull(counts, "counts");
        if (counts.length != rowLabels.size()) {
            throw new IllegalArgumentException("counts has " + counts.length + " rows but " + rowLabels.size()
                    + " row labels");
        }
        long[][] c = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i].length != columnLabels.size()) {
                throw new IllegalArgumentException("row " + i + " has " + counts[i].length + " counts but there are "
                        + columnLabels.size() + " column labels");
            }
            for (long v : counts[i]) {
                if (v < 0) {
                    throw new IllegalArgumentException("counts must be non-negative; row " + i + " has " + v);
                }
            }
            c[i] = counts[i].clone();
        }
        counts = c;
    }

    /** A table with labels "1".."r" and "1".."c". */
    public static ContingencyTable of(long[][] counts) {
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= counts.length; i++) {
            rows.add(Integer.toString(i));
        }
        List<String> cols = new ArrayList<>();
        for (int j = 1; j <= (counts.length == 0 ? 0 : counts[0].length); j++) {
            cols.add(Integer.toString(j));
        }
        return new ContingencyTable(rows, cols, counts);
    }

    /**
     * Cross-tabulates two categorical variables (R's {@code table(row, column)}); pairs with a null on either side
     * are skipped. Levels in {@link DesignMatrix#LEVEL_ORDER}.
     *
     * @throws IllegalArgumentException when the arrays differ in length
     */
    public static ContingencyTable crossTabulate(String[] row, String[] column) {
        if (row.length != column.length) {
            throw new IllegalArgumentException("row and column variables differ in length: " + row.length + " vs "
                    + column.length);
        }
        TreeSet<String> rl = new TreeSet<>(DesignMatrix.LEVEL_ORDER);
        TreeSet<String> cl = new TreeSet<>(DesignMatrix.LEVEL_ORDER);
        for (int i = 0; i < row.length; i++) {
            if (row[i] != null && column[i] != null) {
                rl.add(row[i]);
                cl.add(column[i]);
            }
        }
        Map<String, Integer> ri = index(rl);
        Map<String, Integer> ci = index(cl);
        long[][] counts = new long[rl.size()][cl.size()];
        for (int i = 0; i < row.length; i++) {
            if (row[i] != null && column[i] != null) {
                counts[ri.get(row[i])][ci.get(column[i])]++;
            }
        }
        return new ContingencyTable(new ArrayList<>(rl), new ArrayList<>(cl), counts);
    }

    private static Map<String, Integer> index(Iterable<String> levels) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String l : levels) {
            m.put(l, m.size());
        }
        return m;
    }

    public int rows() {
        return rowLabels.size();
    }

    public int columns() {
        return columnLabels.size();
    }

    public long total() {
        return Arrays.stream(counts).flatMapToLong(Arrays::stream).sum();
    }

    public long count(int row, int column) {
        return counts[row][column];
    }

    /** The table without all-zero rows and columns (R's tests are undefined on them). */
    public ContingencyTable withoutEmptyMargins() {
        List<Integer> keepR = new ArrayList<>();
        List<Integer> keepC = new ArrayList<>();
        for (int i = 0; i < rows(); i++) {
            if (Arrays.stream(counts[i]).sum() > 0) {
                keepR.add(i);
            }
        }
        for (int j = 0; j < columns(); j++) {
            long s = 0;
            for (long[] r : counts) {
                s += r[j];
            }
            if (s > 0) {
                keepC.add(j);
            }
        }
        long[][] c = new long[keepR.size()][keepC.size()];
        for (int a = 0; a < keepR.size(); a++) {
            for (int b = 0; b < keepC.size(); b++) {
                c[a][b] = counts[keepR.get(a)][keepC.get(b)];
            }
        }
        return new ContingencyTable(keepR.stream().map(rowLabels::get).toList(),
                keepC.stream().map(columnLabels::get).toList(), c);
    }

    @Override
    public long[][] counts() {
        long[][] c = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            c[i] = counts[i].clone();
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContingencyTable t && rowLabels.equals(t.rowLabels) && columnLabels.equals(t.columnLabels)
                && Arrays.deepEquals(counts, t.counts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rowLabels, columnLabels, Arrays.deepHashCode(counts));
    }

    @Override
    public String toString() {
        return "ContingencyTable[rows=" + rowLabels + ", columns=" + columnLabels + ", counts="
                + Arrays.deepToString(counts) + "]";
    }
}
