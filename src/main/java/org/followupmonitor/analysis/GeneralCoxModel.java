package org.followupmonitor.analysis;

import static org.followupmonitor.analysis.Numbers.orNull;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.followupmonitor.survival.CoxFit;
import org.followupmonitor.survival.CoxOptions;
import org.followupmonitor.survival.CoxRegression;
import org.followupmonitor.survival.CoxResponse;
import org.followupmonitor.survival.CoxZph;
import org.followupmonitor.survival.DesignMatrix;
import org.followupmonitor.survival.ZphResult;

/**
 * One model of an analysis whose Cox spec needs more than right-censored rows: time-varying covariates (every model
 * of the analysis is fitted to the subjects' (start, stop] intervals, {@link CoxIntervals}), strata and clusters. As
 * R fits {@code coxph(Surv(tstart, tstop, event) ~ x + strata(s) + cluster(c), data = tmerge(...))} alone: on the
 * intervals of the subjects with every covariate of the model, the strata and the cluster known, each factor coded
 * with the levels those intervals have. {@code n} and {@code events} count subjects, not intervals.
 */
final class GeneralCoxModel {
    private GeneralCoxModel() {}

    static final String ZERO_DAYS = "subjects followed for 0 days have no (start, stop] interval and are left out "
            + "(R: Surv(tstart, tstop) is NA when stop = start)";

