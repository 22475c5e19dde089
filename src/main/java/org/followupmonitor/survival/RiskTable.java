package org.followupmonitor.survival;

import java.util.Arrays;

/**
 * The aggregated form every estimator in this package works from: one curve's distinct sorted
 * times with, per time, the (possibly weighted) number at risk, number of events and number
 * censored.
 *
 * <p>Following R's {@code survfit}, {@code atRisk[i]} counts everyone whose time is {@code >=
 * times[i]}: subjects censored at {@code times[i]} are still at risk there. It is therefore the
 * reverse cumulative sum of {@code events + censored}, and the constructor checks exactly that
 * (same summation order as {@link #of}), so a table can only be built in one consistent way.
 * Batch input and the incremental structure both end here, which is why incremental and batch
 * estimates agree bit for bit.
 *
 * <p>Arrays are copied on the way in and on the way out; a table is immutable.
 *
 * @param times strictly increasing finite times
 * @param atRisk number at risk at each time (reverse cumulative sum of events + censored)
 * @param events (weighted) number of events at each time, finite and {@code >= 0}
 * @param censored (weighted) number censored at each time, finite and {@code >= 0}
 */
public record RiskTable(double[] times, double[] atRisk, double[] events, double[] censored) {

    /** A table with no subjects (an empty cell). */
    public static final RiskTable EMPTY = new RiskTable(new double[0], new double[0], new double[0], new double[0]);

    /**
     * @throws IllegalArgumentException if an array is null, lengths differ, times are not strictly
     *     increasing and finite, counts are negative or not finite, or atRisk is not the reverse
     *     cumulative sum of events + censored
     */
    public RiskTable {
        if (times == null || atRisk == null || events == null || censored == null) {
            throw new IllegalArgumentException("RiskTable arrays must not be null");
        }
        int m = times.length;
        if (atRisk.length != m || events.length != m || censored.length != m) {
            throw new IllegalArgumentException("RiskTable arrays must have equal lengths, got times=" + m
                    + ", atRisk=" + atRisk.length + ", events=" + events.length + ", censored=" + censored.length);
        }
        times = times.clone();
        atRisk = atRisk.clone();
        events = events.clone();
        censored = censored.clone();
        for (int i = 0; i < m; i++) {
            if (!Double.isFinite(times[i])) {
                throw new IllegalArgumentException("RiskTable time at index " + i + " is not finite: " + times[i]);
            }
            if (i > 0 && !(times[i] > times[i - 1])) {
                throw new IllegalArgumentException("RiskTable times must be strictly increasing; index " + i
                        + " has " + times[i] + " after " + times[i - 1] + ": aggregate equal times first");
            }
            if (!(events[i] >= 0) || !(censored[i] >= 0) || Double.isInfinite(events[i])
                    || Double.isInfinite(censored[i])) {
                throw new IllegalArgumentException("RiskTable counts must be finite and >= 0 at index " + i
                        + " (events=" + events[i] + ", censored=" + censored[i] + ")");
            }
        }
        double[] expected = reverseCumulative(events, censored);
        if (!Arrays.equals(expected, atRisk)) {
            throw new IllegalArgumentException(
                    "RiskTable atRisk must equal the reverse cumulative sum of events + censored; use RiskTable.of");
        }
    }

    /**
     * Builds a table from per-time counts, computing the number at risk.
     *
     * @param times strictly increasing finite times
     * @param events events per time, finite and {@code >= 0}
     * @param censored censored per time, finite and {@code >= 0}
     * @return the table
     * @throws IllegalArgumentException as the canonical constructor
     */
    public static RiskTable of(double[] times, double[] events, double[] censored) {
        if (events == null || censored == null || events.length != censored.length) {
            throw new IllegalArgumentException("events and censored must be non-null arrays of equal length");
        }
        return new RiskTable(times, reverseCumulative(events, censored), events, censored);
    }

