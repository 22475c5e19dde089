package org.followupmonitor.survival;

import java.util.Objects;

/**
 * Harrell's concordance of a risk score with right-censored survival, as R's {@code concordance()} reports it
 * for a {@code coxph} fit (higher risk should mean shorter survival).
 *
 * <p>A pair is comparable when the shorter time is an event; a subject censored at the same time as an event
 * counts as surviving longer (it was still at risk), while two events at the same time are tied on time and
 * excluded. Concordance = (concordant + tiedX/2) / (concordant + discordant + tiedX). With case weights a pair
 * counts w_i w_j. The standard error is R's infinitesimal-jackknife one (survival 3.x {@code concordancefit}):
 * var = sum_i (w_i dS/dw_i)^2 / 4 with S = Somers' d. Cost O(n log n) with two Fenwick-tree sweeps.
 *
 * @param concordant  weighted concordant pairs
 * @param discordant  weighted discordant pairs
 * @param tiedX       comparable pairs tied on the risk score
 * @param tiedY       pairs of events tied on time (not on the score); excluded
 * @param tiedXY      pairs of events tied on time and score; excluded
 * @param concordance (concordant + tiedX/2) / (concordant + discordant + tiedX); NaN when no pair is comparable
 * @param stdErr      infinitesimal-jackknife standard error; NaN when no pair is comparable
 */
