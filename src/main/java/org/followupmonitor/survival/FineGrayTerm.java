package org.followupmonitor.survival;

import java.util.Objects;

/**
 * One row of {@code summary(cmprsk::crr(...))}: a subdistribution hazard ratio.
 *
 * @param name term name (e.g. {@code "age"}, {@code "grade1"}, as {@link DesignMatrix} names it)
 * @param coef log subdistribution hazard ratio
 * @param se robust (sandwich) standard error, sqrt of the diagonal of crr's {@code var}
 * @param hazardRatio exp(coef)
 * @param lower lower confidence limit exp(coef - z se) at the fit's level
 * @param upper upper confidence limit exp(coef + z se)
 * @param z coef / se
 * @param p two-sided p from the upper normal tail (erfc), where crr prints {@code 2 (1 - pnorm(|z|))}
 */
public record FineGrayTerm(String name, double coef, double se, double hazardRatio, double lower, double upper,
        double z, double p) {

    /** @throws NullPointerException if name is null */
    public FineGrayTerm {
        Objects.requireNonNull(name, "name");
    }
}
