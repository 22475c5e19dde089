package org.followupmonitor.survival;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Erf;

/** Standard normal tails to full relative precision far out in the tail, for tiny spending increments. */
final class GroupSequentialNormal {
    private static final double SQRT2 = Math.sqrt(2);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    private static final NormalDistribution STD = new NormalDistribution();

    private GroupSequentialNormal() {
    }

    /** P(Z &gt;= x), from erfc so that 1e-30 is not lost to cancellation. */
    static double upperTail(double x) {
        return 0.5 * Erf.erfc(x / SQRT2);
    }

    static double density(double x) {
        return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }

    /**
     * x with P(Z &gt;= x) = p. Commons Math's inverse CDF loses relative precision for tiny p (it works on 2p - 1),
     * so its answer is polished by Newton steps on log P(Z &gt;= x), which converge quadratically.
     */
    static double upperQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("tail probability must lie in (0, 1); got " + p);
        }
        double x = p < 0.5 ? -STD.inverseCumulativeProbability(p) : STD.inverseCumulativeProbability(1 - p);
        if (!Double.isFinite(x) || p < 1e-300) {
            // Far tail: start from the asymptotic expansion of the Mills ratio (Abramowitz & Stegun 26.2.23 spirit):
            // x^2 ~ L - ln(L) - ln(2 pi) with L = -2 ln p.
            double l = -2 * Math.log(p);
            x = Math.sqrt(Math.max(l - Math.log(l) - Math.log(2 * Math.PI), 1.0));
        }
        double logP = Math.log(p);
        for (int i = 0; i < 8; i++) {
            double q = upperTail(x);
            double step = (Math.log(q) - logP) * q / density(x);
            x += step;
            if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(x))) {
                break;
            }
        }
        return x;
    }
}
