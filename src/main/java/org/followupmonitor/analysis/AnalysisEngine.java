package org.followupmonitor.analysis;

import static org.followupmonitor.analysis.Numbers.orNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.followupmonitor.analysis.AnalysisResult.CoxSummary;
import org.followupmonitor.analysis.AnalysisResult.CurvePoint;
import org.followupmonitor.analysis.AnalysisResult.GroupResult;
import org.followupmonitor.analysis.AnalysisResult.LogRankSummary;
import org.followupmonitor.analysis.AnalysisResult.Median;
import org.followupmonitor.analysis.AnalysisResult.Milestone;
import org.followupmonitor.analysis.AnalysisResult.MilestoneComparison;
import org.followupmonitor.analysis.AnalysisResult.MonitoringStatus;
import org.followupmonitor.analysis.AnalysisResult.RestrictedMean;
import org.followupmonitor.analysis.AnalysisResult.Test;
import org.followupmonitor.survival.AalenJohansen;
import org.followupmonitor.survival.CompetingRiskTables;
import org.followupmonitor.survival.ConfidenceBand;
import org.followupmonitor.survival.ConfidenceSpec;
import org.followupmonitor.survival.CoxFit;
import org.followupmonitor.survival.CoxOptions;
import org.followupmonitor.survival.CoxRegression;
import org.followupmonitor.survival.CoxTest;
import org.followupmonitor.survival.CoxResponse;
import org.followupmonitor.survival.CoxTies;
import org.followupmonitor.survival.CoxZph;
import org.followupmonitor.survival.ZphResult;
import org.followupmonitor.survival.ZphTransform;
import org.followupmonitor.survival.DesignMatrix;
import org.followupmonitor.survival.KaplanMeier;
import org.followupmonitor.survival.KaplanMeierFit;
import org.followupmonitor.survival.LogRank;
import org.followupmonitor.survival.LogRankResult;
import org.followupmonitor.survival.RiskTable;
import org.followupmonitor.survival.StratifiedRiskTables;
import org.followupmonitor.survival.SurvivalAtTime;
import org.followupmonitor.survival.SurvivalQuantile;

/**
 * Turns one analysis' cohort into its published result. The one place where definitions meet the
 * statistics, shared by {@code analyze} and the streaming app: both hand it the same
 * {@link CohortCounts} and the same multiset of subject rows, so both publish the same numbers.
 *
 * <p>Kaplan-Meier and log-rank come from the counts (O(distinct days)); Cox needs the rows, which
 * the caller may omit (null) to reuse an earlier Cox summary between refits.
 *
 * <p>The result is complete: every group, total and exclusion count. What a release withholds is decided
 * afterwards, jointly over all the analyses published together ({@code privacy.Disclosure}); only Cox levels
 * with fewer patients than the minimum are withheld here, since their counts never appear in the result.
 */
public final class AnalysisEngine {
    /** Cohorts at least this large fit their Cox models in parallel. */
    static final int PARALLEL_MIN_ROWS = 20_000;

    private AnalysisEngine() {}

    /**
     * The result of a cohort whose subject rows are in a list: the Cox model (when the analysis has one) is fitted on
     * them; no follow-up part and no look history. For tests and tools; the batch and streaming paths give every part
     * through {@link #compute(AnalysisDefinition, CohortCounts, Map, String, int, Monitor, SubjectParts)}.
     *
     * @param coxRows the subject rows, for the Cox model; null to leave {@code cox} null
     * @param minCellSize Cox levels with fewer patients publish no numbers (0: none); groups and cohorts are
     *     computed in full, and withheld afterwards by disclosure control ({@code privacy})
     */
    public static AnalysisResult compute(AnalysisDefinition def, CohortCounts counts, List<SubjectRow> coxRows,
            Map<String, Integer> excluded, String asOf, int minCellSize, Monitor monitor) {
        SubjectParts parts = null;
        if (coxRows != null && def.cox().isPresent()) {
            SubjectSnapshot snapshot = new SubjectSnapshot(def);
            coxRows.forEach(r -> snapshot.add(r, null, null));
            SubjectParts all = snapshot.parts(asOf, false, minCellSize, monitor, coxThreads(coxRows.size()), took -> { });
            parts = new SubjectParts(all.basis(), all.cox(), null, List.of(), all.fineGray());
        }
        return compute(def, counts, excluded, asOf, minCellSize, monitor, parts);
    }

