package org.followupmonitor.survival;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Survival data with a numeric design matrix, the input of {@link CoxRegression} and {@link CoxZph}: right-censored
 * (R's {@code Surv(time, event)}) or, with {@code start}, counting-process (start, stop] rows (R's
 * {@code Surv(start, stop, event)}: the row is at risk at times t with start &lt; t &lt;= stop, and its event, if
 * any, happens at stop); optionally with strata (R's {@code strata()}: a baseline hazard per stratum) and clusters
 * (R's {@code cluster()}: rows of one cluster are not independent, so the variance is the robust sandwich).
 * Arrays are copied in and out, so an instance is immutable.
 *
 * @param start     entry time per row for (start, stop] data, each finite and &lt; {@code time}; null for
 *                  right-censored data
 * @param time      follow-up time per subject (the stop time of a (start, stop] row), finite
 * @param event     true when the subject had the event at {@code time}, false when censored
 * @param x         n x p covariate matrix (row = subject), finite values; build it with {@link DesignMatrix}
 *                  to dummy-code factors and drop incomplete rows
 * @param termNames p distinct column names, used in results and error messages
 * @param weights   case weights, each finite and &gt; 0 (R's {@code weights=})
 * @param strata    stratum code per row (any int; equal codes share a baseline hazard); null without strata
 * @param cluster   cluster code per row (any int); null without clusters
 */
public record CoxData(double[] start, double[] time, boolean[] event, double[][] x, List<String> termNames,
        double[] weights, int[] strata, int[] cluster) {

    /** Right-censored data without strata or clusters. */
    public CoxData(double[] time, boolean[] event, double[][] x, List<String> termNames, double[] weights) {
        this(null, time, event, x, termNames, weights, null, null);
    }

    public CoxData {
        Objects.requireNonNull(time, "time must not be null");
        Objects.requireNonNull(event, "event must not be null");
        Objects.requireNonNull(x, "x (the n x p design matrix) must not be null");
        Objects.requireNonNull(termNames, "termNames must not be null");
        Objects.requireNonNull(weights, "weights must not be null; use CoxData.unweighted(...) for unit weights");
        int n = time.length;
        if (n == 0) {
            throw new IllegalArgumentException("no subjects: a Cox model needs at least one row");
        }
        if (event.length != n || x.length != n || weights.length != n) {
            throw new IllegalArgumentException("time (" + n + "), event (" + event.length + "), x (" + x.length
                    + " rows) and weights (" + weights.length + ") must have one entry per subject");
        }
        if ((start != null && start.length != n) || (strata != null && strata.length != n)
                || (cluster != null && cluster.length != n)) {
            throw new IllegalArgumentException("start, strata and cluster, when given, must have one entry per row ("
                    + n + ")");
        }
        start = start == null ? null : start.clone();
        strata = strata == null ? null : strata.clone();
        cluster = cluster == null ? null : cluster.clone();
        for (int i = 0; start != null && i < n; i++) {
            // R's Surv(start, stop) makes such a row NA ("Stop time must be > start time"); here it is refused.
            if (!Double.isFinite(start[i]) || !(start[i] < time[i])) {
                throw new IllegalArgumentException("row " + i + " has start " + start[i] + " and stop " + time[i]
                        + "; a (start, stop] row needs a finite start before its stop");
            }
        }
        int p = termNames.size();
        if (p == 0) {
            throw new IllegalArgumentException("no covariates: give at least one term");
        }
        if (new HashSet<>(termNames).size() != p) {
            throw new IllegalArgumentException("term names must be distinct; got " + termNames);
        }
        termNames = List.copyOf(termNames);
        time = time.clone();
        event = event.clone();
        weights = weights.clone();
        double[][] xs = new double[n][];
        boolean anyEvent = false;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(time[i])) {
                throw new IllegalArgumentException("time of row " + i + " is " + time[i] + "; times must be finite");
            }
            if (!(weights[i] > 0) || !Double.isFinite(weights[i])) {
                throw new IllegalArgumentException("weight of row " + i + " is " + weights[i]
                        + "; case weights must be finite and > 0");
            }
            if (x[i] == null || x[i].length != p) {
                throw new IllegalArgumentException("row " + i + " of x has " + (x[i] == null ? 0 : x[i].length)
                        + " values; expected " + p + " (one per term " + termNames + ")");
            }
            for (int k = 0; k < p; k++) {
                if (!Double.isFinite(x[i][k])) {
                    throw new IllegalArgumentException("covariate '" + termNames.get(k) + "' of row " + i + " is "
                            + x[i][k] + "; drop incomplete rows first (DesignMatrix does this)");
                }
            }
            xs[i] = x[i].clone();
            anyEvent |= event[i];
        }
        if (!anyEvent) {
            throw new IllegalArgumentException("no events among " + n + " subjects: the Cox partial likelihood is empty");
        }
        x = xs;
    }

    /** Data with unit case weights. */
    public static CoxData unweighted(double[] time, boolean[] event, double[][] x, List<String> termNames) {
        double[] w = new double[time.length];
        Arrays.fill(w, 1.0);
        return new CoxData(time, event, x, termNames, w);
    }

    /**
     * Data from a design matrix whose rows index into {@code time}/{@code event}: rows the design matrix
     * excluded (missing covariates) are dropped here too.
     *
     * @throws IllegalArgumentException when the design refers to rows outside {@code time}
     */
    public static CoxData of(double[] time, boolean[] event, DesignMatrix design) {
        int[] rows = design.rows();
        double[] t = new double[rows.length];
        boolean[] e = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] >= time.length || rows[i] >= event.length) {
                throw new IllegalArgumentException("design matrix row " + rows[i] + " has no time/event; the design was "
                        + "built from " + design.inputRows() + " rows but time has " + time.length);
            }
            t[i] = time[rows[i]];
            e[i] = event[rows[i]];
        }
        return unweighted(t, e, design.x(), design.termNames());
    }

    /** These data as (start, stop] rows with the given entry times. */
    public CoxData withStart(double[] entry) {
        return new CoxData(entry, time, event, x, termNames, weights, strata, cluster);
    }

    /** These data with a baseline hazard per stratum code. */
    public CoxData withStrata(int[] codes) {
        return new CoxData(start, time, event, x, termNames, weights, codes, cluster);
    }

    /** These data with the rows grouped in clusters (robust variance). */
    public CoxData withCluster(int[] codes) {
        return new CoxData(start, time, event, x, termNames, weights, strata, codes);
    }

    /** Number of subjects. */
    public int size() {
        return time.length;
    }

    /** Number of covariates. */
    public int terms() {
        return termNames.size();
    }

    @Override
    public double[] time() {
        return time.clone();
    }

    @Override
    public boolean[] event() {
        return event.clone();
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
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public double[] start() {
        return start == null ? null : start.clone();
    }

    @Override
    public int[] strata() {
        return strata == null ? null : strata.clone();
    }

    @Override
    public int[] cluster() {
        return cluster == null ? null : cluster.clone();
    }

    /** The data as the fitter reads them, without copying. */
    CoxInput input() {
        CoxData d = this;
        return new CoxInput() {
            @Override
            public int n() {
                return d.time.length;
            }

            @Override
            public List<String> termNames() {
                return d.termNames;
            }

            @Override
            public double time(int i) {
                return d.time[i];
            }

            @Override
            public boolean event(int i) {
                return d.event[i];
            }

            @Override
            public double weight(int i) {
                return d.weights[i];
            }

            @Override
            public double x(int i, int k) {
                return d.x[i][k];
            }

            @Override
            public double[] start() {
                return d.start;
            }

            @Override
            public int[] strata() {
                return d.strata;
            }

            @Override
            public int[] cluster() {
                return d.cluster;
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CoxData d && Arrays.equals(time, d.time) && Arrays.equals(event, d.event)
                && Arrays.deepEquals(x, d.x) && termNames.equals(d.termNames) && Arrays.equals(weights, d.weights)
                && Arrays.equals(start, d.start) && Arrays.equals(strata, d.strata) && Arrays.equals(cluster, d.cluster);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(time), Arrays.hashCode(event), Arrays.deepHashCode(x), termNames,
                Arrays.hashCode(weights));
    }

    @Override
    public String toString() {
        return "CoxData[n=" + time.length + ", terms=" + termNames + (start == null ? "" : ", (start, stop]")
                + (strata == null ? "" : ", strata") + (cluster == null ? "" : ", clusters") + "]";
    }
}
