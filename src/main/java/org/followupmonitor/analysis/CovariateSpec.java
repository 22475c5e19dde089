package org.followupmonitor.analysis;

import java.util.Optional;

/**
 * One Cox covariate.
 *
 * @param variable the characteristic
 * @param reference the reference level of a categorical covariate; empty for numeric ones, and empty for a
 *     categorical one means "the first of its levels (in declared order) present among the model's complete
 *     cases", as R's first factor level after {@code droplevels}
 */
public record CovariateSpec(Variable variable, Optional<String> reference) {
    public CovariateSpec {
        if (variable == null) {
            throw new IllegalArgumentException("name: required");
        }
        reference = reference == null ? Optional.empty() : reference;
        if (variable.isNumeric() && reference.isPresent()) {
            throw new IllegalArgumentException("reference: numeric covariate " + variable.label()
                    + " takes no reference level");
        }
        reference.ifPresent(r -> variable.levels().ifPresent(levels -> {
            if (!levels.contains(r)) {
                throw new IllegalArgumentException("reference: unknown level '" + r + "' of " + variable.label()
                        + "; expected one of " + String.join(", ", levels));
            }
        }));
    }
}