    /**
     * The result from the counts, joined with the parts computed from individual subjects.
     *
     * @param counts the risk-set counts of the analysis' subject rows
     * @param excluded patients left out, by flag name ({@link DataQualityFlag#AWAITING_ORIGIN} is reported apart)
     * @param asOf the analysis clock (ISO date), null when no event was seen
     * @param minCellSize Cox levels with fewer patients publish no numbers (0: none); the rest is computed in full
     * @param monitor computes the sequential-monitoring status ({@link Monitor#NONE} for none)
     * @param parts the Cox model, follow-up and look history; null while not computed (they are then absent)
     */
    public static AnalysisResult compute(AnalysisDefinition def, CohortCounts counts, Map<String, Integer> excluded,
            String asOf, int minCellSize, Monitor monitor, SubjectParts parts) {
        StratifiedRiskTables tables = counts.tables();
        CompetingRiskTables competing = counts.causeCount() > 1 ? counts.competingTables() : null;
        List<String> groupLabels = counts.groups();
        int subjects = 0;
        int events = 0;
        List<GroupResult> groups = new ArrayList<>();
        List<KaplanMeierFit> fits = new ArrayList<>();
        for (int g = 0; g < groupLabels.size(); g++) {
            RiskTable table = tables.group(g);
            int n = (int) Math.round(table.total());
            int d = (int) Math.round(table.totalEvents());
            subjects += n;
            events += d;
            KaplanMeierFit fit = KaplanMeier.fit(table);
            fits.add(fit);
            GroupResult gr = group(def, groupLabels.get(g), n, d, fit);
            if (competing != null) {
                gr = new GroupResult(gr.group(), false, gr.n(), gr.events(), gr.curve(), gr.milestones(), gr.median(),
                        gr.restrictedMean(), CompetingParts.incidence(def, AalenJohansen.fit(competing.group(g))));
            }
            groups.add(gr);
        }
        String groupBy = def.groupBy().map(Variable::label).orElse(null);
        List<String> strata = def.strata().stream().map(Variable::label).toList();
        Map<String, Integer> shownExclusions = new TreeMap<>(excluded);
        Integer awaiting = shownExclusions.remove(DataQualityFlag.AWAITING_ORIGIN.name());
        int awaitingOrigin = awaiting == null ? 0 : awaiting;

        LogRankSummary logRank = null;
        LogRankResult logRankResult = null;
        List<MilestoneComparison> comparisons = new ArrayList<>();
        boolean stratified = counts.strata().size() > 1 || !def.strata().isEmpty();
        if (groupLabels.size() >= 2) {
            logRankResult = LogRank.test(tables, def.rho());
            logRank = logRank(logRankResult, stratified);
            for (int t : def.milestonesDays()) {
                LogRankSummary atT = logRank(LogRank.testCensoredAt(tables, def.rho(), t), stratified);
                Double z = null;
                Double p = null;
                if (fits.size() == 2) {
                    Optional<org.followupmonitor.survival.MilestoneComparison> c =
                            org.followupmonitor.survival.MilestoneComparison.compare(fits.get(0), fits.get(1), t, false);
                    z = c.map(x -> orNull(x.z())).orElse(null);
                    p = c.map(x -> orNull(x.pValue())).orElse(null);
                }
                comparisons.add(new MilestoneComparison(t, atT, z, p));
            }
        }
        MonitoringStatus status = monitor.status(def, events, tables, parts == null ? List.of() : parts.looks(),
                parts == null ? null : parts.basis());
        List<AnalysisResult.GrayTest> gray = competing == null ? null : CompetingParts.gray(competing);
        return new AnalysisResult(AnalysisResult.FORMAT_VERSION, def.name(), Labels.of(def.endpoint()),
                Labels.of(def.origin()), groupBy, strata, confidence(def), asOf, subjects, events, awaitingOrigin,
                shownExclusions, false, groups, logRank, comparisons, parts == null ? null : parts.cox(), status,
                parts == null ? null : parts.followUp(), gray, parts == null ? null : parts.fineGray());
    }