    /**
     * @param model indexes of the model's covariates among the spec's covariates
     * @param fixed time-varying covariates take their status over the whole follow-up instead (the comparison model)
     * @param withPh also run the proportional-hazards test
     */
    static AnalysisEngine.Fitted fit(AnalysisDefinition def, List<Integer> model, AnalysisEngine.CoxRows rows,
            CoxOptions options, int minCellSize, boolean fixed, boolean withPh) {
        CoxSpec spec = def.cox().orElseThrow();
        List<CovariateSpec> covariates = spec.covariates();
        List<Variable> carried = def.covariates();
        boolean counting = spec.timeVarying();
        int[] strata = spec.strata().stream().mapToInt(carried::indexOf).toArray();
        int cluster = spec.cluster().map(carried::indexOf).orElse(-1);
        List<Integer> cut = new ArrayList<>();
        for (int k : model) {
            if (covariates.get(k).timeVarying() && !fixed) {
                cut.add(k);
            }
        }
        // R's na.omit drops rows with no stratum or cluster as it drops rows missing a covariate.
        java.util.function.IntPredicate known = i -> {
            for (int s : strata) {
                if (rows.level(s, i) == null) {
                    return false;
                }
            }
            return cluster < 0 || rows.level(cluster, i) != null;
        };
        CoxIntervals iv;
        if (counting) {
            iv = CoxIntervals.of(rows, cut.stream().mapToInt(Integer::intValue).toArray(), known);
        } else {
            // Right-censored rows (strata or clusters only): each row as it is, time 0 included.
            int n = rows.size();
            int[] subject = new int[n];
            double[] stop = new double[n];
            boolean[] event = new boolean[n];
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (known.test(i)) {
                    subject[m] = i;
                    stop[m] = rows.timeDays(i);
                    event[m++] = rows.event(i);
                }
            }
            iv = new CoxIntervals(java.util.Arrays.copyOf(subject, m), new double[m], java.util.Arrays.copyOf(stop, m),
                    java.util.Arrays.copyOf(event, m));
        }
        int m = iv.size();
        DesignMatrix.Builder design = DesignMatrix.builder(m);
        for (int k : model) {
            CovariateSpec c = covariates.get(k);
            Variable v = c.variable();
            if (v.isNumeric()) {
                double[] values = new double[m];
                for (int j = 0; j < m; j++) {
                    values[j] = rows.number(k, iv.subject()[j]);
                }
                design.numeric(v.label(), values);
            } else {
                boolean split = cut.contains(k);
                String[] values = new String[m];
                Set<String> levels = new HashSet<>();
                for (int j = 0; j < m; j++) {
                    values[j] = split ? iv.levelOf(rows, k, v, j) : rows.level(k, iv.subject()[j]);
                    if (values[j] != null) {
                        levels.add(values[j]);
                    }
                }
                c.reference().ifPresent(levels::add);
                List<String> ordered = new ArrayList<>(levels);
                ordered.sort(CohortCounts.levelOrder(Optional.of(v)));
                design.categorical(v.label(), values, ordered, c.reference().orElse(null));
            }
        }
        List<String> warnings = new ArrayList<>();
        if (counting && zeroDayComplete(rows, model, covariates, known)) {
            warnings.add(ZERO_DAYS);
        }
        int[] complete = design.completeRows();
        BitSet subjects = new BitSet();
        int events = 0;
        for (int j : complete) {
            subjects.set(iv.subject()[j]);
            events += iv.event()[j] ? 1 : 0;
        }
        int n = subjects.cardinality();
        if (complete.length > 0 && events == 0) {
            warnings.add("not fitted: no events among the complete cases (R: every coefficient NA)");
            return new AnalysisEngine.Fitted(null, List.of(), n, 0, warnings, null);
        }
        int[] strataCodes = strata.length == 0 ? null : codes(m, j -> {
            StringBuilder key = new StringBuilder();
            for (int s : strata) {
                key.append(rows.level(s, iv.subject()[j])).append('\u0000');
            }
            return key.toString();
        });
        int[] clusterCodes = cluster < 0 ? null : codes(m, j -> rows.level(cluster, iv.subject()[j]));
        CoxResponse y = new CoxResponse(counting ? iv.start() : null, iv.stop(), iv.event(), null, strataCodes,
                clusterCodes);
        DesignMatrix.Columns matrix;
        CoxFit fit;
        try {
            matrix = design.buildColumns();
            fit = CoxRegression.fit(y, matrix, options);
        } catch (IllegalArgumentException e) {
            warnings.add("not fitted: " + e.getMessage());
            return new AnalysisEngine.Fitted(null, List.of(), n, events, warnings, null);
        }
        warnings.addAll(0, fit.warnings());
        List<AnalysisResult.CoxTerm> terms = new ArrayList<>();
        for (DesignMatrix.Term t : matrix.terms()) {
            org.followupmonitor.survival.CoxTerm ct = fit.term(t.name());
            // A level is shown only when enough subjects of the model spent time at it.
            boolean suppressed = t.level() != null
                    && subjectsAt(matrix, t, iv, minCellSize) < minCellSize;
            Function<Double, Double> show = v -> suppressed ? null : orNull(v);
            terms.add(new AnalysisResult.CoxTerm(t.name(), t.covariate(), t.level(), t.reference(), suppressed,
                    ct.aliased(), show.apply(ct.coef()), show.apply(ct.se()),
                    clusterCodes == null ? null : show.apply(ct.robustSe()), show.apply(ct.hazardRatio()),
                    show.apply(ct.lower()), show.apply(ct.upper()), show.apply(ct.p())));
        }
        ZphResult zph = null;
        if (withPh) {
            try {
                zph = CoxZph.test(fit, y, matrix, spec.transform());
            } catch (IllegalArgumentException e) {
                zph = null; // every term aliased: R's cox.zph has nothing to test either
            }
        }
        return new AnalysisEngine.Fitted(fit, terms, n, fit.events(), warnings, zph);
    }

    /** Whether a subject with every model covariate, stratum and cluster known was followed for 0 days. */
    private static boolean zeroDayComplete(AnalysisEngine.CoxRows rows, List<Integer> model,
            List<CovariateSpec> covariates, java.util.function.IntPredicate known) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.timeDays(i) > 0 || !known.test(i)) {
                continue;
            }
            boolean complete = true;
            for (int k : model) {
                complete &= covariates.get(k).variable().isNumeric() ? !Double.isNaN(rows.number(k, i))
                        : rows.level(k, i) != null;
            }
            if (complete) {
                return true;
            }
        }
        return false;
    }

    /** Distinct subjects with a complete interval coded at the term's level (counting stops at the minimum). */
    private static int subjectsAt(DesignMatrix.Columns matrix, DesignMatrix.Term t, CoxIntervals iv, int enough) {
        double[] col = matrix.x()[matrix.termNames().indexOf(t.name())];
        int[] kept = matrix.rows();
        BitSet seen = new BitSet();
        int count = 0;
        for (int q = 0; q < kept.length && count < enough; q++) {
            if (col[q] == 1.0) {
                int s = iv.subject()[kept[q]];
                if (!seen.get(s)) {
                    seen.set(s);
                    count++;
                }
            }
        }
        return count;
    }

    /** Per interval a code for its key, the codes numbered in the keys' sorted order. */
    private static int[] codes(int m, java.util.function.IntFunction<String> key) {
        Map<String, Integer> index = new TreeMap<>();
        String[] keys = new String[m];
        for (int j = 0; j < m; j++) {
            keys[j] = key.apply(j);
            index.putIfAbsent(keys[j], 0);
        }
        int c = 0;
        for (Map.Entry<String, Integer> e : index.entrySet()) {
            e.setValue(c++);
        }
        int[] out = new int[m];
        for (int j = 0; j < m; j++) {
            out[j] = index.get(keys[j]);
        }
        return out;
    }
}
