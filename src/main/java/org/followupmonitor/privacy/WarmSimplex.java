package org.followupmonitor.privacy;

import java.util.List;
import org.followupmonitor.privacy.LinearSystem.Relation;

/**
 * One linear system {@code A x (rel) b, lower <= x <= upper} that is made feasible once and then optimised for many
 * objectives in turn, each starting from the basis the previous one left: a bounded-variable primal simplex over a
 * dense tableau (Chvátal, Linear Programming, 1983, ch. 8; Bertsimas &amp; Tsitsiklis, Introduction to Linear
 * Optimization, 1997, sec. 3.2 and exercise 3.25). {@link RangeSolver} asks each connected part of a release's
 * equations for the least and greatest value of many counts: phase 1 (artificial variables, their sum minimised)
 * runs once when the system is built, and each objective after it needs only phase 2 from a basis that is already
 * feasible, usually a few pivots away from the next optimum.
 *
 * <p>Bounds are kept as bounds, not rows: a non-basic column sits at its lower or its upper bound, and the ratio test
 * also stops where the entering column reaches its other bound (a bound flip, no pivot). Every row gets a logical
 * column ({@code >=} rows are negated first): bounds [0, 0] for an equation, [0, ∞) for an inequality. Their tableau
 * columns are the basis inverse, so after each objective the basic values are recomputed from the original rows
 * (floating-point drift in the tableau does not reach the reported values), and when the recomputed values have
 * drifted from the updated ones by more than {@link #DRIFT} the tableau itself is rebuilt for the current basis.
 *
 * <p>Pivot rule: Dantzig's (the most negative reduced cost); after {@link #DEGENERATE_RUN} pivots in a row that do
 * not move the point, Bland's smallest-index rule (entering and leaving), which cannot cycle (Bland 1977; Chvátal
 * ch. 3), until a pivot moves the point again. Tolerances: a tableau entry of at most {@link #PIVOT_TOL} in absolute
 * value is not pivoted on; a reduced cost within {@link #COST_TOL} of 0 counts as optimal; the system is infeasible
 * when phase 1 ends with its artificial variables summing to more than {@link #INFEASIBLE} (the absolute tolerance of
 * Commons Math's {@code SimplexSolver}, which the audits used before, so the same systems are found infeasible).
 *
 * <p>Its work is counted in {@link PlanningWork}'s units: the tableau's size (rows times columns) for each pivot and
 * for each pass over the whole tableau (building it, leaving phase 1, a rebuild), rows plus columns for a bound flip,
 * and for each objective its pricing (columns times the basic columns it weights) and the recomputed basic values.
 */
final class WarmSimplex {
    /** Entries this small are taken as 0 in the ratio test (never pivoted on). */
    static final double PIVOT_TOL = 1e-9;
    /** Reduced costs this close to 0 are optimal. */
    static final double COST_TOL = 1e-9;
    /** Phase 1's least sum of artificial variables above which the system is infeasible (as Commons Math's). */
    static final double INFEASIBLE = 1e-6;
    /** Recomputed basic values differing by more than this from the updated ones: rebuild the tableau. */
    static final double DRIFT = 1e-7;
    /** Pivots in a row that do not move the point before Bland's rule takes over. */
    static final int DEGENERATE_RUN = 50;
    /** Pivots one objective may take before the program is abandoned as cycling (never seen). */
    private static final int MAX_PIVOTS = 1_000_000;

    private static final byte BASIC = 0;
    private static final byte AT_LOWER = 1;
    private static final byte AT_UPPER = 2;

    /** Outcome of one objective. */
    enum Status { OPTIMAL, UNBOUNDED }

    private final int structurals;
    private int m;
    private int columns;
    /** The tableau B^-1 A (rows of the normalised constraint matrix, logical and artificial columns included). */
    private double[][] t;
    /** The values of the basic columns, row by row. */
    private double[] beta;
    private int[] basis;
    private byte[] state;
    private double[] lo;
    private double[] up;
    /** The original rows, normalised (a {@code >=} row negated), sparse: for recomputing the basic values. */
    private int[][] rowColumns;
    private double[][] rowValues;
    private double[] rhs;
    private int[] logical;
    /** Columns that may not enter (artificial columns after phase 1). */
    private boolean[] barred;
    private final boolean feasible;
    private long work;
    private int pivots;
    private double objective;

