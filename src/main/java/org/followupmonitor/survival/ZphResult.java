package org.followupmonitor.survival;

import java.util.List;
import java.util.Objects;

/**
 * R's {@code cox.zph(fit)$table}: the score test of proportional hazards per model term and for all terms together.
 *
 * @param transform the function of time the test used
 * @param terms     one row per term (a factor is one row on levels - 1 df), in model order; aliased columns are left
 *                  out, as R drops NA coefficients
 * @param global    all estimated columns together (R's GLOBAL row)
 */
public record ZphResult(ZphTransform transform, List<Row> terms, Row global) {

    public ZphResult {
        Objects.requireNonNull(transform, "transform");
        terms = List.copyOf(terms);
        Objects.requireNonNull(global, "global");
    }

    /**
     * One row of the table.
     *
     * @param term      the term's name (the covariate for a factor's columns)
     * @param chiSquare the score statistic; NaN when R's {@code solve} would stop (a singular information matrix)
     *                  or the transform is undefined (log of a time 0)
     * @param df        the term's estimated columns
     * @param p         upper-tail chi-square p-value; NaN with the statistic
     */
    public record Row(String term, double chiSquare, int df, double p) {
        public Row {
            Objects.requireNonNull(term, "term");
        }
    }
}
