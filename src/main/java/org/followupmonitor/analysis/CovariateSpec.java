package org.followupmonitor.analysis;

import java.util.Optional;

/**
 * One Cox covariate.
 *
 * @param variable the characteristic
 * @param reference the reference level of a categorical covariate; empty for numeric ones, and empty for a
 *     categorical one means "the first of its levels (in declared order) present among the model's complete
 *     cases", as R's first factor level after {@code droplevels}
 * @param timeVarying the covariate takes its current value over follow-up (R's {@code tmerge(..., tdc(date))}):
 *     off until the patient's first surgery or therapy start, on from then; only variables that
 *     {@link Variable#switchesOn()}
 */
public record CovariateSpec(Variable variable, Optional<String> reference, boolean timeVarying) {
    /** A covariate fixed over follow-up. */
    public CovariateSpec(Variable variable, Optional<String> reference) {
        this(variable, reference, false);
    }

    public CovariateSpec {
        if (variable == null) {
            throw new IllegalArgumentException("name: required");
        }
        reference = reference == null ? Optional.empty() : reference;
        if (variable.isNumeric() && reference.isPresent()) {
            throw new IllegalArgumentException("reference: numeric covariate " + variable.label()
                    + " takes no reference level");
        }
        if (timeVarying && !variable.switchesOn()) {
            throw new IllegalArgumentException("timeVarying: " + variable.label() + " has no date at which it changes; "
                    + "only arm, chemotherapy, radiotherapy, hormonal and anti-her2 can be time-varying");
        }
        reference.ifPresent(r -> variable.levels().ifPresent(levels -> {
            if (!levels.contains(r)) {
                throw new IllegalArgumentException("reference: unknown level '" + r + "' of " + variable.label()
                        + "; expected one of " + String.join(", ", levels));
            }
        }));
    }
}