    /**
     * Builds the tableau and runs phase 1.
     *
     * @param columns the structural columns
     * @param rows each row's columns and coefficients, its relation and right-hand side
     * @param lower each column's lower bound (finite)
     * @param upper each column's upper bound ({@code +∞} when none)
     */
    WarmSimplex(int columns, List<SparseRow> rows, double[] lower, double[] upper) {
        this.structurals = columns;
        this.m = rows.size();
        for (int j = 0; j < columns; j++) {
            if (Double.isInfinite(lower[j])) {
                throw new IllegalArgumentException("column " + j + " has no finite lower bound");
            }
        }
        feasible = build(rows, lower, upper);
    }

    /** A row of the system: {@code sum values[k] x[columns[k]] (relation) rhs}. */
    record SparseRow(int[] columns, double[] values, Relation relation, double rhs) {}

    private WarmSimplex(WarmSimplex base, int extraRows, int extraColumns) {
        this.structurals = base.structurals + extraColumns;
        this.feasible = base.feasible;
        this.m = base.m + extraRows;
        this.columns = base.columns + extraColumns + extraRows;
    }

    /**
     * This system with one more column {@code y_k} and row {@code y_k <= x[targets[k]]} for each target, each
     * {@code y_k} bounded to [0, cap], started from this system's current basis with each new row's logical basic
     * (at {@code x - y = x >= 0} with every {@code y} at 0, so no phase 1). The new columns follow the structural
     * columns' indices of this one (the first {@code y} is column {@link #structurals()}); the logical columns are
     * renumbered, which no caller sees.
     */
    WarmSimplex withCaps(int[] targets, double cap) {
        if (!feasible) {
            throw new IllegalStateException("infeasible");
        }
        int k = targets.length;
        WarmSimplex w = new WarmSimplex(this, k, k);
        int n = w.columns;
        // Old columns map to: structurals unchanged, logicals shifted by k (the y columns come in between).
        int[] map = new int[columns];
        for (int j = 0; j < columns; j++) {
            map[j] = j < structurals ? j : j + k;
        }
        w.t = new double[w.m][];
        w.beta = new double[w.m];
        w.basis = new int[w.m];
        w.state = new byte[n];
        w.lo = new double[n];
        w.up = new double[n];
        w.barred = new boolean[n];
        for (int j = 0; j < columns; j++) {
            w.state[map[j]] = state[j];
            w.lo[map[j]] = lo[j];
            w.up[map[j]] = up[j];
            w.barred[map[j]] = barred[j];
        }
        for (int i = 0; i < m; i++) {
            double[] row = new double[n];
            for (int j = 0; j < columns; j++) {
                row[map[j]] = t[i][j];
            }
            w.t[i] = row;
            w.beta[i] = beta[i];
            w.basis[i] = map[basis[i]];
        }
        w.rowColumns = new int[w.m][];
        w.rowValues = new double[w.m][];
        w.rhs = new double[w.m];
        w.logical = new int[w.m];
        for (int i = 0; i < m; i++) {
            int[] cs = rowColumns[i].clone();
            for (int c = 0; c < cs.length; c++) {
                cs[c] = map[cs[c]];
            }
            w.rowColumns[i] = cs;
            w.rowValues[i] = rowValues[i];
            w.rhs[i] = rhs[i];
            w.logical[i] = map[logical[i]];
        }
        int[] rowOf = new int[columns];
        java.util.Arrays.fill(rowOf, -1);
        for (int i = 0; i < m; i++) {
            rowOf[basis[i]] = i;
        }
        for (int c = 0; c < k; c++) {
            int y = structurals + c;
            int s = columns + k + c; // the new row's logical, after the old logicals (shifted by k)
            int x = targets[c];
            int i = m + c;
            w.lo[y] = 0;
            w.up[y] = Math.max(0, cap);
            w.state[y] = AT_LOWER;
            w.lo[s] = 0;
            w.up[s] = Double.POSITIVE_INFINITY;
            w.state[s] = BASIC;
            w.rowColumns[i] = new int[] {y, x, s};
            w.rowValues[i] = new double[] {1, -1, 1};
            w.rhs[i] = 0;
            w.logical[i] = s;
            // y - x + s = 0, written over the non-basic columns: x's own row replaces a basic x.
            double[] row = new double[n];
            row[y] = 1;
            row[s] = 1;
            if (rowOf[x] >= 0) {
                double[] tx = w.t[rowOf[x]];
                for (int j = 0; j < n; j++) {
                    if (j != x) {
                        row[j] += tx[j];
                    }
                }
                w.beta[i] = beta[rowOf[x]];
            } else {
                row[x] = -1;
                w.beta[i] = state[x] == AT_UPPER ? up[x] : lo[x];
            }
            row[y] = 1;
            row[s] = 1;
            w.t[i] = row;
            w.basis[i] = s;
        }
        w.work = 0;
        w.charge((long) w.m * w.columns);
        return w;
    }

