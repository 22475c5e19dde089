package org.followupmonitor.synthetic;

import java.util.Arrays;

/**
 * Draws categories without replacement from fixed counts, one subject at a time: the category
 * of the next subject is chosen with probability remaining(k) / remaining(all). The sequence is a
 * uniformly random permutation of the multiset, so the totals are met exactly while memory stays
 * O(categories) — which is what lets the generator stream a million patients and still hit the
 * study's 237/184 split and its death and recurrence counts exactly.
 */
final class QuotaSampler {
    private final long[] remaining;
    private long total;

    QuotaSampler(long... counts) {
        this.remaining = counts.clone();
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("quota counts must be non-negative: " + Arrays.toString(counts));
            }
            total += c;
        }
    }

    int draw(SplitMix64 rng) {
        if (total == 0) {
            throw new IllegalStateException("quota exhausted: more subjects drawn than the counts allow");
        }
        long x = rng.nextLong(total);
        for (int k = 0; k < remaining.length; k++) {
            if (x < remaining[k]) {
                remaining[k]--;
                total--;
                return k;
            }
            x -= remaining[k];
        }
        throw new IllegalStateException("unreachable: counts out of sync");
    }

    /**
     * Splits {@code total} into integer counts proportional to the weights by the largest
     * remainder (Hamilton) method; ties go to the lower index, so the result is deterministic.
     */
    static long[] apportion(long total, double... weights) {
        double sum = 0;
        for (double w : weights) {
            if (!(w >= 0)) {
                throw new IllegalArgumentException("weights must be non-negative: " + Arrays.toString(weights));
            }
            sum += w;
        }
        long[] out = new long[weights.length];
        if (total == 0 || sum == 0) {
            return out;
        }
        double[] rem = new double[weights.length];
        long assigned = 0;
        for (int i = 0; i < weights.length; i++) {
            double exact = total * weights[i] / sum;
            out[i] = (long) Math.floor(exact);
            rem[i] = exact - out[i];
            assigned += out[i];
        }
        for (long left = total - assigned; left > 0; left--) {
            int best = 0;
            for (int i = 1; i < rem.length; i++) {
                if (rem[i] > rem[best]) {
                    best = i;
                }
            }
            out[best]++;
            rem[best] = -1;
        }
        return out;
    }
}
