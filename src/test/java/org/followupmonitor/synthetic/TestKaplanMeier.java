package org.followupmonitor.synthetic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A deliberately plain Kaplan-Meier with Greenwood variance and log-scale ("log", R's default)
 * confidence limits, for test use only (the project's estimators live in survival/). Follows
 * Klein &amp; Moeschberger (2nd ed.) section 4.2: S(t) = prod (1 - d_i / n_i),
 * Var[log S] = sum d_i / (n_i (n_i - d_i)).
 */
public final class TestKaplanMeier {
    public final double[] times;      // distinct event times
    public final double[] survival;
    public final double[] lower;
    public final double[] upper;
    public final double[] censorTimes; // one entry per censored subject (duplicates kept)
    public final double[] allTimes;
    public final boolean[] allEvents;

    public TestKaplanMeier(double[] time, boolean[] event) {
        int n = time.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(time[a], time[b]));
        allTimes = time.clone();
        allEvents = event.clone();
        List<double[]> steps = new ArrayList<>();
        List<Double> censored = new ArrayList<>();
        double s = 1.0;
        double varSum = 0.0;
        int atRisk = n;
        int i = 0;
        while (i < n) {
            double t = time[order[i]];
            int d = 0;
            int c = 0;
            while (i < n && time[order[i]] == t) {
                if (event[order[i]]) {
                    d++;
                } else {
                    c++;
                    censored.add(t);
                }
                i++;
            }
            if (d > 0) {
                s *= 1.0 - (double) d / atRisk;
                varSum += atRisk == d ? Double.NaN : (double) d / ((double) atRisk * (atRisk - d));
                double se = Math.sqrt(varSum);
                double lo = s > 0 ? s * Math.exp(-1.959963984540054 * se) : Double.NaN;
                double hi = s > 0 ? Math.min(1.0, s * Math.exp(1.959963984540054 * se)) : Double.NaN;
                steps.add(new double[] {t, s, lo, hi});
            }
            atRisk -= d + c;
        }
        times = steps.stream().mapToDouble(x -> x[0]).toArray();
        survival = steps.stream().mapToDouble(x -> x[1]).toArray();
        lower = steps.stream().mapToDouble(x -> x[2]).toArray();
        upper = steps.stream().mapToDouble(x -> x[3]).toArray();
        censorTimes = censored.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** S(t), right-continuous. */
    public double survivalAt(double t) {
        double s = 1.0;
        for (int k = 0; k < times.length && times[k] <= t; k++) {
            s = survival[k];
        }
        return s;
    }

    /** Number with time &gt;= t (survfit's n.risk at t). */
    public int atRisk(double t) {
        int r = 0;
        for (double x : allTimes) {
            if (x >= t) {
                r++;
            }
        }
        return r;
    }
}