    /**
     * Aggregates raw (unweighted) observations: R's {@code survfit(Surv(time, event) ~ 1)} input.
     * Times closer than R's {@code timefix} tolerance are merged as R does.
     *
     * @param time finite observation times
     * @param event true for an event, false for a censored observation
     * @return the aggregated table
     * @throws IllegalArgumentException if arrays are null, of different lengths, or times not finite
     */
    public static RiskTable of(double[] time, boolean[] event) {
        return of(time, event, null);
    }

    /**
     * Aggregates raw observations with optional case weights (R's {@code weights=}).
     *
     * @param time finite observation times
     * @param event true for an event, false for a censored observation
     * @param weight case weights, finite and {@code > 0}; null means all 1
     * @return the aggregated table
     * @throws IllegalArgumentException on null/mismatched arrays, non-finite times, or bad weights
     */
    public static RiskTable of(double[] time, boolean[] event, double[] weight) {
        int n = time == null ? 0 : time.length;
        return StratifiedRiskTables.of(time, event, new int[n], new int[n], weight).cell(0, 0);
    }

    /** @return the number of distinct times */
    public int size() {
        return times.length;
    }

    /** @return true when the table holds no subjects */
    public boolean isEmpty() {
        return times.length == 0;
    }

    /** @return the total (weighted) number of subjects, i.e. the number at risk at the first time, or 0 */
    public double total() {
        return times.length == 0 ? 0 : atRisk[0];
    }

    /** @return the total (weighted) number of events */
    public double totalEvents() {
        double s = 0;
        for (double e : events) {
            s += e;
        }
        return s;
    }

    /**
     * Administrative censoring at {@code horizon}: every observation later than the horizon becomes
     * a censoring at the horizon, events at or before it are kept. This equals censoring the raw
     * data at the horizon and aggregating again.
     *
     * @param horizon a finite time
     * @return the censored table
     * @throws IllegalArgumentException if the horizon is not finite
     */
    public RiskTable censoredAfter(double horizon) {
        if (!Double.isFinite(horizon)) {
            throw new IllegalArgumentException("horizon must be finite, got " + horizon);
        }
        int keep = 0;
        while (keep < times.length && times[keep] <= horizon) {
            keep++;
        }
        if (keep == times.length) {
            return this;
        }
        double later = atRisk[keep];
        boolean atHorizon = keep > 0 && times[keep - 1] == horizon;
        int m = atHorizon ? keep : keep + 1;
        double[] t = Arrays.copyOf(times, m);
        double[] e = Arrays.copyOf(events, m);
        double[] c = Arrays.copyOf(censored, m);
        if (atHorizon) {
            c[m - 1] += later;
        } else {
            t[m - 1] = horizon;
            e[m - 1] = 0;
            c[m - 1] = later;
        }
        return of(t, e, c);
    }

    // Accessors copy, so a caller cannot change a shared table.
    @Override
    public double[] times() {
        return times.clone();
    }

    @Override
    public double[] atRisk() {
        return atRisk.clone();
    }

    @Override
    public double[] events() {
        return events.clone();
    }

    @Override
    public double[] censored() {
        return censored.clone();
    }

    double t(int i) {
        return times[i];
    }

    double n(int i) {
        return atRisk[i];
    }

    double d(int i) {
        return events[i];
    }

    double c(int i) {
        return censored[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RiskTable r && Arrays.equals(times, r.times) && Arrays.equals(atRisk, r.atRisk)
                && Arrays.equals(events, r.events) && Arrays.equals(censored, r.censored);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Arrays.hashCode(times) + Arrays.hashCode(atRisk)) + Arrays.hashCode(events))
                + Arrays.hashCode(censored);
    }

    @Override
    public String toString() {
        return "RiskTable[times=" + times.length + ", total=" + total() + "]";
    }

    /** Number at risk: summed from the last time backwards, the one summation order used everywhere. */
    static double[] reverseCumulative(double[] events, double[] censored) {
        double[] r = new double[events.length];
        double acc = 0;
        for (int i = events.length - 1; i >= 0; i--) {
            acc += events[i] + censored[i];
            r[i] = acc;
        }
        return r;
    }
}
