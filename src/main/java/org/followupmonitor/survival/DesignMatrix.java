package org.followupmonitor.survival;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A numeric model matrix built from numeric and categorical covariates, as R's {@code model.matrix} with
 * treatment contrasts and {@code na.action = na.omit}.
 *
 * <p>Categorical covariates are dummy-coded against a reference level: factor {@code grade} with levels
 * 1, 2, 3 and reference "3" gives terms {@code grade1}, {@code grade2} (R's {@code relevel(grade, "3")}).
 * Rows with any missing value (NaN for numeric, null for categorical) are excluded and counted.
 *
 * @param x            rows kept x terms, row-major
 * @param termNames    one name per column
 * @param rows         for each kept row, its index in the input (ascending)
 * @param inputRows    number of input rows
 * @param excludedRows input rows dropped for a missing value
 */
public record DesignMatrix(double[][] x, List<String> termNames, int[] rows, int inputRows, int excludedRows) {

    public DesignMatrix {
        Objects.requireNonNull(x, "x");
        termNames = List.copyOf(termNames);
        Objects.requireNonNull(rows, "rows");
        if (x.length != rows.length || inputRows - excludedRows != rows.length) {
            throw new IllegalArgumentException("rows kept (" + rows.length + ") must equal inputRows - excludedRows ("
                    + inputRows + " - " + excludedRows + ") and the rows of x (" + x.length + ")");
        }
        double[][] c = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != termNames.size()) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " values, expected "
                        + termNames.size());
            }
            c[i] = x[i].clone();
        }
        x = c;
        rows = rows.clone();
    }

    /** Starts a design over {@code n} input rows. */
    public static Builder builder(int n) {
        return new Builder(n);
    }

    @Override
    public double[][] x() {
        double[][] c = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i].clone();
        }
        return c;
    }

    @Override
    public int[] rows() {
        return rows.clone();
    }

    /** Subsets a per-input-row array to the kept rows (e.g. times or group labels). */
    public double[] keep(double[] perInputRow) {
        requireInputLength(perInputRow.length);
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = perInputRow[rows[i]];
        }
        return out;
    }

    /** Subsets a per-input-row boolean array to the kept rows (e.g. event indicators). */
    public boolean[] keep(boolean[] perInputRow) {
        requireInputLength(perInputRow.length);
        boolean[] out = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = perInputRow[rows[i]];
        }
        return out;
    }

    private void requireInputLength(int len) {
        if (len != inputRows) {
            throw new IllegalArgumentException("array has " + len + " entries; the design was built over " + inputRows
                    + " input rows");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DesignMatrix d && Arrays.deepEquals(x, d.x) && termNames.equals(d.termNames)
                && Arrays.equals(rows, d.rows) && inputRows == d.inputRows && excludedRows == d.excludedRows;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.deepHashCode(x), termNames, Arrays.hashCode(rows), inputRows, excludedRows);
    }

    @Override
    public String toString() {
        return "DesignMatrix[terms=" + termNames + ", rows=" + rows.length + ", excluded=" + excludedRows + "]";
    }

    /**
     * Level order used when none is given: numeric order when every level parses as a number
     * ("2" before "10"), otherwise lexicographic by code point. Stable across runs and locales.
     */
    public static final Comparator<String> LEVEL_ORDER = (a, b) -> {
        Double da = parse(a);
        Double db = parse(b);
        if (da != null && db != null) {
            int c = Double.compare(da, db);
            return c != 0 ? c : a.compareTo(b);
        }
        return a.compareTo(b);
    };

    private static Double parse(String s) {
        try {
            return Double.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A design matrix stored by column ({@link Builder#buildColumns()}), for {@link CoxRegression#fit(double[],
     * boolean[], Columns, CoxOptions)} on large data. The arrays are handed over, not copied: neither the
     * builder nor the fit changes them, and callers must not either.
     *
     * @param x            terms x rows kept: {@code x[k][i]} is term k of kept row i
     * @param termNames    one name per column
     * @param rows         for each kept row, its index in the input (ascending)
     * @param inputRows    number of input rows
     * @param excludedRows input rows dropped for a missing value
     */
    public record Columns(double[][] x, List<String> termNames, int[] rows, int inputRows, int excludedRows) {
        public Columns {
            Objects.requireNonNull(x, "x");
            termNames = List.copyOf(termNames);
            Objects.requireNonNull(rows, "rows");
            if (x.length != termNames.size() || inputRows - excludedRows != rows.length) {
                throw new IllegalArgumentException("columns (" + x.length + ") must match the terms " + termNames
                        + " and rows kept (" + rows.length + ") must equal inputRows - excludedRows (" + inputRows
                        + " - " + excludedRows + ")");
            }
            for (int k = 0; k < x.length; k++) {
                if (x[k].length != rows.length) {
                    throw new IllegalArgumentException("column " + termNames.get(k) + " has " + x[k].length
                            + " values, expected " + rows.length);
                }
            }
        }

        @Override
        public String toString() {
            return "DesignMatrix.Columns[terms=" + termNames + ", rows=" + rows.length + ", excluded=" + excludedRows
                    + "]";
        }
    }

    /** Collects covariates column by column; {@link #build()} makes the matrix. Not thread-safe. */
    public static final class Builder {
        private final int n;
        private final List<String> names = new ArrayList<>();
        private final List<double[]> columns = new ArrayList<>();
        private final boolean[] missing;
        private final Set<String> variables = new LinkedHashSet<>();

        private Builder(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("a design needs at least one row; got " + n);
            }
            this.n = n;
            this.missing = new boolean[n];
        }

        /**
         * Adds a numeric covariate used as given; NaN marks a missing value.
         *
         * @throws IllegalArgumentException on a length mismatch, a duplicate name or an infinite value
         */
        public Builder numeric(String name, double[] values) {
            declare(name, values.length);
            double[] col = values.clone();
            for (int i = 0; i < n; i++) {
                if (Double.isNaN(col[i])) {
                    missing[i] = true;
                } else if (Double.isInfinite(col[i])) {
                    throw new IllegalArgumentException("covariate '" + name + "' is infinite in row " + i
                            + "; use NaN for a missing value");
                }
            }
            names.add(name);
            columns.add(col);
            return this;
        }

        /**
         * Adds a categorical covariate dummy-coded against {@code reference}, levels in {@link #LEVEL_ORDER};
         * null marks a missing value.
         *
         * @throws IllegalArgumentException when the reference level does not occur among the values
         */
        public Builder categorical(String name, String[] values, String reference) {
            TreeSet<String> levels = new TreeSet<>(LEVEL_ORDER);
            for (String v : values) {
                if (v != null) {
                    levels.add(v);
                }
            }
            return categorical(name, values, List.copyOf(levels), reference);
        }

        /**
         * Adds a categorical covariate with an explicit level order (R's {@code factor(levels = ...)}).
         *
         * @throws IllegalArgumentException when a value is not a declared level, the reference is not a level,
         *                                  or fewer than two levels are given
         */
        public Builder categorical(String name, String[] values, List<String> levels, String reference) {
            declare(name, values.length);
            Objects.requireNonNull(reference, "reference level of '" + name + "'");
            if (new LinkedHashSet<>(levels).size() != levels.size()) {
                throw new IllegalArgumentException("levels of '" + name + "' must be distinct; got " + levels);
            }
            if (!levels.contains(reference)) {
                throw new IllegalArgumentException("reference level '" + reference + "' of '" + name
                        + "' is not among its levels " + levels);
            }
            if (levels.size() < 2) {
                throw new IllegalArgumentException("factor '" + name + "' has only the level(s) " + levels
                        + "; a factor needs two levels to have an effect");
            }
            List<String> dummies = levels.stream().filter(l -> !l.equals(reference)).toList();
            // Level -> dummy column (-1 for the reference): one hash lookup per row, not a list search.
            Map<String, Integer> column = new HashMap<>();
            for (String level : levels) {
                column.put(level, dummies.indexOf(level));
            }
            double[][] cols = new double[dummies.size()][n];
            for (int i = 0; i < n; i++) {
                String v = values[i];
                if (v == null) {
                    missing[i] = true;
                    continue;
                }
                Integer k = column.get(v);
                if (k == null) {
                    throw new IllegalArgumentException("value '" + v + "' of '" + name + "' in row " + i
                            + " is not a declared level " + levels);
                }
                if (k >= 0) {
                    cols[k][i] = 1.0;
                }
            }
            for (int k = 0; k < dummies.size(); k++) {
                names.add(name + dummies.get(k));
                columns.add(cols[k]);
            }
            return this;
        }

        private void declare(String name, int length) {
            Objects.requireNonNull(name, "covariate name");
            if (length != n) {
                throw new IllegalArgumentException("covariate '" + name + "' has " + length + " values; the design has "
                        + n + " rows");
            }
            if (!variables.add(name)) {
                throw new IllegalArgumentException("covariate '" + name + "' was added twice");
            }
        }

        /**
         * Builds the matrix over the complete rows.
         *
         * @throws IllegalArgumentException when no covariate was added, term names collide, or every row has a
         *                                  missing value
         */
        public DesignMatrix build() {
            int kept = checkBuildable();
            int p = names.size();
            double[][] x = new double[kept][p];
            int[] rows = new int[kept];
            int r = 0;
            for (int i = 0; i < n; i++) {
                if (missing[i]) {
                    continue;
                }
                rows[r] = i;
                for (int k = 0; k < p; k++) {
                    x[r][k] = columns.get(k)[i];
                }
                r++;
            }
            return new DesignMatrix(x, names, rows, n, n - kept);
        }

        /**
         * The same matrix as {@link #build()}, stored by column: for a million rows, p arrays instead of a
         * million small ones.
         *
         * @throws IllegalArgumentException as {@link #build()}
         */
        public Columns buildColumns() {
            int kept = checkBuildable();
            int p = names.size();
            int[] rows = new int[kept];
            int r = 0;
            for (int i = 0; i < n; i++) {
                if (!missing[i]) {
                    rows[r++] = i;
                }
            }
            double[][] x = new double[p][];
            for (int k = 0; k < p; k++) {
                double[] all = columns.get(k);
                double[] col = new double[kept];
                for (int q = 0; q < kept; q++) {
                    col[q] = all[rows[q]];
                }
                x[k] = col;
            }
            return new Columns(x, names, rows, n, n - kept);
        }

        /** @return the number of complete rows */
        private int checkBuildable() {
            if (names.isEmpty()) {
                throw new IllegalArgumentException("no covariates added");
            }
            if (new LinkedHashSet<>(names).size() != names.size()) {
                throw new IllegalArgumentException("term names collide: " + names + "; rename a covariate");
            }
            int kept = 0;
            for (boolean m : missing) {
                kept += m ? 0 : 1;
            }
            if (kept == 0) {
                throw new IllegalArgumentException("every one of the " + n + " rows has a missing covariate value");
            }
            return kept;
        }
    }
}
