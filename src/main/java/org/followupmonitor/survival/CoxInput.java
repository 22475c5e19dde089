package org.followupmonitor.survival;

import java.util.List;

/**
 * Validated Cox data as {@link CoxRegression} and {@link CoxZph} read it, whatever its storage ({@link CoxData}
 * rows, or a {@link CoxResponse} with a column-stored design).
 */
interface CoxInput {
    int n();

    List<String> termNames();

    /** The follow-up (stop) time of row i. */
    double time(int i);

    boolean event(int i);

    double weight(int i);

    double x(int i, int k);

    /** {@code z[k][q] = x(order[q], k)}: the covariates in the order of {@code order}. */
    default void gather(int[] order, double[][] z) {
        for (int q = 0; q < order.length; q++) {
            int i = order[q];
            for (int k = 0; k < z.length; k++) {
                z[k][q] = x(i, k);
            }
        }
    }

    /** Entry times of (start, stop] rows; null for right-censored data. Not to be changed. */
    default double[] start() {
        return null;
    }

    /** Stratum codes; null without strata. Not to be changed. */
    default int[] strata() {
        return null;
    }

    /** Cluster codes; null without clusters. Not to be changed. */
    default int[] cluster() {
        return null;
    }

    /** Whether the fit needs the general accumulation (start times, strata or clusters). */
    default boolean general() {
        return start() != null || strata() != null || cluster() != null;
    }
}