    /**
     * A copy of this system, at its current basis, with some columns' bounds widened to {@code lower[k] .. upper[k]}
     * (each must contain the column's current value; null when one does not): the planner's trial of withholding more
     * counts, whose published values this system held at their values ({@code lower == upper}), on a copy of the
     * tableau instead of a new one and its phase 1. Widening bounds keeps the current basis primal feasible, so the
     * next {@link #minimise} is phase 2 from it (Chvátal, Linear Programming, 1983, ch. 8 and 10: a change of bounds
     * or right-hand side is sensitivity analysis from the optimal basis). A basic column just gets its new bounds. A
     * non-basic column sits at its value {@code v}, which need not be a bound of the widened range, so it is split:
     * {@code x = x' - q} with {@code x'} in {@code v .. upper[k]} (the old column, non-basic at its lower bound) and
     * {@code q} in {@code 0 .. v - lower[k]}, a new non-structural column equal to minus the old one in every row
     * (non-basic at 0), so the point is unchanged. No structural column is added: {@link #values} reports {@code x'}
     * for a split column, so a caller reads only columns it did not widen. A logical column (structurals + i for row
     * i) widened to {@code -∞ .. ∞} drops its row.
     */
    WarmSimplex widened(int[] cols, double[] lower, double[] upper) {
        if (!feasible) {
            throw new IllegalStateException("infeasible");
        }
        int extra = 0;
        for (int k = 0; k < cols.length; k++) {
            int j = cols[k];
            double v = value(j);
            double tol = 1e-9 * Math.max(1, Math.abs(v));
            if (lower[k] > v + tol || upper[k] < v - tol) {
                return null;
            }
            if (state[j] != BASIC && lower[k] < v) {
                extra++;
            }
        }
        WarmSimplex w = new WarmSimplex(this, 0, 0);
        int n = columns + extra;
        w.columns = n;
        w.t = new double[m][];
        for (int i = 0; i < m; i++) {
            w.t[i] = java.util.Arrays.copyOf(t[i], n);
        }
        w.beta = beta.clone();
        w.basis = basis.clone();
        w.state = java.util.Arrays.copyOf(state, n);
        w.lo = java.util.Arrays.copyOf(lo, n);
        w.up = java.util.Arrays.copyOf(up, n);
        w.barred = java.util.Arrays.copyOf(barred, n);
        w.rowColumns = rowColumns.clone();
        w.rowValues = rowValues.clone();
        w.rhs = rhs;
        w.logical = logical;
        int q = columns;
        for (int k = 0; k < cols.length; k++) {
            int j = cols[k];
            if (state[j] == BASIC) {
                w.lo[j] = lower[k];
                w.up[j] = upper[k];
                continue;
            }
            double v = nonBasicValue(j);
            w.lo[j] = v;
            w.up[j] = upper[k];
            w.state[j] = AT_LOWER;
            if (lower[k] < v) {
                for (int i = 0; i < m; i++) {
                    w.t[i][q] = -t[i][j];
                }
                w.lo[q] = 0;
                w.up[q] = v - lower[k];
                w.state[q] = AT_LOWER;
                for (int i = 0; i < m; i++) {
                    int[] cs = w.rowColumns[i];
                    if (logical[i] == j) {
                        // A logical column is not among its row's entries: q is minus it, -1 in its row.
                        w.rowColumns[i] = java.util.Arrays.copyOf(cs, cs.length + 1);
                        w.rowValues[i] = java.util.Arrays.copyOf(w.rowValues[i], cs.length + 1);
                        w.rowColumns[i][cs.length] = q;
                        w.rowValues[i][cs.length] = -1;
                        continue;
                    }
                    for (int c = 0; c < cs.length; c++) {
                        if (cs[c] == j) {
                            int len = cs.length;
                            int[] more = java.util.Arrays.copyOf(cs, len + 1);
                            double[] vals = java.util.Arrays.copyOf(w.rowValues[i], len + 1);
                            more[len] = q;
                            vals[len] = -w.rowValues[i][c];
                            w.rowColumns[i] = more;
                            w.rowValues[i] = vals;
                            break;
                        }
                    }
                }
                q++;
            }
        }
        w.charge((long) m * n); // copying the tableau
        return w;
    }

