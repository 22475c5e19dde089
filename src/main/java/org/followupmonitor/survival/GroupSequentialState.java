package org.followupmonitor.survival;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.commons.math3.analysis.solvers.BrentSolver;

/**
 * Lan-DeMets group-sequential boundaries built one look at a time, as an immutable value.
 *
 * <p>Boundaries come from the recursive numerical integration of the joint null distribution of the sequential
 * statistics Z_1, Z_2, ... (Armitage, McPherson &amp; Rowe 1969), on the grid of Jennison &amp; Turnbull (2000),
 * ch. 19: a look k finds c_k with P(|Z_k| &gt;= c_k, |Z_j| &lt; c_j for j &lt; k) = alpha(t_k) - alpha(t_{k-1}).
 * Z_k sqrt(t_k) is a Brownian motion in the information fraction, so only the sub-density of Z_{k-1} on the
 * continuation region is needed: this state carries it (grid points, Simpson weights, density values), and
 * {@link #look(double)} returns a new state holding the density of Z_k. A look therefore costs O(m^2) with
 * m = 12r - 3 grid points, whatever the number of earlier looks.
 *
 * <p>The components are public so a state can be persisted and restored; the compact constructor checks their
 * consistency.
 *
 * @param spending  the spending function
 * @param alpha     total two-sided type I error (alpha/2 per side)
 * @param r         grid density parameter of Jennison &amp; Turnbull (they use 16; default here 32)
 * @param looks     the looks so far, in order
 * @param grid      Z_k grid over the last continuation region (empty before the first look)
 * @param weights   Simpson weights of the grid
 * @param density   sub-density of Z_k on the grid (mass of not having stopped)
 */
