package org.followupmonitor.survival;

import java.util.Arrays;
import java.util.List;

/**
 * The aggregated form of competing-risks data for one curve, the counterpart of {@link RiskTable}: the
 * distinct sorted times with, per time, the number at risk, the number of events of each cause and the
 * number censored. The Aalen-Johansen estimator and Gray's test work from it only, so counts kept by
 * the stream and counts aggregated from subject rows give the same numbers.
 *
 * <p>Cause {@code c} ({@code 1..causeCount}) is row {@code c - 1} of {@code events}. As in R's
 * {@code survfit}, {@code atRisk[i]} counts everyone whose time is {@code >= times[i]}; the constructor
 * checks that it is the reverse cumulative sum of all events + censored (same summation order as
 * {@link #of}). Counts are numbers of subjects (whole numbers): the Aalen-Johansen variance is R's
 * infinitesimal jackknife over unit-weight subjects, which case weights would change.
 *
 * <p>Arrays are copied on the way in and on the way out; a table is immutable.
 *
 * @param times strictly increasing finite times
 * @param atRisk number at risk at each time
 * @param events {@code causeCount x times} events per cause, whole numbers {@code >= 0}; at least one cause
 * @param censored number censored at each time, whole numbers {@code >= 0}
 */
public record CompetingRiskTable(double[] times, double[] atRisk, double[][] events, double[] censored) {

    /**
     * @throws IllegalArgumentException if an array is null, there is no cause, lengths differ, times are
     *     not strictly increasing and finite, counts are negative or not whole numbers, or atRisk is not the
     *     reverse cumulative sum of events + censored
     */
    public CompetingRiskTable {
        if (times == null || atRisk == null || events == null || censored == null) {
            throw new IllegalArgumentException("CompetingRiskTable arrays must not be null");
        }
        if (events.length == 0) {
            throw new IllegalArgumentException("CompetingRiskTable needs at least one cause");
        }
        int m = times.length;
        if (atRisk.length != m || censored.length != m) {
            throw new IllegalArgumentException("CompetingRiskTable arrays must have equal lengths, got times=" + m
                    + ", atRisk=" + atRisk.length + ", censored=" + censored.length);
        }
        times = times.clone();
        atRisk = atRisk.clone();
        censored = censored.clone();
        double[][] ev = new double[events.length][];
        for (int c = 0; c < events.length; c++) {
            if (events[c] == null || events[c].length != m) {
                throw new IllegalArgumentException("events of cause " + (c + 1) + " must have one count per time ("
                        + m + ")");
            }
            ev[c] = events[c].clone();
        }
        events = ev;
        for (int i = 0; i < m; i++) {
            if (!Double.isFinite(times[i])) {
                throw new IllegalArgumentException("CompetingRiskTable time at index " + i + " is not finite: "
                        + times[i]);
            }
            if (i > 0 && !(times[i] > times[i - 1])) {
                throw new IllegalArgumentException("CompetingRiskTable times must be strictly increasing; index " + i
                        + " has " + times[i] + " after " + times[i - 1] + ": aggregate equal times first");
            }
            requireCount("censored", censored[i], i);
            for (int c = 0; c < events.length; c++) {
                requireCount("events of cause " + (c + 1), events[c][i], i);
            }
        }
        if (!Arrays.equals(reverseCumulative(events, censored), atRisk)) {
            throw new IllegalArgumentException("CompetingRiskTable atRisk must equal the reverse cumulative sum of"
                    + " events + censored; use CompetingRiskTable.of");
        }
    }

    /**
     * Builds a table from per-time counts, computing the number at risk.
     *
     * @param times strictly increasing finite times
     * @param events {@code causeCount x times} events per cause
     * @param censored censored per time
     * @return the table
     * @throws IllegalArgumentException as the canonical constructor
     */
    public static CompetingRiskTable of(double[] times, double[][] events, double[] censored) {
        if (events == null || censored == null) {
            throw new IllegalArgumentException("events and censored must not be null");
        }
        for (double[] e : events) {
            if (e == null || e.length != censored.length) {
                throw new IllegalArgumentException("every cause needs one event count per censored count ("
                        + censored.length + ")");
            }
        }
        return new CompetingRiskTable(times, reverseCumulative(events, censored), events, censored);
    }

    /**
     * A table without subjects.
     *
     * @param causeCount number of causes, {@code >= 1}
     * @return the empty table
     * @throws IllegalArgumentException if causeCount is below 1
     */
    public static CompetingRiskTable empty(int causeCount) {
        if (causeCount < 1) {
            throw new IllegalArgumentException("causeCount must be >= 1, got " + causeCount);
        }
        return of(new double[0], new double[causeCount][0], new double[0]);
    }

    /** @return the number of causes */
    public int causeCount() {
        return events.length;
    }

    /** @return the number of distinct times */
    public int size() {
        return times.length;
    }

    /** @return true when the table holds no subjects */
    public boolean isEmpty() {
        return times.length == 0;
    }

    /** @return the number of subjects: the number at risk at the first time, or 0 */
    public double total() {
        return times.length == 0 ? 0 : atRisk[0];
    }