    int structurals() {
        return structurals;
    }

    /** Whether the system has a solution (phase 1's verdict). */
    boolean feasible() {
        return feasible;
    }

    /** Work done so far in {@link PlanningWork}'s units; pivots taken so far. */
    long work() {
        return work;
    }

    int pivots() {
        return pivots;
    }

    private void charge(long units) {
        work += units;
    }

    // ------------------------------------------------------------------ phase 1

    private boolean build(List<SparseRow> rows, double[] lower, double[] upper) {
        int n = structurals;
        // Which rows need an artificial column: those whose logical cannot take the residual with every structural
        // column at its lower bound.
        double[] residual = new double[m];
        double[] sign = new double[m];
        rowColumns = new int[m][];
        rowValues = new double[m][];
        rhs = new double[m];
        logical = new int[m];
        int artificials = 0;
        for (int i = 0; i < m; i++) {
            SparseRow r = rows.get(i);
            double s = r.relation() == Relation.GE ? -1 : 1;
            rowColumns[i] = r.columns();
            rowValues[i] = new double[r.values().length];
            double res = s * r.rhs();
            for (int k = 0; k < r.values().length; k++) {
                rowValues[i][k] = s * r.values()[k];
                res -= rowValues[i][k] * lower[r.columns()[k]];
            }
            rhs[i] = s * r.rhs();
            residual[i] = res;
            boolean equation = r.relation() == Relation.EQ;
            boolean fits = equation ? res == 0 : res >= 0;
            if (!fits) {
                sign[i] = res < 0 ? -1 : 1;
                artificials++;
            }
        }
        columns = n + m + artificials;
        t = new double[m][columns];
        beta = new double[m];
        basis = new int[m];
        state = new byte[columns];
        lo = new double[columns];
        up = new double[columns];
        barred = new boolean[columns];
        for (int j = 0; j < n; j++) {
            lo[j] = lower[j];
            up[j] = upper[j];
            state[j] = AT_LOWER;
            if (lower[j] > upper[j] + 1e-9 * Math.max(1, Math.abs(upper[j]))) {
                charge((long) m * columns);
                return false;
            }
        }
        int a = n + m;
        for (int i = 0; i < m; i++) {
            int s = n + i;
            logical[i] = s;
            lo[s] = 0;
            up[s] = rows.get(i).relation() == Relation.EQ ? 0 : Double.POSITIVE_INFINITY;
            double[] row = t[i];
            for (int k = 0; k < rowColumns[i].length; k++) {
                row[rowColumns[i][k]] += rowValues[i][k];
            }
            row[s] = 1;
            if (sign[i] == 0) {
                basis[i] = s;
                state[s] = BASIC;
                beta[i] = residual[i];
            } else {
                // Negated when the residual is negative, so the artificial column enters with +1 at value |residual|.
                state[s] = AT_LOWER;
                if (sign[i] < 0) {
                    for (int j = 0; j < a; j++) {
                        row[j] = -row[j];
                    }
                }
                row[a] = 1;
                lo[a] = 0;
                up[a] = Double.POSITIVE_INFINITY;
                state[a] = BASIC;
                basis[i] = a;
                beta[i] = Math.abs(residual[i]);
                a++;
            }
        }
        charge((long) m * columns); // building the tableau
        if (artificials == 0) {
            return true;
        }
        double[] cost = new double[columns];
        for (int j = n + m; j < columns; j++) {
            cost[j] = 1;
        }
        optimise(cost);
        double infeasibility = 0;
        for (int i = 0; i < m; i++) {
            if (basis[i] >= n + m) {
                infeasibility += beta[i];
            }
        }
        if (infeasibility > INFEASIBLE) {
            return false;
        }
        // Leaving phase 1: each artificial column still basic (at 0) is pivoted out on any other column of its row (one
        // exists: the logical columns make the rows independent), then the artificial columns are dropped.
        for (int i = 0; i < m; i++) {
            if (basis[i] < n + m) {
                continue;
            }
            int best = -1;
            for (int j = 0; j < n + m; j++) {
                if (state[j] != BASIC && (best < 0 || Math.abs(t[i][j]) > Math.abs(t[i][best]))) {
                    best = j;
                }
            }
            if (best < 0 || Math.abs(t[i][best]) <= PIVOT_TOL) {
                throw new IllegalStateException("phase 1 left an artificial column that cannot leave");
            }
            // A degenerate pivot: the artificial is 0, so the entering column keeps its value.
            double value = state[best] == AT_UPPER ? up[best] : lo[best];
            state[basis[i]] = AT_LOWER;
            pivot(i, best, null);
            basis[i] = best;
            state[best] = BASIC;
            beta[i] = value;
        }
        int kept = n + m;
        for (int i = 0; i < m; i++) {
            t[i] = java.util.Arrays.copyOf(t[i], kept);
        }
        columns = kept;
        state = java.util.Arrays.copyOf(state, kept);
        lo = java.util.Arrays.copyOf(lo, kept);
        up = java.util.Arrays.copyOf(up, kept);
        barred = new boolean[kept];
        charge((long) m * columns); // leaving phase 1
        refresh();
        return true;
    }