    /** The intervals the analysis asks for, as the result names them (R's conf.type labels). */
    static AnalysisResult.Confidence confidence(AnalysisDefinition def) {
        return new AnalysisResult.Confidence(Labels.of(def.confidence().type()), def.confidence().level());
    }

    private static GroupResult group(AnalysisDefinition def, String label, int n, int d, KaplanMeierFit fit) {
        ConfidenceSpec confidence = def.confidence();
        double[] se = fit.survivalStandardError();
        ConfidenceBand band = fit.confidenceBand(confidence);
        double[] lower = band.lower();
        double[] upper = band.upper();
        double[] s = fit.survival();
        double[] time = fit.time();
        double[] nRisk = fit.nRisk();
        double[] nEvent = fit.nEvent();
        double[] nCensor = fit.nCensor();
        List<CurvePoint> curve = new ArrayList<>(fit.size());
        for (int i = 0; i < fit.size(); i++) {
            curve.add(new CurvePoint((int) time[i], (int) Math.round(nRisk[i]), (int) Math.round(nEvent[i]),
                    (int) Math.round(nCensor[i]), orNull(s[i]), orNull(se[i]), orNull(lower[i]), orNull(upper[i])));
        }
        // All milestones in one call (one confidence band, not one per milestone); a milestone past the last
        // time is left out of the answer and reported empty, as before. Risk, survival and limits at a time do
        // not depend on the other times asked for.
        List<Integer> days = def.milestonesDays();
        double[] asked = new double[days.size()];
        for (int i = 0; i < asked.length; i++) {
            asked[i] = days.get(i);
        }
        java.util.Map<Integer, SurvivalAtTime> found = new java.util.HashMap<>();
        for (SurvivalAtTime a : fit.at(asked, false, confidence)) {
            found.put((int) a.time(), a);
        }
        List<Milestone> milestones = new ArrayList<>();
        for (int t : days) {
            SurvivalAtTime a = found.get(t);
            milestones.add(a == null ? new Milestone(t, null, null, null, null, null)
                    : new Milestone(t, (int) Math.round(a.nRisk()), orNull(a.survival()), orNull(a.standardError()),
                            orNull(a.lower()), orNull(a.upper())));
        }
        SurvivalQuantile m = fit.median(confidence);
        Median median = new Median(orNull(m.estimate()), orNull(m.lower()), orNull(m.upper()));
        RestrictedMean rmst = null;
        OptionalHorizon h = horizon(def);
        if (h.present && fit.size() > 0) {
            if (time[0] > h.days) {
                // Nobody observed before the horizon: S = 1 on [0, horizon], so the area is the horizon.
                rmst = new RestrictedMean(h.days, (double) h.days, 0.0);
            } else {
                org.followupmonitor.survival.RestrictedMean r = fit.restrictedMean(h.days);
                rmst = new RestrictedMean(h.days, orNull(r.mean()), orNull(r.standardError()));
            }
        }
        return new GroupResult(label, false, n, d, curve, milestones, median, rmst);
    }

    private record OptionalHorizon(boolean present, int days) {}

    /** Restricted mean to the administrative horizon, else to the last milestone. */
    private static OptionalHorizon horizon(AnalysisDefinition def) {
        if (def.horizonDays().isPresent()) {
            return new OptionalHorizon(true, def.horizonDays().getAsInt());
        }
        List<Integer> ms = def.milestonesDays();
        return ms.isEmpty() ? new OptionalHorizon(false, 0) : new OptionalHorizon(true, ms.get(ms.size() - 1));
    }

    private static LogRankSummary logRank(LogRankResult r, boolean stratified) {
        List<Double> observed = boxed(r.observed());
        List<Double> expected = boxed(r.expected());
        return new LogRankSummary(orNull(r.chiSquare()), r.degreesOfFreedom(), orNull(r.pValue()), stratified,
                r.rho(), observed, expected);
    }

