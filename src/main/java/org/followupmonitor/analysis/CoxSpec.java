package org.followupmonitor.analysis;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A Cox proportional-hazards model of an analysis: its covariates (univariate when one) and tie handling.
 *
 * @param ties Efron (R's default) or Breslow
 * @param covariates at least one, no variable twice
 */
public record CoxSpec(Ties ties, List<CovariateSpec> covariates) {
    /** Tie handling in the partial likelihood. YAML labels efron, breslow. */
    public enum Ties { EFRON, BRESLOW }

    public CoxSpec {
        ties = ties == null ? Ties.EFRON : ties;
        covariates = List.copyOf(covariates);
        if (covariates.isEmpty()) {
            throw new IllegalArgumentException("covariates: at least one is required");
        }
        Set<Variable> seen = new HashSet<>();
        for (CovariateSpec c : covariates) {
            if (!seen.add(c.variable())) {
                throw new IllegalArgumentException("covariates: " + c.variable().label() + " appears twice");
            }
        }
    }
}
