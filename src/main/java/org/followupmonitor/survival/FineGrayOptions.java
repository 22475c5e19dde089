package org.followupmonitor.survival;

/**
 * Fitting controls for {@link FineGray}, named and defaulted as {@code cmprsk::crr}'s arguments.
 *
 * @param gtol convergence: stop when max |score_j| max(|b_j|, 1) &lt; max(|-loglik|, 1) gtol (crr: 1e-6)
 * @param maxIter maximum Newton-Raphson iterations (crr's {@code maxiter}: 10)
 * @param confidenceLevel level of the subdistribution hazard-ratio intervals, in (0, 1)
 */
public record FineGrayOptions(double gtol, int maxIter, double confidenceLevel) {

    /** crr's defaults: gtol 1e-6, maxiter 10, 95% intervals. */
    public static final FineGrayOptions DEFAULTS = new FineGrayOptions(1e-6, 10, 0.95);

    /** @throws IllegalArgumentException if gtol is not positive, maxIter is negative or the level not in (0, 1) */
    public FineGrayOptions {
        if (!(gtol > 0) || Double.isInfinite(gtol)) {
            throw new IllegalArgumentException("gtol must be positive, e.g. 1e-6; got " + gtol);
        }
        if (maxIter < 0) {
            throw new IllegalArgumentException("maxIter must be >= 0, e.g. 10; got " + maxIter);
        }
        if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
            throw new IllegalArgumentException("confidenceLevel must lie in (0, 1), e.g. 0.95; got "
                    + confidenceLevel);
        }
    }
}