    private static List<Double> boxed(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(orNull(v));
        }
        return out;
    }

    // ---------------------------------------------------------------- Cox

    /**
     * Subject rows in canonical order as a Cox fit reads them; covariates by their index in
     * {@link AnalysisDefinition#covariates()}. Every path collects its rows in a {@link CoxRowStore} and fits
     * through its sorted view, so all give the same numbers.
     */
    interface CoxRows {
        int size();

        int timeDays(int i);

        boolean event(int i);

        /** Row i's cause: 0 censored, else 1..k (with one cause, 1 exactly when {@link #event}). */
        int cause(int i);

        /** The level of categorical covariate k in row i, null when missing. */
        String level(int k, int i);

        /** The value of numeric covariate k in row i, NaN when missing. */
        double number(int k, int i);

        /**
         * The day time-varying covariate k switches on in row i (from the start of follow-up), or
         * {@code Integer.MIN_VALUE} when it never does or is not time-varying.
         */
        int switchDay(int k, int i);
    }


    /** Threads for the Cox fits of this many rows: parallel only where it pays off. */
    static int coxThreads(int rows) {
        return rows >= PARALLEL_MIN_ROWS ? ParallelTasks.THREADS : 1;
    }

    /**
     * The multivariable fit and, with more than one covariate, each covariate's univariate fit. The fits are
     * independent, so with more than one thread they run in parallel; each is a pure function of the rows, so the
     * result is the same as fitting one after the other. {@code afterEachFit} hears how long each fit took. The
     * summary's basis is null: the caller sets it.
     */
    static CoxSummary cox(AnalysisDefinition def, CoxRows sorted, int minCellSize, int threads,
            java.util.function.LongConsumer afterEachFit) {
        CoxSpec spec = def.cox().orElseThrow();
        CoxOptions options = CoxOptions.withTies(spec.ties() == CoxSpec.Ties.BRESLOW ? CoxTies.BRESLOW : CoxTies.EFRON)
                .withConfidenceLevel(def.confidence().level());
        String ties = spec.ties() == CoxSpec.Ties.BRESLOW ? "breslow" : "efron";
        List<CovariateSpec> covariates = spec.covariates();
        List<List<Integer>> models = new ArrayList<>();
        models.add(java.util.stream.IntStream.range(0, covariates.size()).boxed().toList());
        if (covariates.size() > 1) {
            for (int k = 0; k < covariates.size(); k++) {
                models.add(List.of(k));
            }
        }
        boolean general = spec.general();
        List<java.util.function.Supplier<Fitted>> tasks = new ArrayList<>();
        for (int m = 0; m < models.size(); m++) {
            List<Integer> model = models.get(m);
            boolean withPh = m == 0; // the proportional-hazards test of the multivariable model
            tasks.add(() -> {
                long t0 = System.nanoTime();
                Fitted f = general ? GeneralCoxModel.fit(def, model, sorted, options, minCellSize, false, withPh)
                        : fit(covariates, model, sorted, options, minCellSize, withPh ? spec.transform() : null);
                afterEachFit.accept(System.nanoTime() - t0);
                return f;
            });
        }
        if (spec.timeVarying()) {
            // The same multivariable model with the time-varying covariates fixed: the comparison of Table 4.
            tasks.add(() -> {
                long t0 = System.nanoTime();
                Fitted f = GeneralCoxModel.fit(def, models.get(0), sorted, options, minCellSize, true, true);
                afterEachFit.accept(System.nanoTime() - t0);
                return f;
            });
        }
        List<Fitted> fitted = ParallelTasks.runAll(tasks, Math.max(1, threads));
        Fitted multi = fitted.get(0);
        List<String> warnings = new ArrayList<>(multi.warnings);
        List<AnalysisResult.CoxTerm> univariate = new ArrayList<>();
        for (int m = 1; m < models.size(); m++) {
            Fitted alone = fitted.get(m);
            univariate.addAll(alone.terms);
            // Each covariate's own model can fail or diverge where the multivariable one does not: say so.
            String label = covariates.get(m - 1).variable().label();
            alone.warnings.stream().filter(w -> !multi.warnings.contains(w))
                    .forEach(w -> warnings.add("univariate " + label + ": " + w));
        }
        if (!general) {
            if (multi.fit == null) {
                return new CoxSummary(ties, multi.n, multi.events, multi.terms, null, null, null, null, false,
                        warnings, univariate, List.of(), null, List.of(), null, null, null, List.of(), null);
            }
            CoxFit f = multi.fit;
            return new CoxSummary(ties, f.n(), f.events(), multi.terms, test(f.likelihoodRatio()), test(f.wald()),
                    test(f.score()), orNull(f.concordance().concordance()), f.converged(), warnings, univariate,
                    List.of(), null, List.of(), null, proportionalHazards(multi.zph), null, List.of(), null);
        }
        List<String> strata = spec.strata().stream().map(Variable::label).toList();
        String cluster = spec.cluster().map(Variable::label).orElse(null);
        List<String> varying = def.timeVarying().stream().map(Variable::label).toList();
        AnalysisResult.FixedModel fixed = null;
        if (spec.timeVarying()) {
            Fitted f = fitted.get(models.size());
            f.warnings.stream().filter(w -> !multi.warnings.contains(w)).forEach(w -> warnings.add("fixed: " + w));
            fixed = new AnalysisResult.FixedModel(f.terms, f.fit != null && f.fit.converged(),
                    proportionalHazards(f.zph));
        }
        long t0 = System.nanoTime();
        List<AnalysisResult.SimonMakuch> curves = SimonMakuchCurves.of(def, sorted, minCellSize);
        afterEachFit.accept(System.nanoTime() - t0);
        if (multi.fit == null) {
            return new CoxSummary(ties, multi.n, multi.events, multi.terms, null, null, null, null, false, warnings,
                    univariate, strata, cluster, varying, null, null, fixed, curves, null);
        }
        CoxFit f = multi.fit;
        return new CoxSummary(ties, multi.n, multi.events, multi.terms, test(f.likelihoodRatio()), test(f.wald()),
                test(f.score()), orNull(f.concordance().concordance()), f.converged(), warnings, univariate, strata,
                cluster, varying, f.robustScore() == null ? null : test(f.robustScore()), proportionalHazards(multi.zph),
                fixed, curves, null);
    }

    /** R's cox.zph table as published; null without a test. */
    private static AnalysisResult.ProportionalHazards proportionalHazards(ZphResult z) {
        if (z == null) {
            return null;
        }
        List<AnalysisResult.PhTest> rows = z.terms().stream().map(AnalysisEngine::phTest).toList();
        return new AnalysisResult.ProportionalHazards(Labels.of(z.transform()), rows, phTest(z.global()));
    }

    private static AnalysisResult.PhTest phTest(ZphResult.Row r) {
        return new AnalysisResult.PhTest(r.term(), orNull(r.chiSquare()), r.df(), orNull(r.p()));
    }

    /**
     * One model's fit (null when it could not be fitted), its published terms, the complete cases it used (also
     * when not fitted) and its warnings.
     */
    record Fitted(CoxFit fit, List<AnalysisResult.CoxTerm> terms, int n, int events, List<String> warnings,
            ZphResult zph) {}

    /**
     * One model on the given covariates (indexes into {@code covariates}), fitted as R's {@code coxph} fits it
     * alone: on the rows complete for these covariates, each factor coded with the levels those rows have and,
     * unless configured, the first of them as reference ({@link DesignMatrix.Builder}); aliased terms as R
     * ({@link CoxRegression}). What cannot be fitted (no complete case, a factor with one level, an absent
     * reference, no event) is a warning with the model's real counts, never an exception.
     */
    private static Fitted fit(List<CovariateSpec> covariates, List<Integer> model, CoxRows rows, CoxOptions options,
            int minCellSize, ZphTransform phTransform) {
        int n = rows.size();
        DesignMatrix.Builder design = design(covariates, model, rows);
        double[] time = new double[n];
        boolean[] event = new boolean[n];
        for (int i = 0; i < n; i++) {
            time[i] = rows.timeDays(i);
            event[i] = rows.event(i);
        }
        int[] complete = design.completeRows();
        if (complete.length > 0 && java.util.Arrays.stream(complete).noneMatch(i -> event[i])) {
            // R's coxph then reports every coefficient NA on 0 df; said here without a count (a univariate model's
            // complete cases are not published and may be a small cell).
            return unfitted(rows, design, "not fitted: no events among the complete cases (R: every coefficient NA)");
        }
        DesignMatrix.Columns matrix;
        CoxFit fit;
        try {
            matrix = design.buildColumns();
            fit = CoxRegression.fit(time, event, matrix, options);
        } catch (IllegalArgumentException e) {
            // No complete case, a factor with one level or an absent reference among them, no event: R stops too
            // (or, without events, reports every coefficient NA); here a result with the counts and a warning.
            return unfitted(rows, design, "not fitted: " + e.getMessage());
        }
        List<AnalysisResult.CoxTerm> terms = new ArrayList<>();
        for (DesignMatrix.Term t : matrix.terms()) {
            org.followupmonitor.survival.CoxTerm ct = fit.term(t.name());
            // A level is shown only when enough of the model's complete cases have it.
            boolean suppressed = t.level() != null && t.rows() < minCellSize;
            Function<Double, Double> show = v -> suppressed ? null : orNull(v);
            terms.add(new AnalysisResult.CoxTerm(t.name(), t.covariate(), t.level(), t.reference(), suppressed,
                    ct.aliased(), show.apply(ct.coef()), show.apply(ct.se()), show.apply(ct.hazardRatio()),
                    show.apply(ct.lower()), show.apply(ct.upper()), show.apply(ct.p())));
        }
        ZphResult zph = null;
        if (phTransform != null) {
            try {
                zph = CoxZph.test(fit, CoxResponse.rightCensored(time, event), matrix, phTransform);
            } catch (IllegalArgumentException e) {
                zph = null; // every term aliased: R's cox.zph has nothing to test either
            }
        }
        return new Fitted(fit, terms, fit.n(), fit.events(), fit.warnings(), zph);
    }

    /**
     * The design of one model on the given covariates (indexes into {@code covariates}): each factor with the levels
     * the rows have, in the variable's declared order, and its configured reference (shared by Cox and Fine-Gray).
     */
    static DesignMatrix.Builder design(List<CovariateSpec> covariates, List<Integer> model, CoxRows rows) {
        int n = rows.size();
        DesignMatrix.Builder design = DesignMatrix.builder(n);
        for (int k : model) {
            CovariateSpec c = covariates.get(k);
            String label = c.variable().label();
            if (c.variable().isNumeric()) {
                double[] values = new double[n];
                for (int i = 0; i < n; i++) {
                    values[i] = rows.number(k, i);
                }
                design.numeric(label, values);
            } else {
                String[] values = new String[n];
                java.util.Set<String> levels = new java.util.HashSet<>();
                for (int i = 0; i < n; i++) {
                    values[i] = rows.level(k, i);
                    if (values[i] != null) {
                        levels.add(values[i]);
                    }
                }
                // In the variable's declared order; the design codes those present among the complete cases and
                // says so when a configured reference is not among them.
                c.reference().ifPresent(levels::add);
                List<String> ordered = new ArrayList<>(levels);
                ordered.sort(CohortCounts.levelOrder(Optional.of(c.variable())));
                design.categorical(label, values, ordered, c.reference().orElse(null));
            }
        }
        return design;
    }

    /** A model that could not be fitted: its complete cases and events, and why. */
    private static Fitted unfitted(CoxRows rows, DesignMatrix.Builder design, String why) {
        int[] complete = design.completeRows();
        int events = 0;
        for (int i : complete) {
            events += rows.event(i) ? 1 : 0;
        }
        return new Fitted(null, List.of(), complete.length, events, List.of(why), null);
    }

    private static Test test(CoxTest t) {
        return new Test(orNull(t.statistic()), t.df(), orNull(t.p()));
    }

    /** Labels of enum constants as the YAML writes them. */
    static final class Labels {
        private Labels() {}

        static String of(Enum<?> e) {
            return org.followupmonitor.events.Labels.label(e);
        }
    }
}