    // ------------------------------------------------------------------ phase 2

    /**
     * Minimises {@code cost . x} over the structural columns from the current basis (which stays the optimal one for
     * the next call); {@link #value} then reads the solution.
     */
    Status minimise(double[] structuralCost) {
        if (!feasible) {
            throw new IllegalStateException("infeasible");
        }
        double[] cost = java.util.Arrays.copyOf(structuralCost, columns);
        Status s = optimise(cost);
        refresh();
        objective = 0;
        for (int j = 0; j < structurals; j++) {
            if (structuralCost[j] != 0) {
                objective += structuralCost[j] * value(j);
            }
        }
        return s;
    }

    /** The optimum of the last {@link #minimise} (its last point when unbounded). */
    double objective() {
        return objective;
    }

    /** Every structural column's value at the current basis. */
    double[] values() {
        double[] x = new double[structurals];
        for (int j = 0; j < structurals; j++) {
            x[j] = state[j] == AT_UPPER ? up[j] : lo[j];
        }
        for (int i = 0; i < m; i++) {
            if (basis[i] < structurals) {
                x[basis[i]] = beta[i];
            }
        }
        return x;
    }

    /** A column's value at the current basis. */
    double value(int column) {
        if (state[column] == AT_LOWER) {
            return lo[column];
        }
        if (state[column] == AT_UPPER) {
            return up[column];
        }
        for (int i = 0; i < m; i++) {
            if (basis[i] == column) {
                return beta[i];
            }
        }
        throw new IllegalStateException("column " + column + " has no value");
    }