    /**
     * @param cause cause code, {@code 1..causeCount}
     * @return the number of events of that cause
     * @throws IllegalArgumentException if the cause is out of range
     */
    public double totalEvents(int cause) {
        checkCause(cause);
        double s = 0;
        for (double e : events[cause - 1]) {
            s += e;
        }
        return s;
    }

    /**
     * The table of the first event of any cause (event-free survival), the input of the Kaplan-Meier curve
     * that equals the Aalen-Johansen event-free state.
     */
    public RiskTable anyEvent() {
        double[] d = new double[times.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = eventsAt(i);
        }
        return RiskTable.of(times, d, censored);
    }

    /**
     * The cause-specific table: events of {@code cause}, the other causes counted as censored (the input of
     * the cause-specific hazard, and of 1 - Kaplan-Meier, which overstates the incidence when other causes
     * occur).
     *
     * @throws IllegalArgumentException if the cause is out of range
     */
    public RiskTable causeSpecific(int cause) {
        checkCause(cause);
        double[] d = events[cause - 1].clone();
        double[] z = new double[times.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = censored[i] + (eventsAt(i) - d[i]);
        }
        return RiskTable.of(times, d, z);
    }

    @Override
    public double[] times() {
        return times.clone();
    }

    @Override
    public double[] atRisk() {
        return atRisk.clone();
    }

    @Override
    public double[][] events() {
        double[][] out = new double[events.length][];
        for (int c = 0; c < out.length; c++) {
            out[c] = events[c].clone();
        }
        return out;
    }

    /**
     * @param cause cause code, {@code 1..causeCount}
     * @return that cause's events per time
     * @throws IllegalArgumentException if the cause is out of range
     */
    public double[] events(int cause) {
        checkCause(cause);
        return events[cause - 1].clone();
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

    /** Events of cause {@code c} (1-based) at time index i. */
    double d(int c, int i) {
        return events[c - 1][i];
    }

    double c(int i) {
        return censored[i];
    }

    /** Events of all causes at time index i, summed in cause order. */
    double eventsAt(int i) {
        double s = 0;
        for (double[] e : events) {
            s += e[i];
        }
        return s;
    }

    private void checkCause(int cause) {
        if (cause < 1 || cause > events.length) {
            throw new IllegalArgumentException("cause must be in [1, " + events.length + "], got " + cause);
        }
    }

    /** Adds tables time by time, in list order; all must have the same number of causes. */
    static CompetingRiskTable merge(int causeCount, List<CompetingRiskTable> parts) {
        int nonEmpty = 0;
        CompetingRiskTable only = empty(causeCount);
        int total = 0;
        for (CompetingRiskTable p : parts) {
            if (p.causeCount() != causeCount) {
                throw new IllegalArgumentException("cannot merge tables with " + p.causeCount() + " and " + causeCount
                        + " causes");
            }
            if (!p.isEmpty()) {
                nonEmpty++;
                only = p;
                total += p.size();
            }
        }
        if (nonEmpty <= 1) {
            return only;
        }
        double[] all = new double[total];
        int k = 0;
        for (CompetingRiskTable p : parts) {
            System.arraycopy(p.times, 0, all, k, p.size());
            k += p.size();
        }
        Arrays.sort(all);
        int m = 0;
        for (int i = 0; i < all.length; i++) {
            if (m == 0 || all[i] != all[m - 1]) {
                all[m++] = all[i];
            }
        }
        double[] times = Arrays.copyOf(all, m);
        double[][] ev = new double[causeCount][m];
        double[] ce = new double[m];
        for (CompetingRiskTable p : parts) {
            int j = 0;
            for (int i = 0; i < p.size(); i++) {
                while (times[j] != p.times[i]) {
                    j++;
                }
                for (int c = 0; c < causeCount; c++) {
                    ev[c][j] += p.events[c][i];
                }
                ce[j] += p.censored[i];
            }
        }
        return of(times, ev, ce);
    }

    private static void requireCount(String what, double v, int i) {
        if (!(v >= 0) || Double.isInfinite(v) || v != Math.rint(v)) {
            throw new IllegalArgumentException("CompetingRiskTable " + what + " at index " + i + " is " + v
                    + "; counts are whole numbers of subjects >= 0");
        }
    }

    /** Number at risk: summed from the last time backwards, the one summation order used everywhere. */
    private static double[] reverseCumulative(double[][] events, double[] censored) {
        double[] r = new double[censored.length];
        double acc = 0;
        for (int i = censored.length - 1; i >= 0; i--) {
            double d = 0;
            for (double[] e : events) {
                d += e[i];
            }
            acc += d + censored[i];
            r[i] = acc;
        }
        return r;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompetingRiskTable r && Arrays.equals(times, r.times) && Arrays.equals(atRisk, r.atRisk)
                && Arrays.deepEquals(events, r.events) && Arrays.equals(censored, r.censored);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Arrays.hashCode(times) + Arrays.hashCode(atRisk)) + Arrays.deepHashCode(events))
                + Arrays.hashCode(censored);
    }

    @Override
    public String toString() {
        return "CompetingRiskTable[causes=" + events.length + ", times=" + times.length + ", total=" + total() + "]";
    }
}