public record Concordance(double concordant, double discordant, double tiedX, double tiedY, double tiedXY,
        double concordance, double stdErr) {

    /**
     * Concordance of {@code risk} with survival.
     *
     * @param time    follow-up times
     * @param event   event indicators
     * @param risk    risk score, higher = worse prognosis (e.g. the Cox linear predictor)
     * @param weights case weights &gt; 0, or null for unit weights
     * @throws IllegalArgumentException on length mismatch or non-finite values
     */
    public static Concordance of(double[] time, boolean[] event, double[] risk, double[] weights) {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(risk, "risk");
        int n = time.length;
        if (event.length != n || risk.length != n || (weights != null && weights.length != n)) {
            throw new IllegalArgumentException("time, event, risk (and weights) must have the same length");
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(time[i]) || !Double.isFinite(risk[i])) {
                throw new IllegalArgumentException("row " + i + ": time and risk score must be finite");
            }
        }
        return compute(time, event, risk, weights, CoxIndexSort.ascending(time));
    }

    /** As {@link #of}, with the (stable) ascending time order already known; inputs already validated. */
    static Concordance compute(double[] time, boolean[] event, double[] risk, double[] weights, int[] asc) {
        int n = time.length;
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = weights == null ? 1.0 : weights[i];
        }
        int[] countOut = new int[1];
        int[] rank = CoxIndexSort.denseRanks(risk, countOut);
        int m = countOut[0];

        double[] infC = new double[n];
        double[] infD = new double[n];
        double[] infT = new double[n];
        double conc = 0;
        double disc = 0;
        double tiedX = 0;
        double tiedY = 0;
        double tiedXY = 0;

        // Sweep 1, descending time: each event against everyone later, and everyone censored at its time.
        Fenwick tree = new Fenwick(m);
        int end = n - 1;
        while (end >= 0) {
            double t = time[asc[end]];
            int start = end;
            while (start > 0 && time[asc[start - 1]] == t) {
                start--;
            }
            for (int q = start; q <= end; q++) {
                int i = asc[q];
                if (!event[i]) {
                    tree.add(rank[i], w[i]);
                }
            }
            double groupW = 0;
            double groupW2 = 0;
            for (int q = start; q <= end; q++) {
                int i = asc[q];
                if (event[i]) {
                    double below = tree.prefix(rank[i] - 1);
                    double same = tree.at(rank[i]);
                    double above = tree.total() - below - same;
                    infC[i] += below;
                    infD[i] += above;
                    infT[i] += same;
                    conc += w[i] * below;
                    disc += w[i] * above;
                    tiedX += w[i] * same;
                    groupW += w[i];
                    groupW2 += w[i] * w[i];
                }
            }
            if (groupW > 0) {
                double allPairs = (groupW * groupW - groupW2) / 2;
                double samePairs = tiedPairsOnScore(asc, start, end, event, rank, w);
                tiedY += allPairs - samePairs;
                tiedXY += samePairs;
            }
            for (int q = start; q <= end; q++) {
                int i = asc[q];
                if (event[i]) {
                    tree.add(rank[i], w[i]);
                }
            }
            end = start - 1;
        }

        // Sweep 2, ascending time: each subject as the longer-lived member, against the earlier events
        // (and, when censored, against the events at its own time).
        Fenwick deaths = new Fenwick(m);
        int begin = 0;
        while (begin < n) {
            double t = time[asc[begin]];
            int stop = begin;
            while (stop + 1 < n && time[asc[stop + 1]] == t) {
                stop++;
            }
            for (int pass = 0; pass < 2; pass++) {
                boolean eventsPass = pass == 0;
                for (int q = begin; q <= stop; q++) {
                    int j = asc[q];
                    if (event[j] != eventsPass) {
                        continue;
                    }
                    double below = deaths.prefix(rank[j] - 1);
                    double same = deaths.at(rank[j]);
                    double above = deaths.total() - below - same;
                    infC[j] += above; // earlier event with higher risk: concordant
                    infD[j] += below;
                    infT[j] += same;
                }
                if (eventsPass) {
                    for (int q = begin; q <= stop; q++) {
                        int i = asc[q];
                        if (event[i]) {
                            deaths.add(rank[i], w[i]);
                        }
                    }
                }
            }
            begin = stop + 1;
        }

        double npair = conc + disc + tiedX;
        if (!(npair > 0)) {
            return new Concordance(conc, disc, tiedX, tiedY, tiedXY, Double.NaN, Double.NaN);
        }
        double somer = (conc - disc) / npair;
        double var = 0;
        for (int i = 0; i < n; i++) {
            double d = w[i] * ((infC[i] - infD[i]) / npair - (somer / npair) * (infC[i] + infD[i] + infT[i]));
            var += d * d;
        }
        return new Concordance(conc, disc, tiedX, tiedY, tiedXY, (somer + 1) / 2, Math.sqrt(var / 4));
    }

    /**
     * Concordance for (start, stop] rows and/or strata, as R's {@code concordancefit} (concordance4 / concordance3)
     * counts it for a {@code coxph} fit: within each stratum, each event at time t is compared with every row at
     * risk then (start &lt; t &lt;= stop, a row censored at t included) except the rows with an event at t, which
     * are tied on time; counts are summed over strata. The standard error is not computed here (NaN).
     *
     * @param start   entry times, or null for right-censored rows
     * @param stratum stratum index per row (0, 1, ...), or null without strata
     */
    static Concordance general(double[] start, double[] stop, boolean[] event, double[] risk, double[] weights,
            int[] stratum) {
        int n = stop.length;
        int[] countOut = new int[1];
        int[] rank = CoxIndexSort.denseRanks(risk, countOut);
        int m = countOut[0];
        int strata = 1;
        if (stratum != null) {
            for (int s : stratum) {
                strata = Math.max(strata, s + 1);
            }
        }
        // Rows by stratum, then stop (ascending); and by stratum, then start.
        int[] byStop = byStratum(CoxIndexSort.ascending(stop), stratum, strata);
        int[] byStart = start == null ? null : byStratum(CoxIndexSort.ascending(start), stratum, strata);
        int[] bounds = new int[strata + 1];
        for (int i = 0; i < n; i++) {
            bounds[(stratum == null ? 0 : stratum[i]) + 1]++;
        }
        for (int s = 0; s < strata; s++) {
            bounds[s + 1] += bounds[s];
        }
        double conc = 0;
        double disc = 0;
        double tiedX = 0;
        double tiedY = 0;
        double tiedXY = 0;
        boolean[] inTree = new boolean[n];
        for (int s = 0; s < strata; s++) {
            Fenwick tree = new Fenwick(m);
            int lo = bounds[s];
            int end = bounds[s + 1] - 1;
            int r = end;
            while (end >= lo) {
                double t = stop[byStop[end]];
                int first = end;
                while (first > lo && stop[byStop[first - 1]] == t) {
                    first--;
                }
                if (start != null) {
                    for (; r >= lo && start[byStart[r]] >= t; r--) {
                        int j = byStart[r];
                        if (inTree[j]) {
                            inTree[j] = false;
                            tree.add(rank[j], -weights[j]);
                        }
                    }
                }
                for (int q = first; q <= end; q++) {
                    int i = byStop[q];
                    if (!event[i]) {
                        tree.add(rank[i], weights[i]);
                        inTree[i] = true;
                    }
                }
                double groupW = 0;
                double groupW2 = 0;
                for (int q = first; q <= end; q++) {
                    int i = byStop[q];
                    if (event[i]) {
                        double below = tree.prefix(rank[i] - 1);
                        double same = tree.at(rank[i]);
                        double above = tree.total() - below - same;
                        conc += weights[i] * below;
                        disc += weights[i] * above;
                        tiedX += weights[i] * same;
                        groupW += weights[i];
                        groupW2 += weights[i] * weights[i];
                    }
                }
                if (groupW > 0) {
                    double samePairs = tiedPairsOnScore(byStop, first, end, event, rank, weights);
                    tiedY += (groupW * groupW - groupW2) / 2 - samePairs;
                    tiedXY += samePairs;
                }
                for (int q = first; q <= end; q++) {
                    int i = byStop[q];
                    if (event[i]) {
                        tree.add(rank[i], weights[i]);
                        inTree[i] = true;
                    }
                }
                end = first - 1;
            }
        }
        double npair = conc + disc + tiedX;
        double c = npair > 0 ? (conc + tiedX / 2) / npair : Double.NaN;
        return new Concordance(conc, disc, tiedX, tiedY, tiedXY, c, Double.NaN);
    }

    /** {@code order} stably regrouped by stratum (unchanged without strata). */
    private static int[] byStratum(int[] order, int[] stratum, int strata) {
        if (stratum == null) {
            return order;
        }
        int[] begin = new int[strata + 1];
        for (int i : order) {
            begin[stratum[i] + 1]++;
        }
        for (int s = 0; s < strata; s++) {
            begin[s + 1] += begin[s];
        }
        int[] out = new int[order.length];
        for (int i : order) {
            out[begin[stratum[i]]++] = i;
        }
        return out;
    }

    /** Weighted pairs of events in asc[start..end] (one time) that share a risk rank. */
    private static double tiedPairsOnScore(int[] asc, int start, int end, boolean[] event, int[] rank, double[] w) {
        int k = end - start + 1;
        if (k < 2) {
            return 0;
        }
        double[] keys = new double[k];
        for (int q = 0; q < k; q++) {
            int i = asc[start + q];
            keys[q] = event[i] ? rank[i] : -1;
        }
        int[] ord = CoxIndexSort.ascending(keys);
        double pairs = 0;
        int q = 0;
        while (q < k) {
            int r = q;
            double s = 0;
            double s2 = 0;
            while (r < k && keys[ord[r]] == keys[ord[q]]) {
                double wi = w[asc[start + ord[r]]];
                s += wi;
                s2 += wi * wi;
                r++;
            }
            if (keys[ord[q]] >= 0) {
                pairs += (s * s - s2) / 2;
            }
            q = r;
        }
        return pairs;
    }

    /** Fenwick (binary indexed) tree of weight sums by rank. */
    private static final class Fenwick {
        private final double[] tree;
        private final double[] point;
        private double total;

        Fenwick(int size) {
            tree = new double[size + 1];
            point = new double[size];
        }

        /** Weight stored at exactly this rank. */
        double at(int rank) {
            return point[rank];
        }

        void add(int rank, double w) {
            total += w;
            point[rank] += w;
            for (int i = rank + 1; i < tree.length; i += i & -i) {
                tree[i] += w;
            }
        }

        /** Sum of weights with rank &lt;= r (0 when r &lt; 0). */
        double prefix(int r) {
            double s = 0;
            for (int i = r + 1; i > 0; i -= i & -i) {
                s += tree[i];
            }
            return s;
        }

        double total() {
            return total;
        }
    }
}