    /** The simplex iterations from the current basis; the basis stays feasible throughout. */
    private Status optimise(double[] cost) {
        int n = columns;
        double[] d = cost.clone();
        int weighted = 0;
        for (int i = 0; i < m; i++) {
            double cb = cost[basis[i]];
            if (cb != 0) {
                weighted++;
                double[] row = t[i];
                for (int j = 0; j < n; j++) {
                    d[j] -= cb * row[j];
                }
            }
        }
        charge((long) (weighted + 1) * n); // pricing
        int degenerate = 0;
        for (int iteration = 0; iteration < MAX_PIVOTS; iteration++) {
            boolean bland = degenerate >= DEGENERATE_RUN;
            int q = -1;
            double best = 0;
            for (int j = 0; j < n; j++) {
                if (state[j] == BASIC || barred[j] || up[j] - lo[j] <= 0) {
                    continue;
                }
                double dj = d[j];
                double gain = state[j] == AT_LOWER ? -dj : dj;
                if (gain > COST_TOL && (q < 0 || !bland && gain > best)) {
                    q = j;
                    best = gain;
                    if (bland) {
                        break;
                    }
                }
            }
            if (q < 0) {
                return Status.OPTIMAL;
            }
            double dir = state[q] == AT_LOWER ? 1 : -1;
            // Ratio test: how far x_q can move before a basic column, or x_q itself, reaches a bound.
            double theta = up[q] - lo[q];
            int leave = -1;
            double leaveAlpha = 0;
            for (int i = 0; i < m; i++) {
                double alpha = dir * t[i][q];
                if (Math.abs(alpha) <= PIVOT_TOL) {
                    continue;
                }
                int b = basis[i];
                double limit;
                if (alpha > 0) {
                    limit = (beta[i] - lo[b]) / alpha;
                } else if (up[b] != Double.POSITIVE_INFINITY) {
                    limit = (up[b] - beta[i]) / -alpha;
                } else {
                    continue;
                }
                limit = Math.max(0, limit);
                boolean better;
                if (leave < 0 && theta == Double.POSITIVE_INFINITY) {
                    better = true;
                } else if (limit < theta - 1e-12) {
                    better = true;
                } else if (limit <= theta + 1e-12 && leave >= 0) {
                    // A tie: Bland's rule takes the smallest index; otherwise the largest pivot, for stability.
                    better = bland ? b < basis[leave] : Math.abs(alpha) > Math.abs(leaveAlpha);
                } else {
                    better = false;
                }
                if (better) {
                    theta = limit;
                    leave = i;
                    leaveAlpha = alpha;
                }
            }
            if (theta == Double.POSITIVE_INFINITY) {
                charge(m + n);
                return Status.UNBOUNDED;
            }
            for (int i = 0; i < m; i++) {
                double a = t[i][q];
                if (a != 0) {
                    beta[i] -= theta * dir * a;
                }
            }
            degenerate = theta <= 1e-12 ? degenerate + 1 : 0;
            if (leave < 0) {
                // x_q reaches its other bound first: a bound flip, no pivot.
                state[q] = state[q] == AT_LOWER ? AT_UPPER : AT_LOWER;
                charge(m + n);
                continue;
            }
            double entering = (state[q] == AT_LOWER ? lo[q] : up[q]) + dir * theta;
            int out = basis[leave];
            state[out] = leaveAlpha > 0 ? AT_LOWER : AT_UPPER;
            pivot(leave, q, d);
            basis[leave] = q;
            state[q] = BASIC;
            beta[leave] = entering;
        }
        throw new IllegalStateException("simplex did not finish in " + MAX_PIVOTS + " pivots");
    }

