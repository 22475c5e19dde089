package org.followupmonitor.analysis;

import static org.followupmonitor.analysis.Numbers.orNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.followupmonitor.analysis.AnalysisResult.CumulativeIncidence;
import org.followupmonitor.analysis.AnalysisResult.FineGraySummary;
import org.followupmonitor.analysis.AnalysisResult.IncidenceMilestone;
import org.followupmonitor.analysis.AnalysisResult.IncidencePoint;
import org.followupmonitor.analysis.AnalysisResult.Median;
import org.followupmonitor.survival.AalenJohansenFit;
import org.followupmonitor.survival.CompetingRiskTables;
import org.followupmonitor.survival.ConfidenceBand;
import org.followupmonitor.survival.ConfidenceSpec;
import org.followupmonitor.survival.DesignMatrix;
import org.followupmonitor.survival.FineGray;
import org.followupmonitor.survival.FineGrayFit;
import org.followupmonitor.survival.FineGrayOptions;
import org.followupmonitor.survival.FineGrayTerm;
import org.followupmonitor.survival.GrayTest;
import org.followupmonitor.survival.GrayTestResult;
import org.followupmonitor.survival.IncidenceAtTime;
import org.followupmonitor.survival.SurvivalQuantile;

/**
 * The competing-risks parts of a result ({@link Endpoint#RECURRENCE_COMPETING}): per group the cumulative incidence
 * of each cause (Aalen-Johansen, R's {@code survfit} with a factor status), Gray's test per cause
 * ({@code cmprsk::cuminc}) from the counts, and the Fine-Gray model ({@code cmprsk::crr}) from the subject rows.
 */
final class CompetingParts {
    /** The cause whose subdistribution hazards the Fine-Gray model fits: recurrence. */
    static final int FAIL_CODE = 1;

    private CompetingParts() {}

    /** One group's cumulative incidences, cause by cause, with the analysis' milestones and confidence intervals. */
    static List<CumulativeIncidence> incidence(AnalysisDefinition def, AalenJohansenFit fit) {
        ConfidenceSpec confidence = def.confidence();
        List<Integer> days = def.milestonesDays();
        double[] asked = new double[days.size()];
        for (int i = 0; i < asked.length; i++) {
            asked[i] = days.get(i);
        }
        double[] time = fit.time();
        double[] nRisk = fit.nRisk();
        double[][] nEvent = fit.nEvent();
        double[][] se = fit.stdErr();
        List<CumulativeIncidence> out = new ArrayList<>();
        for (int c = 1; c <= fit.causeCount(); c++) {
            double[] p = fit.incidence(c);
            ConfidenceBand band = fit.confidenceBand(c, confidence);
            double[] lower = band.lower();
            double[] upper = band.upper();
            List<IncidencePoint> curve = new ArrayList<>(fit.size());
            long events = 0;
            for (int i = 0; i < fit.size(); i++) {
                int e = (int) Math.round(nEvent[c][i]);
                events += e;
                curve.add(new IncidencePoint((int) time[i], (int) Math.round(nRisk[i]), e, orNull(p[i]),
                        orNull(se[c][i]), orNull(lower[i]), orNull(upper[i])));
            }
            Map<Integer, IncidenceAtTime> found = new HashMap<>();
            for (IncidenceAtTime a : fit.at(c, asked, false, confidence)) {
                found.put((int) a.time(), a);
            }
            List<IncidenceMilestone> milestones = new ArrayList<>();
            for (int t : days) {
                IncidenceAtTime a = found.get(t);
                milestones.add(a == null ? new IncidenceMilestone(t, null, null, null, null, null)
                        : new IncidenceMilestone(t, (int) Math.round(a.nRisk()), orNull(a.estimate()),
                                orNull(a.standardError()), orNull(a.lower()), orNull(a.upper())));
            }
            SurvivalQuantile m = fit.quantile(c, 0.5, confidence);
            out.add(new CumulativeIncidence(Endpoint.causeName(c), Math.toIntExact(events), curve, milestones,
                    new Median(orNull(m.estimate()), orNull(m.lower()), orNull(m.upper()))));
        }
        return out;
    }

