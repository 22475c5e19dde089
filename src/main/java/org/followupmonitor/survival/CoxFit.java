package org.followupmonitor.survival;

import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Result of {@link CoxRegression#fit}: the numbers R prints for {@code summary(coxph(...))}.
 *
 * <p>When the likelihood is monotone (a coefficient runs off to +-infinity, e.g. a group without events)
 * the fit is returned with {@code converged == false} and a warning worded as R's; its coefficient and
 * standard error for that term are then the finite values the iteration stopped at, not estimates.
 *
 * @param terms           one row per term, in design order; an aliased term (R's {@code NA}) has NaN numbers
 * @param ties            tie handling used
 * @param confidenceLevel level of the intervals in {@code terms}
 * @param n               subjects used
 * @param events          number of events (unweighted, as R's {@code nevent})
 * @param loglikNull      log partial likelihood at beta = 0
 * @param loglik          log partial likelihood at the fit
 * @param likelihoodRatio 2 (loglik - loglikNull) on df = the estimated (not aliased) terms
 * @param wald            beta' V^-1 beta over the estimated terms, on that df
 * @param score           U(0)' I(0)^-1 U(0) on that df (log-rank test for a single factor)
 * @param concordance     Harrell's C of the linear predictor, as R's {@code concordance(fit)}
 * @param iterations      Newton-Raphson iterations taken, as R's {@code fit$iter} (iterMax + 1 when the
 *                        iterations ran out)
 * @param converged       false when iterations ran out or a coefficient may be infinite
 * @param warnings        R-worded warnings; empty for a clean fit
 * @param variance        p x p variance matrix of the coefficients (inverse information)
 * @param means           covariate means used for centring (0 for columns coded in {-1, 0, 1}), as R's
 *                        {@code fit$means}
 * @param robustVariance  with clusters, R's robust (sandwich) variance {@code fit$var}, which then also gives the
 *                        Wald test and the terms' z, p and limits ({@code variance} stays the model-based one, R's
 *                        {@code fit$naive.var}); null without clusters
 * @param robustScore     with clusters, R's robust score test ({@code fit$rscore}); null without clusters
 */
public record CoxFit(List<CoxTerm> terms, CoxTies ties, double confidenceLevel, int n, int events, double loglikNull,
        double loglik, CoxTest likelihoodRatio, CoxTest wald, CoxTest score, Concordance concordance, int iterations,
        boolean converged, List<String> warnings, double[][] variance, double[] means, double[][] robustVariance,
        CoxTest robustScore) {

    /** A fit without clusters. */
    public CoxFit(List<CoxTerm> terms, CoxTies ties, double confidenceLevel, int n, int events, double loglikNull,
            double loglik, CoxTest likelihoodRatio, CoxTest wald, CoxTest score, Concordance concordance,
            int iterations, boolean converged, List<String> warnings, double[][] variance, double[] means) {
        this(terms, ties, confidenceLevel, n, events, loglikNull, loglik, likelihoodRatio, wald, score, concordance,
                iterations, converged, warnings, variance, means, null, null);
    }

    public CoxFit {
        terms = List.copyOf(terms);
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(ties, "ties");
        Objects.requireNonNull(likelihoodRatio, "likelihoodRatio");
        Objects.requireNonNull(wald, "wald");
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(concordance, "concordance");
        if (variance.length != terms.size() || means.length != terms.size()) {
            throw new IllegalArgumentException("variance and means must be sized by the " + terms.size() + " terms");
        }
        variance = deepCopy(variance);
        means = means.clone();
        robustVariance = robustVariance == null ? null : deepCopy(robustVariance);
    }

    /** The names of the aliased terms (R's {@code NA} coefficients), in design order; empty when none. */
    public List<String> aliased() {
        return terms.stream().filter(CoxTerm::aliased).map(CoxTerm::name).toList();
    }

    /**
     * The row of the named term.
     *
     * @throws NoSuchElementException when no term has that name
     */
    public CoxTerm term(String name) {
        return terms.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no term '" + name + "'; terms are "
                        + terms.stream().map(CoxTerm::name).toList()));
    }

    @Override
    public double[][] variance() {
        return deepCopy(variance);
    }

    @Override
    public double[] means() {
        return means.clone();
    }

    @Override
    public double[][] robustVariance() {
        return robustVariance == null ? null : deepCopy(robustVariance);
    }

    private static double[][] deepCopy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CoxFit f && terms.equals(f.terms) && ties == f.ties
                && confidenceLevel == f.confidenceLevel && n == f.n && events == f.events
                && Double.compare(loglikNull, f.loglikNull) == 0 && Double.compare(loglik, f.loglik) == 0
                && likelihoodRatio.equals(f.likelihoodRatio) && wald.equals(f.wald) && score.equals(f.score)
                && concordance.equals(f.concordance) && iterations == f.iterations && converged == f.converged
                && warnings.equals(f.warnings) && Arrays.deepEquals(variance, f.variance)
                && Arrays.equals(means, f.means) && Arrays.deepEquals(robustVariance, f.robustVariance)
                && java.util.Objects.equals(robustScore, f.robustScore);
    }

    @Override
    public int hashCode() {
        return Objects.hash(terms, ties, loglik, iterations, converged);
    }

    @Override
    public String toString() {
        return "CoxFit[n=" + n + ", events=" + events + ", ties=" + ties + ", terms=" + terms + ", loglik=" + loglik
                + ", converged=" + converged + ", warnings=" + warnings + "]";
    }
}
