package org.followupmonitor.alerts;

import org.apache.commons.math3.special.Erf;

/**
 * An independent oracle for two-sided Lan-DeMets boundaries: the Armitage-McPherson-Rowe recursion on the score
 * scale S_k = Z_k sqrt(t_k) (independent normal increments of variance t_k - t_{k-1}), on a fine uniform grid with
 * the composite Simpson rule and bisection for each boundary. Slow and simple on purpose; it shares no code with
 * survival.GroupSequentialState (which uses the Jennison-Turnbull grid on the Z scale and Brent's method). With 500
 * intervals it reproduces the rpact quarter-look values to 1e-7 and changes by less than 1e-8 when the grid is
 * doubled or quadrupled.
 */
final class NaiveBoundaries {
    private static final int INTERVALS = 500;

    private NaiveBoundaries() {
    }

    static double obfSpent(double t, double alpha) {
        double z = quantile(alpha / 4);
        return 4 * upper(z / Math.sqrt(t));
    }

    static double pocockSpent(double t, double alpha) {
        return alpha * Math.log(1 + (Math.E - 1) * t);
    }

    /** Boundaries at the fractions for cumulative spending spent[k] = alpha(t_k). */
    static double[] boundaries(double[] t, double[] spent) {
        double[] c = new double[t.length];
        double[] grid = null;
        double[] dens = null;
        double prevSpent = 0;
        for (int k = 0; k < t.length; k++) {
            double inc = spent[k] - prevSpent;
            prevSpent = spent[k];
            if (k == 0) {
                c[0] = quantile(inc / 2);
            } else {
                final double[] g = grid;
                final double[] f = dens;
                final double sd = Math.sqrt(t[k] - t[k - 1]);
                final double sqrtT = Math.sqrt(t[k]);
                // Bisection on log(crossing probability), decreasing in c.
                double lo = 0;
                double hi = 40;
                for (int it = 0; it < 64; it++) {
                    double mid = (lo + hi) / 2;
                    double p = crossing(g, f, sd, mid * sqrtT);
                    if (p > inc) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                c[k] = (lo + hi) / 2;
            }
            // Sub-density of S_k on (-c sqrt t, c sqrt t).
            double b = c[k] * Math.sqrt(t[k]);
            double[] ng = new double[INTERVALS + 1];
            double[] nf = new double[INTERVALS + 1];
            for (int i = 0; i <= INTERVALS; i++) {
                ng[i] = -b + 2 * b * i / INTERVALS;
                if (k == 0) {
                    nf[i] = phi(ng[i] / Math.sqrt(t[0])) / Math.sqrt(t[0]);
                } else {
                    double sd = Math.sqrt(t[k] - t[k - 1]);
                    double h = grid[1] - grid[0];
                    double s = 0;
                    for (int j = 0; j < grid.length; j++) {
                        double w = (j == 0 || j == grid.length - 1) ? 1 : (j % 2 == 1 ? 4 : 2);
                        s += w * dens[j] * phi((ng[i] - grid[j]) / sd) / sd;
                    }
                    nf[i] = s * h / 3;
                }
            }
            grid = ng;
            dens = nf;
        }
        return c;
    }

    /** P(|S_k| >= b and not stopped before) = integral f(u) [Q((b - u)/sd) + Q((b + u)/sd)] du. */
    private static double crossing(double[] g, double[] f, double sd, double b) {
        double h = g[1] - g[0];
        double s = 0;
        for (int j = 0; j < g.length; j++) {
            double w = (j == 0 || j == g.length - 1) ? 1 : (j % 2 == 1 ? 4 : 2);
            s += w * f[j] * (upper((b - g[j]) / sd) + upper((b + g[j]) / sd));
        }
        return s * h / 3;
    }

    static double upper(double x) {
        return 0.5 * Erf.erfc(x / Math.sqrt(2));
    }

    static double phi(double x) {
        return Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
    }

    /** Upper-tail normal quantile by bisection on erfc (relative precision kept for tiny p). */
    static double quantile(double p) {
        double lo = 0;
        double hi = 40;
        for (int it = 0; it < 200; it++) {
            double mid = (lo + hi) / 2;
            if (upper(mid) > p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }
}
