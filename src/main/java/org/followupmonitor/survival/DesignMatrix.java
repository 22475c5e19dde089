package org.followupmonitor.survival;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
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
 * Rows with any missing value (NaN for numeric, null for categorical) are excluded and counted, and the
 * factors are then coded with the levels the kept rows have ({@link Builder}); the default reference is the
 * first of those.
 *
 * @param x            rows kept x terms, row-major
 * @param termNames    one name per column
 * @param rows         for each kept row, its index in the input (ascending)
 * @param inputRows    number of input rows
 * @param excludedRows input rows dropped for a missing value
 * @param terms        one per column: its covariate, level and reference, and the rows kept with that level
 */
public record DesignMatrix(double[][] x, List<String> termNames, int[] rows, int inputRows, int excludedRows,
        List<Term> terms) {

    public DesignMatrix {
        Objects.requireNonNull(x, "x");
        termNames = List.copyOf(termNames);
        terms = List.copyOf(terms);
        if (!terms.stream().map(Term::name).toList().equals(termNames)) {
            throw new IllegalArgumentException("terms " + terms + " must be named as the columns " + termNames);
        }
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
                && Arrays.equals(rows, d.rows) && inputRows == d.inputRows && excludedRows == d.excludedRows
                && terms.equals(d.terms);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.deepHashCode(x), termNames, Arrays.hashCode(rows), inputRows, excludedRows, terms);
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
     * @param terms        one per column, as {@link DesignMatrix#terms()}
     */
    public record Columns(double[][] x, List<String> termNames, int[] rows, int inputRows, int excludedRows,
            List<Term> terms) {
        public Columns {
            Objects.requireNonNull(x, "x");
            termNames = List.copyOf(termNames);
            terms = List.copyOf(terms);
            if (!terms.stream().map(Term::name).toList().equals(termNames)) {
                throw new IllegalArgumentException("terms " + terms + " must be named as the columns " + termNames);
            }
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

    /**
     * One column of a design and where it comes from.
     *
     * @param name      the column name ({@code grade1}: covariate then level, as R's {@code model.matrix})
     * @param covariate the covariate it codes
     * @param level     the level it indicates, null for a numeric covariate
     * @param reference the reference level of that covariate, null for a numeric covariate
     * @param rows      rows kept with this level (all rows kept for a numeric covariate)
     */
    public record Term(String name, String covariate, String level, String reference, int rows) {
        public Term {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(covariate, "covariate");
        }
    }

    /**
     * Collects covariates column by column; {@link #build()} makes the matrix from the complete rows, as R's
     * {@code model.matrix(na.omit(model.frame(...)))} on data where each factor has only the levels present:
     * rows missing any covariate are dropped first, and a factor is then coded with the levels those rows have
     * (in its declared order), so a level that occurs only in dropped rows gives no column. Not thread-safe.
     */
    public static final class Builder {
        private final int n;
        private final List<Covariate> covariates = new ArrayList<>();
        private final boolean[] missing;
        private final Set<String> variables = new LinkedHashSet<>();

        /** A numeric column (levels null) or a factor's values with its declared levels and reference. */
        private record Covariate(String name, double[] numbers, String[] values, List<String> levels,
                String reference) {}

        private Builder(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("a design cannot have " + n + " rows");
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
            covariates.add(new Covariate(name, col, null, null, null));
            return this;
        }

        /**
         * Adds a categorical covariate dummy-coded against {@code reference}, levels in {@link #LEVEL_ORDER};
         * null marks a missing value.
         *
         * @param reference the reference level; null for the first level present among the complete rows
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
         * Adds a categorical covariate with an explicit level order (R's {@code factor(levels = ...)}); null marks
         * a missing value. Only the levels present among the complete rows are coded ({@link #build()}).
         *
         * @param reference the reference level, or null for the first level present among the complete rows
         *                  (in the given order)
         * @throws IllegalArgumentException when a value is not a declared level, the levels repeat, or the
         *                                  reference is not a declared level
         */
        public Builder categorical(String name, String[] values, List<String> levels, String reference) {
            declare(name, values.length);
            if (new LinkedHashSet<>(levels).size() != levels.size()) {
                throw new IllegalArgumentException("levels of '" + name + "' must be distinct; got " + levels);
            }
            if (reference != null && !levels.contains(reference)) {
                throw new IllegalArgumentException("reference level '" + reference + "' of '" + name
                        + "' is not among its levels " + levels);
            }
            Set<String> declared = new HashSet<>(levels);
            String[] col = values.clone();
            for (int i = 0; i < n; i++) {
                String v = col[i];
                if (v == null) {
                    missing[i] = true;
                } else if (!declared.contains(v)) {
                    throw new IllegalArgumentException("value '" + v + "' of '" + name + "' in row " + i
                            + " is not a declared level " + levels);
                }
            }
            covariates.add(new Covariate(name, null, col, List.copyOf(levels), reference));
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

        /** The input rows with a value for every covariate added so far (ascending): the rows a design keeps. */
        public int[] completeRows() {
            int kept = 0;
            for (boolean m : missing) {
                kept += m ? 0 : 1;
            }
            int[] rows = new int[kept];
            int r = 0;
            for (int i = 0; i < n; i++) {
                if (!missing[i]) {
                    rows[r++] = i;
                }
            }
            return rows;
        }

        /**
         * Builds the matrix over the complete rows.
         *
         * @throws IllegalArgumentException when no covariate was added, there are no rows or every row misses a
         *                                  value, a factor has fewer than two levels among the complete rows
         *                                  (R: "contrasts can be applied only to factors with 2 or more levels"),
         *                                  a given reference level does not occur among them (R's
         *                                  {@code relevel}: "'ref' must be an existing level"), or term names
         *                                  collide
         */
        public DesignMatrix build() {
            Coded c = code();
            int p = c.columns.size();
            int kept = c.rows.length;
            double[][] x = new double[kept][p];
            for (int k = 0; k < p; k++) {
                double[] col = c.columns.get(k);
                for (int q = 0; q < kept; q++) {
                    x[q][k] = col[q];
                }
            }
            return new DesignMatrix(x, c.names(), c.rows, n, n - kept, c.terms);
        }

        /**
         * The same matrix as {@link #build()}, stored by column: for a million rows, p arrays instead of a
         * million small ones.
         *
         * @throws IllegalArgumentException as {@link #build()}
         */
        public Columns buildColumns() {
            Coded c = code();
            return new Columns(c.columns.toArray(new double[0][]), c.names(), c.rows, n, n - c.rows.length, c.terms);
        }

        /** The columns over the complete rows, one per term. */
        private record Coded(int[] rows, List<double[]> columns, List<Term> terms) {
            List<String> names() {
                return terms.stream().map(Term::name).toList();
            }
        }

        private Coded code() {
            if (covariates.isEmpty()) {
                throw new IllegalArgumentException("no covariates added");
            }
            if (n == 0) {
                throw new IllegalArgumentException("no subjects: the design has no rows");
            }
            int[] rows = completeRows();
            int kept = rows.length;
            if (kept == 0) {
                throw new IllegalArgumentException("every one of the " + n + " rows has a missing covariate value");
            }
            List<double[]> columns = new ArrayList<>();
            List<Term> terms = new ArrayList<>();
            for (Covariate cov : covariates) {
                if (cov.levels == null) {
                    double[] col = new double[kept];
                    for (int q = 0; q < kept; q++) {
                        col[q] = cov.numbers[rows[q]];
                    }
                    columns.add(col);
                    terms.add(new Term(cov.name, cov.name, null, null, kept));
                    continue;
                }
                Map<String, int[]> count = new HashMap<>();
                for (int q = 0; q < kept; q++) {
                    count.computeIfAbsent(cov.values[rows[q]], v -> new int[1])[0]++;
                }
                List<String> present = cov.levels.stream().filter(count::containsKey).toList();
                if (present.size() < 2) {
                    // Messages name levels, not counts: they are published where a count may be a small cell.
                    throw new IllegalArgumentException("factor '" + cov.name + "' has only the level(s) " + present
                            + " among the complete rows; a factor needs two levels to have an effect (R: contrasts "
                            + "can be applied only to factors with 2 or more levels)");
                }
                String reference = cov.reference == null ? present.get(0) : cov.reference;
                if (!present.contains(reference)) {
                    throw new IllegalArgumentException("reference level '" + reference + "' of '" + cov.name
                            + "' does not occur among the complete rows (levels present: " + String.join(", ", present)
                            + "; R's relevel: 'ref' must be an existing level)");
                }
                // Level -> dummy column (-1 for the reference): one hash lookup per row, not a list search.
                List<String> dummies = present.stream().filter(l -> !l.equals(reference)).toList();
                Map<String, Integer> column = new HashMap<>();
                for (String level : present) {
                    column.put(level, dummies.indexOf(level));
                }
                double[][] cols = new double[dummies.size()][kept];
                for (int q = 0; q < kept; q++) {
                    int k = column.get(cov.values[rows[q]]);
                    if (k >= 0) {
                        cols[k][q] = 1.0;
                    }
                }
                for (int k = 0; k < dummies.size(); k++) {
                    String level = dummies.get(k);
                    columns.add(cols[k]);
                    terms.add(new Term(cov.name + level, cov.name, level, reference, count.get(level)[0]));
                }
            }
            Set<String> names = new HashSet<>();
            for (Term t : terms) {
                if (!names.add(t.name())) {
                    throw new IllegalArgumentException("term names collide: "
                            + terms.stream().map(Term::name).toList() + "; rename a covariate");
                }
            }
            return new Coded(rows, columns, terms);
        }
    }
}