public record GroupSequentialState(SpendingFunction spending, double alpha, int r, List<GroupSequentialLook> looks,
        double[] grid, double[] weights, double[] density) {

    /** Default grid parameter; twice Jennison &amp; Turnbull's 16, for agreement with rpact/gsDesign to 1e-7. */
    public static final int DEFAULT_R = 32;
    /** Alpha increments smaller than this are not spent: the look gets boundary +Infinity. */
    public static final double NEGLIGIBLE_ALPHA = 1e-290;

    public GroupSequentialState {
        Objects.requireNonNull(spending, "spending function");
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must lie in (0, 1), e.g. 0.05; got " + alpha);
        }
        if (r < 4 || r > 1000) {
            throw new IllegalArgumentException("grid parameter r must lie in [4, 1000] (16-32 is usual); got " + r);
        }
        looks = List.copyOf(looks);
        if (grid.length != weights.length || grid.length != density.length) {
            throw new IllegalArgumentException("grid, weights and density must have equal lengths");
        }
        if (looks.isEmpty() != (grid.length == 0)) {
            throw new IllegalArgumentException("a state carries a density exactly when it has looks");
        }
        for (int k = 0; k < looks.size(); k++) {
            if (looks.get(k).index() != k + 1 || (k > 0 && looks.get(k).fraction() <= looks.get(k - 1).fraction())) {
                throw new IllegalArgumentException("looks must be numbered 1.. with increasing fractions; got " + looks);
            }
        }
        grid = grid.clone();
        weights = weights.clone();
        density = density.clone();
    }

    /**
     * A monitoring plan before its first look.
     *
     * @param spending spending function
     * @param alpha    total two-sided type I error, e.g. 0.05
     * @throws IllegalArgumentException when alpha is outside (0, 1)
     */
    public static GroupSequentialState start(SpendingFunction spending, double alpha) {
        return start(spending, alpha, DEFAULT_R);
    }

    /** As {@link #start(SpendingFunction, double)} with grid parameter r. */
    public static GroupSequentialState start(SpendingFunction spending, double alpha, int r) {
        return new GroupSequentialState(spending, alpha, r, List.of(), new double[0], new double[0], new double[0]);
    }

    /**
     * Takes the next look at information fraction t and returns the state after it; this state is unchanged
     * (so {@code state.look(t).lastLook()} previews the boundary at t without committing to the look).
     *
     * @param t information fraction in (0, 1], greater than the previous look's
     * @return the new state, whose last look holds the boundary for t
     * @throws IllegalArgumentException when t is out of (0, 1] or not after the previous look; an overrunning
     *                                  trial should take its final look at t = 1
     */
    public GroupSequentialState look(double t) {
        double prevT = looks.isEmpty() ? 0.0 : looks.get(looks.size() - 1).fraction();
        if (!(t > 0 && t <= 1)) {
            throw new IllegalArgumentException("information fraction must lie in (0, 1]; got " + t
                    + " (cap at 1 when observed events exceed the planned number: see finalLook)");
        }
        if (!(t > prevT)) {
            throw new IllegalArgumentException("information fraction " + t + " is not after the previous look at "
                    + prevT + "; looks must be at increasing fractions");
        }
        return look(t, t);
    }

    /**
     * The final look of a plan whose information over-ran: the observed information is {@code informationRatio}
     * times the planned maximum (observed / planned events, at least 1). The look spends all the alpha left, its
     * spending time being capped at 1, while its correlation with the earlier looks comes from the information
     * actually observed: Corr(Z_j, Z_k) = sqrt(I_j / I_k) with I_k = informationRatio. This is gsDesign's
     * convention (spending time min(1, n.I / maxn.IPlan); the statistics' correlation from n.I) and what rpact
     * computes with user-defined spending alpha(min(1, t_j)) at information rates I_j / I_k. The earlier looks,
     * already taken, keep their boundaries. The look is recorded with fraction 1, so no look can follow it.
     *
     * @param informationRatio observed / planned information at this look, &gt;= 1
     * @return the state after the final look
     * @throws IllegalArgumentException when informationRatio is below 1, not finite, or a look at 1 was taken
     */
    public GroupSequentialState finalLook(double informationRatio) {
        double prevT = looks.isEmpty() ? 0.0 : looks.get(looks.size() - 1).fraction();
        if (!(informationRatio >= 1) || Double.isInfinite(informationRatio)) {
            throw new IllegalArgumentException("the information ratio of a final look must be a finite number >= 1; "
                    + "got " + informationRatio);
        }
        if (!(prevT < 1)) {
            throw new IllegalArgumentException("the final look (information fraction 1) has already been taken");
        }
        return look(1.0, informationRatio);
    }

    /**
     * A look at spending time {@code t} whose information, on the scale of the earlier looks' fractions, is
     * {@code information} (equal to t except at an over-running final look). The recursion depends only on ratios
     * of information, so an information above 1 is fine.
     */
    private GroupSequentialState look(double t, double information) {
        double prevT = looks.isEmpty() ? 0.0 : looks.get(looks.size() - 1).fraction();
        double spentBefore = looks.isEmpty() ? 0.0 : looks.get(looks.size() - 1).cumulativeAlpha();
        double spent = Math.max(spending.cumulativeAlpha(t, alpha), spentBefore);
        double increment = spent - spentBefore;
        if (increment < NEGLIGIBLE_ALPHA) {
            // Below this the tail probabilities underflow: the look cannot reject (boundary +Infinity).
            increment = 0.0;
            spent = spentBefore;
        }

        double c;
        double[][] next;
        if (looks.isEmpty()) {
            // Z_1 ~ N(0, 1): the boundary is a normal quantile.
            c = increment > 0 ? GroupSequentialNormal.upperQuantile(increment / 2) : Double.POSITIVE_INFINITY;
            next = simpsonGrid(-c, c, r);
            double[] h = new double[next[0].length];
            for (int i = 0; i < h.length; i++) {
                h[i] = GroupSequentialNormal.density(next[0][i]);
            }
            next = new double[][] {next[0], next[1], h};
        } else {
            double sqrtT = Math.sqrt(information);
            double sqrtPrev = Math.sqrt(prevT);
            double sqrtDelta = Math.sqrt(information - prevT);
            c = increment > 0 ? solveBoundary(increment, sqrtT, sqrtPrev, sqrtDelta) : Double.POSITIVE_INFINITY;
            double[][] g = simpsonGrid(-c, c, r);
            double[] h = new double[g[0].length];
            // Density of Z_k: f_k(x) = sum_j w_j f_{k-1}(z_j) sqrt(t_k / delta) phi((x sqrt t_k - z_j sqrt t_{k-1}) / sqrt delta)
            double jac = sqrtT / sqrtDelta;
            for (int i = 0; i < h.length; i++) {
                double xs = g[0][i] * sqrtT;
                double s = 0;
                for (int j = 0; j < grid.length; j++) {
                    double u = (xs - grid[j] * sqrtPrev) / sqrtDelta;
                    s += weights[j] * density[j] * GroupSequentialNormal.density(u);
                }
                h[i] = s * jac;
            }
            next = new double[][] {g[0], g[1], h};
        }
        double nominal = Double.isInfinite(c) ? 0.0 : 2 * GroupSequentialNormal.upperTail(c);
        List<GroupSequentialLook> all = new ArrayList<>(looks);
        all.add(new GroupSequentialLook(looks.size() + 1, t, c, nominal, spent, increment));
        return new GroupSequentialState(spending, alpha, r, all, next[0], next[1], next[2]);
    }

    /** The latest look, empty before the first. */
    public Optional<GroupSequentialLook> lastLook() {
        return looks.isEmpty() ? Optional.empty() : Optional.of(looks.get(looks.size() - 1));
    }

    /** Information fraction of the latest look, 0 before the first. */
    public double lastFraction() {
        return lastLook().map(GroupSequentialLook::fraction).orElse(0.0);
    }

    /** P(no boundary crossed so far) under H0 by this state's own integration; 1 before the first look. */
    public double continuationProbability() {
        if (grid.length == 0) {
            return 1.0;
        }
        double s = 0;
        for (int i = 0; i < grid.length; i++) {
            s += weights[i] * density[i];
        }
        return s;
    }

    /** Two-sided crossing probability at the next look for boundary c; decreasing in c. */
    private double crossing(double c, double sqrtT, double sqrtPrev, double sqrtDelta) {
        double s = 0;
        double cs = c * sqrtT;
        for (int j = 0; j < grid.length; j++) {
            double m = grid[j] * sqrtPrev;
            double up = GroupSequentialNormal.upperTail((cs - m) / sqrtDelta);
            double down = GroupSequentialNormal.upperTail((cs + m) / sqrtDelta);
            s += weights[j] * density[j] * (up + down);
        }
        return s;
    }

    private double solveBoundary(double target, double sqrtT, double sqrtPrev, double sqrtDelta) {
        double logTarget = Math.log(target);
        double lo = 0.0;
        double hi = 8.0;
        while (crossing(hi, sqrtT, sqrtPrev, sqrtDelta) > target) {
            lo = hi;
            hi *= 2;
            if (hi > 1e3) {
                throw new IllegalStateException("no boundary found for alpha increment " + target);
            }
        }
        if (crossing(lo, sqrtT, sqrtPrev, sqrtDelta) <= target) {
            // Even c = 0 spends less than the increment: the continuation mass is smaller than the alpha
            // allotted, which cannot happen for alpha < 1; guard anyway.
            throw new IllegalStateException("alpha increment " + target + " exceeds the probability left to spend");
        }
        // Root of log crossing(c) - log target: the log keeps relative precision for tiny increments.
        BrentSolver solver = new BrentSolver(1e-15, 1e-13);
        return solver.solve(200, c -> Math.log(crossing(c, sqrtT, sqrtPrev, sqrtDelta)) - logTarget, lo, hi);
    }

    /**
     * Jennison &amp; Turnbull (2000, sec. 19.2.1) grid for a standard normal statistic trimmed to (lo, hi), with
     * the midpoints added and Simpson's rule weights. Returns {points, weights}.
     */
    static double[][] simpsonGrid(double lo, double hi, int r) {
        int nBase = 6 * r - 1;
        double[] base = new double[nBase];
        for (int i = 1; i <= nBase; i++) {
            double x;
            if (i < r) {
                x = -3 - 4 * Math.log((double) r / i);
            } else if (i <= 5 * r) {
                x = -3 + 3.0 * (i - r) / (2.0 * r);
            } else {
                x = 3 + 4 * Math.log((double) r / (6 * r - i));
            }
            base[i - 1] = x;
        }
        double a = Math.max(lo, base[0]);
        double b = Math.min(hi, base[nBase - 1]);
        List<Double> pts = new ArrayList<>();
        pts.add(a);
        for (double x : base) {
            if (x > a && x < b) {
                pts.add(x);
            }
        }
        pts.add(b);
        int m = 2 * pts.size() - 1;
        double[] z = new double[m];
        for (int i = 0; i < pts.size(); i++) {
            z[2 * i] = pts.get(i);
            if (i + 1 < pts.size()) {
                z[2 * i + 1] = (pts.get(i) + pts.get(i + 1)) / 2;
            }
        }
        double[] w = new double[m];
        for (int i = 0; i + 2 < m; i += 2) {
            double h = z[i + 2] - z[i];
            w[i] += h / 6;
            w[i + 1] += 4 * h / 6;
            w[i + 2] += h / 6;
        }
        return new double[][] {z, w};
    }

    @Override
    public double[] grid() {
        return grid.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public double[] density() {
        return density.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupSequentialState s && spending == s.spending && alpha == s.alpha && r == s.r
                && looks.equals(s.looks) && Arrays.equals(grid, s.grid) && Arrays.equals(weights, s.weights)
                && Arrays.equals(density, s.density);
    }

    @Override
    public int hashCode() {
        return Objects.hash(spending, alpha, r, looks, Arrays.hashCode(density));
    }

    @Override
    public String toString() {
        return "GroupSequentialState[" + spending + ", alpha=" + alpha + ", looks=" + looks + "]";
    }
}