    /** Gauss-Jordan pivot on (r, q): column q becomes the unit vector of row r; reduced costs follow if given. */
    private void pivot(int r, int q, double[] d) {
        pivots++;
        int n = columns;
        double[] pr = t[r];
        double p = pr[q];
        int nz = 0;
        int[] idx = new int[n];
        for (int j = 0; j < n; j++) {
            if (pr[j] != 0) {
                pr[j] /= p;
                idx[nz++] = j;
            }
        }
        pr[q] = 1;
        for (int i = 0; i < m; i++) {
            if (i == r) {
                continue;
            }
            double[] row = t[i];
            double f = row[q];
            if (f == 0) {
                continue;
            }
            for (int k = 0; k < nz; k++) {
                int j = idx[k];
                row[j] -= f * pr[j];
            }
            row[q] = 0;
        }
        if (d != null) {
            double f = d[q];
            if (f != 0) {
                for (int k = 0; k < nz; k++) {
                    int j = idx[k];
                    d[j] -= f * pr[j];
                }
                d[q] = 0;
            }
        }
        charge((long) m * n);
    }

    // ------------------------------------------------------------------ accuracy

    /**
     * Recomputes the basic values from the original rows: the logical columns of the tableau are the basis inverse (a
     * negated row's sign included), so {@code beta = B^-1 (b - N x_N)}. If they had drifted, rebuilds the tableau.
     */
    private void refresh() {
        double[] rest = new double[m];
        for (int i = 0; i < m; i++) {
            double r = rhs[i];
            int[] cs = rowColumns[i];
            double[] vs = rowValues[i];
            for (int k = 0; k < cs.length; k++) {
                if (state[cs[k]] != BASIC) {
                    r -= vs[k] * nonBasicValue(cs[k]);
                }
            }
            if (state[logical[i]] != BASIC) {
                r -= nonBasicValue(logical[i]);
            }
            rest[i] = r;
        }
        double drift = 0;
        double[] fresh = new double[m];
        for (int i = 0; i < m; i++) {
            double[] row = t[i];
            double v = 0;
            for (int k = 0; k < m; k++) {
                double b = row[logical[k]];
                if (b != 0) {
                    v += b * rest[k];
                }
            }
            fresh[i] = v;
            drift = Math.max(drift, Math.abs(v - beta[i]) / Math.max(1, Math.abs(v)));
        }
        charge((long) m * m);
        if (drift > DRIFT) {
            rebuild();
        } else {
            beta = fresh;
        }
    }

    private double nonBasicValue(int j) {
        return state[j] == AT_UPPER ? up[j] : lo[j];
    }

    /**
     * The tableau computed afresh for the current basis from the original rows (Gauss-Jordan with partial pivoting
     * over the basic columns), then the basic values.
     */
    private void rebuild() {
        int n = columns;
        double[][] fresh = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < rowColumns[i].length; k++) {
                fresh[i][rowColumns[i][k]] += rowValues[i][k];
            }
            fresh[i][logical[i]] = 1;
        }
        t = fresh;
        int[] cols = basis.clone();
        boolean[] done = new boolean[m];
        int[] newBasis = new int[m];
        for (int c : cols) {
            int r = -1;
            for (int i = 0; i < m; i++) {
                if (!done[i] && (r < 0 || Math.abs(t[i][c]) > Math.abs(t[r][c]))) {
                    r = i;
                }
            }
            if (r < 0 || Math.abs(t[r][c]) <= PIVOT_TOL) {
                throw new IllegalStateException("basis became singular");
            }
            pivot(r, c, null);
            done[r] = true;
            newBasis[r] = c;
        }
        basis = newBasis;
        double[] rest = new double[m];
        for (int i = 0; i < m; i++) {
            double r = rhs[i];
            for (int k = 0; k < rowColumns[i].length; k++) {
                int j = rowColumns[i][k];
                if (state[j] != BASIC) {
                    r -= rowValues[i][k] * nonBasicValue(j);
                }
            }
            if (state[logical[i]] != BASIC) {
                r -= nonBasicValue(logical[i]);
            }
            rest[i] = r;
        }
        // beta = B^-1 rest: the logical columns of the rebuilt tableau are B^-1.
        for (int i = 0; i < m; i++) {
            double v = 0;
            for (int k = 0; k < m; k++) {
                v += t[i][logical[k]] * rest[k];
            }
            beta[i] = v;
        }
        charge((long) m * m);
    }
}
