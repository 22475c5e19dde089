package org.followupmonitor.survival;

import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Result of {@link FineGray#fit}: what {@code summary(cmprsk::crr(...))} prints, and its convergence.
 *
 * <p>When crr's iteration stops without meeting its criterion (10 Newton steps, or 20 step-halvings that do
 * not decrease the objective) the fit is returned with {@code converged == false} and a warning, at the last
 * accepted coefficients, as crr returns them. A coefficient running off to infinity (a group without events
 * of the cause) shows as a large coefficient and, often, {@code converged == false}.
 *
 * @param terms one row per term, in design order
 * @param failCode the cause of interest (crr's {@code failcode}); other non-zero codes compete
 * @param confidenceLevel level of the intervals in {@code terms}
 * @param n subjects used (crr's {@code n})
 * @param excludedRows input rows dropped for a missing covariate (crr's {@code n.missing})
 * @param failures events of the cause of interest
 * @param competing events of the other causes
 * @param loglik log pseudo-likelihood at the fit (crr's {@code loglik})
 * @param loglikNull at beta = 0 (crr's {@code loglik.null}); 2 (loglik - loglikNull) is summary's pseudo
 *     likelihood-ratio statistic on p df
 * @param iterations Newton-Raphson steps taken
 * @param converged crr's {@code converged}
 * @param warnings why the fit did not converge; empty for a clean fit
 * @param variance p x p robust variance (crr's {@code var}: I^-1 V I^-1, Fine &amp; Gray 1999)
 * @param information p x p information at the fit (crr's {@code inf})
 */
public record FineGrayFit(List<FineGrayTerm> terms, int failCode, double confidenceLevel, int n, int excludedRows,
        int failures, int competing, double loglik, double loglikNull, int iterations, boolean converged,
        List<String> warnings, double[][] variance, double[][] information) {

    /** @throws IllegalArgumentException if the matrices are not p x p for the p terms */
    public FineGrayFit {
        terms = List.copyOf(terms);
        warnings = List.copyOf(warnings);
        int p = terms.size();
        if (variance.length != p || information.length != p) {
            throw new IllegalArgumentException("variance and information must be sized by the " + p + " terms");
        }
        variance = deepCopy(variance);
        information = deepCopy(information);
    }

    /**
     * @return the term of that name
     * @throws NoSuchElementException if there is none
     */
    public FineGrayTerm term(String name) {
        return terms.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no term '" + name + "' in " + terms.stream()
                        .map(FineGrayTerm::name).toList()));
    }

    @Override
    public double[][] variance() {
        return deepCopy(variance);
    }

    @Override
    public double[][] information() {
        return deepCopy(information);
    }

    private static double[][] deepCopy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = Objects.requireNonNull(m[i], "matrix row").clone();
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FineGrayFit f && terms.equals(f.terms) && failCode == f.failCode
                && Double.compare(confidenceLevel, f.confidenceLevel) == 0 && n == f.n
                && excludedRows == f.excludedRows && failures == f.failures && competing == f.competing
                && Double.compare(loglik, f.loglik) == 0 && Double.compare(loglikNull, f.loglikNull) == 0
                && iterations == f.iterations && converged == f.converged && warnings.equals(f.warnings)
                && Arrays.deepEquals(variance, f.variance) && Arrays.deepEquals(information, f.information);
    }

    @Override
    public int hashCode() {
        return Objects.hash(terms, failCode, n, failures, loglik, iterations, converged,
                Arrays.deepHashCode(variance));
    }

    @Override
    public String toString() {
        return "FineGrayFit[terms=" + terms + ", n=" + n + ", failures=" + failures + ", converged=" + converged + "]";
    }
}
