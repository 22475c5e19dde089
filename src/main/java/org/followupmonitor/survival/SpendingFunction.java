package org.followupmonitor.survival;

/**
 * Lan-DeMets alpha-spending functions for a two-sided symmetric group-sequential test with total type I
 * error alpha, alpha/2 per side (Lan &amp; DeMets 1983; Jennison &amp; Turnbull 2000, sec. 7.2).
 */
public enum SpendingFunction {
    /**
     * O'Brien-Fleming type: per side alpha(t) = 2 - 2 Phi(z_{1-alpha/4} / sqrt t), which spends almost nothing
     * early and nearly the full alpha/2 at t = 1.
     */
    OBRIEN_FLEMING {
        @Override
        double perSide(double t, double alpha) {
            double z = GroupSequentialNormal.upperQuantile(alpha / 4);
            return 2 * GroupSequentialNormal.upperTail(z / Math.sqrt(t));
        }
    },
    /** Pocock type: per side (alpha/2) ln(1 + (e - 1) t), spending evenly on the information scale. */
    POCOCK {
        @Override
        double perSide(double t, double alpha) {
            return alpha / 2 * Math.log1p((Math.E - 1) * t);
        }
    };

    /** Type I error spent on one side by information fraction t, for total two-sided alpha. */
    abstract double perSide(double t, double alpha);

    /**
     * Cumulative two-sided type I error spent by information fraction t.
     *
     * @param t     information fraction in [0, 1]
     * @param alpha total two-sided type I error in (0, 1)
     * @return alpha(t), 0 at t = 0 and alpha at t = 1
     * @throws IllegalArgumentException when t or alpha is out of range
     */
    public double cumulativeAlpha(double t, double alpha) {
        if (!(t >= 0 && t <= 1)) {
            throw new IllegalArgumentException("information fraction must lie in [0, 1]; got " + t);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must lie in (0, 1), e.g. 0.05; got " + alpha);
        }
        return t == 0 ? 0.0 : 2 * perSide(t, alpha);
    }
}