    /** Gray's test of every cause with an event (empty with fewer than two groups with subjects). */
    static List<AnalysisResult.GrayTest> gray(CompetingRiskTables tables) {
        List<AnalysisResult.GrayTest> out = new ArrayList<>();
        for (GrayTestResult r : GrayTest.testAll(tables)) {
            out.add(new AnalysisResult.GrayTest(Endpoint.causeName(r.cause()), orNull(r.chiSquare()), r.df(),
                    orNull(r.pValue())));
        }
        return out;
    }

    /**
     * The Fine-Gray model of recurrence on every covariate of the analysis' Cox model, fitted to the rows complete for
     * them, as {@code crr(ftime, fstatus, model.matrix(...), failcode = 1, cencode = 0)}. What cannot be fitted (no
     * complete case, a factor with one level, no recurrence, a singular information matrix) is a warning with the
     * model's counts, never an exception. The basis is null: the caller sets it.
     */
    static FineGraySummary fineGray(AnalysisDefinition def, AnalysisEngine.CoxRows rows, int minCellSize) {
        CoxSpec spec = def.cox().orElseThrow();
        List<CovariateSpec> covariates = spec.covariates();
        List<Integer> model = java.util.stream.IntStream.range(0, covariates.size()).boxed().toList();
        DesignMatrix.Builder builder = AnalysisEngine.design(covariates, model, rows);
        int n = rows.size();
        double[] time = new double[n];
        int[] status = new int[n];
        for (int i = 0; i < n; i++) {
            time[i] = rows.timeDays(i);
            status[i] = rows.cause(i);
        }
        List<String> warnings = new ArrayList<>();
        if (spec.general()) {
            warnings.add("cmprsk::crr has no strata, clusters or time-varying covariates: the model is fitted without"
                    + " strata and clusters, time-varying covariates at their status over the whole follow-up");
        }
        int[] complete = builder.completeRows();
        int failures = 0;
        int competing = 0;
        for (int i : complete) {
            failures += status[i] == FAIL_CODE ? 1 : 0;
            competing += status[i] != 0 && status[i] != FAIL_CODE ? 1 : 0;
        }
        String cause = Endpoint.causeName(FAIL_CODE);
        DesignMatrix design;
        FineGrayFit fit;
        try {
            design = builder.build();
            fit = FineGray.fit(time, status, design, FAIL_CODE,
                    new FineGrayOptions(FineGrayOptions.DEFAULTS.gtol(), FineGrayOptions.DEFAULTS.maxIter(),
                            def.confidence().level()));
        } catch (IllegalArgumentException e) {
            warnings.add("not fitted: " + e.getMessage());
            return new FineGraySummary(cause, complete.length, failures, competing, List.of(), false, warnings, null);
        }
        warnings.addAll(fit.warnings());
        List<AnalysisResult.CoxTerm> terms = new ArrayList<>();
        for (DesignMatrix.Term t : design.terms()) {
            FineGrayTerm ft = fit.term(t.name());
            // A level is shown only when enough of the model's complete cases have it (as the Cox model's terms).
            boolean suppressed = t.level() != null && t.rows() < minCellSize;
            Function<Double, Double> show = v -> suppressed ? null : orNull(v);
            terms.add(new AnalysisResult.CoxTerm(t.name(), t.covariate(), t.level(), t.reference(), suppressed, false,
                    show.apply(ft.coef()), show.apply(ft.se()), show.apply(ft.hazardRatio()), show.apply(ft.lower()),
                    show.apply(ft.upper()), show.apply(ft.p())));
        }
        return new FineGraySummary(cause, fit.n(), fit.failures(), fit.competing(), terms, fit.converged(), warnings,
                null);
    }
}
