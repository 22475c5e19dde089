package org.followupmonitor.survival;

import java.util.List;
import java.util.Objects;

/**
 * The response side of a Cox model over the input rows of a column-stored design ({@link DesignMatrix.Columns}):
 * per input row its stop time, event and, optionally, entry time, case weight, stratum and cluster. The rows a
 * design keeps (its complete cases) are read from here by index. The arrays are handed over, not copied: callers
 * must not change them afterwards.
 *
 * @param start   entry time of (start, stop] rows (R's {@code Surv(start, stop, event)}); null for right-censored
 * @param stop    follow-up (stop) time per input row
 * @param event   event at stop
 * @param weights case weights, each finite and &gt; 0; null for unit weights
 * @param strata  stratum code per input row (R's {@code strata()}); null without strata
 * @param cluster cluster code per input row (R's {@code cluster()}: robust variance); null without clusters
 */
public record CoxResponse(double[] start, double[] stop, boolean[] event, double[] weights, int[] strata,
        int[] cluster) {

    public CoxResponse {
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(event, "event");
        int n = stop.length;
        if (event.length != n || (start != null && start.length != n) || (weights != null && weights.length != n)
                || (strata != null && strata.length != n) || (cluster != null && cluster.length != n)) {
            throw new IllegalArgumentException("start, stop, event, weights, strata and cluster must have one entry per "
                    + "input row (" + n + ")");
        }
    }

    /** Right-censored rows without weights, strata or clusters. */
    public static CoxResponse rightCensored(double[] time, boolean[] event) {
        return new CoxResponse(null, time, event, null, null, null);
    }

    /**
     * The kept rows of the design with their response, validated as {@link CoxData} validates (same order of checks,
     * same messages), as the fitter reads them.
     */
    CoxInput input(DesignMatrix.Columns design) {
        int[] rows = design.rows();
        int n = rows.length;
        double[] t = new double[n];
        boolean[] e = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (rows[i] >= stop.length) {
                throw new IllegalArgumentException("design matrix row " + rows[i] + " has no time/event; the design was "
                        + "built from " + design.inputRows() + " rows but time has " + stop.length);
            }
            t[i] = stop[rows[i]];
            e[i] = event[rows[i]];
        }
        double[][] x = design.x();
        List<String> names = design.termNames();
        // The checks of CoxData, in its order and with its messages.
        if (n == 0) {
            throw new IllegalArgumentException("no subjects: a Cox model needs at least one row");
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no covariates: give at least one term");
        }
        double[] s = start == null ? null : keep(start, rows);
        double[] w = weights == null ? null : keep(weights, rows);
        int[] st = strata == null ? null : keep(strata, rows);
        int[] cl = cluster == null ? null : keep(cluster, rows);
        for (int i = 0; s != null && i < n; i++) {
            if (!Double.isFinite(s[i]) || !(s[i] < t[i])) {
                throw new IllegalArgumentException("row " + i + " has start " + s[i] + " and stop " + t[i]
                        + "; a (start, stop] row needs a finite start before its stop");
            }
        }
        boolean anyEvent = false;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(t[i])) {
                throw new IllegalArgumentException("time of row " + i + " is " + t[i] + "; times must be finite");
            }
            if (w != null && (!(w[i] > 0) || !Double.isFinite(w[i]))) {
                throw new IllegalArgumentException("weight of row " + i + " is " + w[i]
                        + "; case weights must be finite and > 0");
            }
            anyEvent |= e[i];
        }
        for (int k = 0; k < x.length; k++) {
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(x[k][i])) {
                    throw new IllegalArgumentException("covariate '" + names.get(k) + "' of row " + i + " is "
                            + x[k][i] + "; drop incomplete rows first (DesignMatrix does this)");
                }
            }
        }
        if (!anyEvent) {
            throw new IllegalArgumentException("no events among " + n + " subjects: the Cox partial likelihood is empty");
        }
        return new CoxInput() {
            @Override
            public int n() {
                return n;
            }

            @Override
            public List<String> termNames() {
                return names;
            }

            @Override
            public double time(int i) {
                return t[i];
            }

            @Override
            public boolean event(int i) {
                return e[i];
            }

            @Override
            public double weight(int i) {
                return w == null ? 1.0 : w[i];
            }

            @Override
            public double x(int i, int k) {
                return x[k][i];
            }

            @Override
            public void gather(int[] order, double[][] z) {
                // Column by column: sequential writes, and reads from one column at a time.
                for (int k = 0; k < z.length; k++) {
                    double[] from = x[k];
                    double[] to = z[k];
                    for (int q = 0; q < order.length; q++) {
                        to[q] = from[order[q]];
                    }
                }
            }

            @Override
            public double[] start() {
                return s;
            }

            @Override
            public int[] strata() {
                return st;
            }

            @Override
            public int[] cluster() {
                return cl;
            }
        };
    }

    private static double[] keep(double[] perRow, int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = perRow[rows[i]];
        }
        return out;
    }

    private static int[] keep(int[] perRow, int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = perRow[rows[i]];
        }
        return out;
    }
}
