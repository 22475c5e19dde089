package org.followupmonitor.survival;

/**
 * One interim (or final) analysis of a two-sided symmetric group-sequential test: stop when |Z| &gt;= boundary.
 *
 * @param index           1-based number of the look
 * @param fraction        information fraction t in (0, 1] (for survival: observed / planned events)
 * @param boundary        critical value c_k &gt; 0 on the Z scale (the lower boundary is -c_k);
 *                        {@code +Infinity} when the spending function allots no alpha to this look
 * @param nominalP        two-sided nominal p-value of the boundary, P(|Z| &gt;= c_k) = erfc(c_k / sqrt 2): a look
 *                        rejects when the ordinary two-sided p is at or below this
 * @param cumulativeAlpha two-sided type I error spent up to and including this look, alpha(t_k)
 * @param alphaIncrement  two-sided type I error spent at this look, alpha(t_k) - alpha(t_{k-1})
 */
public record GroupSequentialLook(int index, double fraction, double boundary, double nominalP,
        double cumulativeAlpha, double alphaIncrement) {

    public GroupSequentialLook {
        if (index < 1) {
            throw new IllegalArgumentException("look index starts at 1; got " + index);
        }
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("information fraction must lie in (0, 1]; got " + fraction);
        }
        if (!(boundary > 0)) {
            throw new IllegalArgumentException("boundary must be positive (or +Infinity); got " + boundary);
        }
        if (!(cumulativeAlpha >= 0 && cumulativeAlpha < 1) || !(alphaIncrement >= 0)) {
            throw new IllegalArgumentException("spent alpha must lie in [0, 1); got cumulative " + cumulativeAlpha
                    + ", increment " + alphaIncrement);
        }
    }

    /** True when a statistic z crosses the boundary at this look (|z| &gt;= c_k). */
    public boolean crossedBy(double z) {
        return Math.abs(z) >= boundary;
    }
}
