package org.followupmonitor.analysis;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.followupmonitor.survival.ZphTransform;

/**
 * A Cox proportional-hazards model of an analysis: its covariates (univariate when one), tie handling, strata,
 * clusters and the time transform of its proportional-hazards test.
 *
 * @param ties Efron (R's default) or Breslow
 * @param covariates at least one, no variable twice
 * @param strata categorical variables with a baseline hazard per level combination (R's {@code strata()}); not
 *     covariates
 * @param cluster a categorical variable whose levels group correlated patients (R's {@code cluster()}): robust
 *     (sandwich) variance and the robust score test
 * @param transform the function of time of the proportional-hazards test (R's {@code cox.zph(transform =)}),
 *     {@code km} by default
 */
public record CoxSpec(Ties ties, List<CovariateSpec> covariates, List<Variable> strata, Optional<Variable> cluster,
        ZphTransform transform) {
    /** Tie handling in the partial likelihood. YAML labels efron, breslow. */
    public enum Ties { EFRON, BRESLOW }

    /** A model without strata or clusters, tested with R's default transform. */
    public CoxSpec(Ties ties, List<CovariateSpec> covariates) {
        this(ties, covariates, List.of(), Optional.empty(), ZphTransform.KM);
    }

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
        strata = List.copyOf(strata == null ? List.of() : strata);
        cluster = cluster == null ? Optional.empty() : cluster;
        transform = transform == null ? ZphTransform.KM : transform;
        Set<Variable> stratified = new HashSet<>();
        for (Variable s : strata) {
            if (s.isNumeric()) {
                throw new IllegalArgumentException("strata: " + s.label() + " is numeric; use a categorical variable");
            }
            if (seen.contains(s)) {
                throw new IllegalArgumentException("strata: " + s.label() + " is also a covariate; a stratum has no "
                        + "coefficient");
            }
            if (!stratified.add(s)) {
                throw new IllegalArgumentException("strata: " + s.label() + " appears twice");
            }
        }
        cluster.ifPresent(c -> {
            if (c.isNumeric()) {
                throw new IllegalArgumentException("cluster: " + c.label() + " is numeric; use a categorical variable");
            }
        });
    }

    /** Whether a covariate takes its current value over follow-up ((start, stop] intervals). */
    public boolean timeVarying() {
        return covariates.stream().anyMatch(CovariateSpec::timeVarying);
    }

    /** Whether the model needs more than right-censored rows: time-varying covariates, strata or clusters. */
    public boolean general() {
        return timeVarying() || !strata.isEmpty() || cluster.isPresent();
    }
}
