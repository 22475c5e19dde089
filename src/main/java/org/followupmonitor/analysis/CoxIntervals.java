package org.followupmonitor.analysis;

import java.util.Arrays;
import java.util.List;

/**
 * Subject rows cut into (start, stop] intervals at the days their time-varying covariates switch on, as R's
 * {@code tmerge(data, data, id, event = event(time, status), x = tdc(switch))} builds them: a covariate that switches
 * on at day d &gt; 0 (from the start of follow-up) is off on (0, d] and on on (d, t]; one that had switched on by the
 * start (d &lt;= 0) is on throughout; one that switches on at or after the end of follow-up (d &gt;= t), or never, is
 * off throughout. The event, if any, belongs to the last interval. A subject followed for 0 days has no interval
 * (R's {@code Surv(start, stop)} is NA for stop = start). Intervals come in the rows' (canonical) order, each
 * subject's in time order, so every path builds them identically.
 *
 * @param subject the row each interval comes from
 * @param start   interval starts (days from the start of follow-up)
 * @param stop    interval stops
 * @param event   the event at stop
 */
record CoxIntervals(int[] subject, double[] start, double[] stop, boolean[] event) {
    /** A switch day meaning "never switches on" ({@link AnalysisEngine.CoxRows#switchDay}). */
    static final int NEVER = Integer.MIN_VALUE;

    int size() {
        return subject.length;
    }

    /**
     * The intervals of the rows that {@code include} accepts, cut at the switch days of covariates {@code cutAt}
     * (indexes of the analysis' carried variables).
     */
    static CoxIntervals of(AnalysisEngine.CoxRows rows, int[] cutAt, java.util.function.IntPredicate include) {
        int n = rows.size();
        int[] subject = new int[Math.max(16, n)];
        double[] start = new double[subject.length];
        double[] stop = new double[subject.length];
        boolean[] event = new boolean[subject.length];
        int m = 0;
        int[] cuts = new int[cutAt.length];
        for (int i = 0; i < n; i++) {
            int t = rows.timeDays(i);
            if (t <= 0 || !include.test(i)) {
                continue;
            }
            int c = 0;
            for (int k : cutAt) {
                int d = rows.switchDay(k, i);
                if (d != NEVER && d > 0 && d < t) {
                    cuts[c++] = d;
                }
            }
            Arrays.sort(cuts, 0, c);
            if (m + c + 1 > subject.length) {
                int grown = Math.max(m + c + 1, subject.length + (subject.length >> 1));
                subject = Arrays.copyOf(subject, grown);
                start = Arrays.copyOf(start, grown);
                stop = Arrays.copyOf(stop, grown);
                event = Arrays.copyOf(event, grown);
            }
            double from = 0;
            for (int j = 0; j < c; j++) {
                if (cuts[j] > from) {
                    subject[m] = i;
                    start[m] = from;
                    stop[m] = cuts[j];
                    event[m++] = false;
                    from = cuts[j];
                }
            }
            subject[m] = i;
            start[m] = from;
            stop[m] = t;
            event[m++] = rows.event(i);
        }
        return new CoxIntervals(Arrays.copyOf(subject, m), Arrays.copyOf(start, m), Arrays.copyOf(stop, m),
                Arrays.copyOf(event, m));
    }

    /**
     * The level of time-varying covariate {@code v} (carried at index k) over interval j: on (its second level,
     * {@code surgery} or {@code yes}) once it has switched on by the interval's start, off (its first) before.
     */
    String levelOf(AnalysisEngine.CoxRows rows, int k, Variable v, int j) {
        List<String> levels = v.levels().orElseThrow();
        int d = rows.switchDay(k, subject[j]);
        return d != NEVER && d <= start[j] ? levels.get(1) : levels.get(0);
    }
}
