package org.followupmonitor.survival;

import java.util.List;

/**
 * The information matrix of a Cox model is singular: some covariate is constant, carries no information
 * within the risk sets, or is a linear combination of others. R's {@code coxph} would silently report NA for
 * the aliased coefficient; here the fit refuses and names the terms so the model can be respecified.
 */
public final class CoxCollinearityException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final List<String> terms;

    CoxCollinearityException(String message, List<String> terms) {
        super(message);
        this.terms = List.copyOf(terms);
    }

    /** The terms involved: the aliased one first, then those it is a combination of. */
    public List<String> terms() {
        return terms;
    }
}
