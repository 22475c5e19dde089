package org.followupmonitor.analysis;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything published about one analysis: the object {@code analyze --format json} prints per
 * analysis, the REST API serves at {@code /api/analyses/{name}} and the streaming app publishes. It
 * holds aggregates only, never a patient identifier. Undefined numbers are {@code null}.
 *
 * @param formatVersion bumped on any incompatible change of this shape
 * @param confidence the interval type and level every confidence limit in this result was computed with
 * @param asOf the analysis clock: the latest event date seen (ISO date), or null when empty
 * @param subjects patients contributing a subject row (null when withheld by disclosure control)
 * @param events endpoint events among them (null when withheld)
 * @param awaitingOrigin patients diagnosed and alive but not yet at the time origin: not an exclusion, they join
 *     the analysis when their origin event arrives (null when withheld)
 * @param excluded patients excluded from this analysis, by data-quality flag (a null count is withheld)
 * @param suppressed the analysis is withheld as a whole: no group is listed, no test published
 * @param groups one per group level, in a stable order
 * @param logRank the (stratified) log-rank over all groups; null with fewer than two groups
 * @param milestoneComparisons per milestone: the log-rank on data censored at the milestone
 * @param cox the Cox model, or null when the analysis declares none (or it is not fitted yet)
 * @param monitoring sequential-monitoring status, or null when not configured
 * @param followUp follow-up completeness, for analyses with a follow-up-overdue or milestone-below rule; else null
 * @param grayTest competing-risks endpoints: Gray's test per cause ({@code cmprsk::cuminc}'s {@code $Tests}),
 *     empty with fewer than two groups; null for other endpoints or when the cohort is suppressed
 * @param fineGray competing-risks endpoints with a Cox model: the Fine-Gray model of recurrence
 *     ({@code cmprsk::crr}); null otherwise (or while not computed)
 */
@JsonPropertyOrder({"formatVersion", "name", "endpoint", "origin", "groupBy", "strata", "confidence", "asOf",
        "subjects", "events", "awaitingOrigin", "excluded", "suppressed", "groups", "logRank", "milestoneComparisons",
        "cox", "monitoring", "followUp", "grayTest", "fineGray"})
public record AnalysisResult(
        int formatVersion,
        String name,
        String endpoint,
        String origin,
        String groupBy,
        List<String> strata,
        Confidence confidence,
        String asOf,
        Integer subjects,
        Integer events,
        Integer awaitingOrigin,
        Map<String, Integer> excluded,
        boolean suppressed,
        List<GroupResult> groups,
        LogRankSummary logRank,
        List<MilestoneComparison> milestoneComparisons,
        CoxSummary cox,
        MonitoringStatus monitoring,
        FollowUp followUp,
        List<GrayTest> grayTest,
        FineGraySummary fineGray) {

    /**
     * The version of this JSON shape; see the README's "JSON output" section. 2: counts withheld by disclosure
     * control may be any count (not only those below the minimum), including totals and exclusion counts
     * (null values in {@code excluded}, a null {@code awaitingOrigin} or {@code followUp}); an analysis withheld
     * as a whole lists no group.
     */
    public static final int FORMAT_VERSION = 2;

    /** A result of an endpoint without competing events (no Gray's test, no Fine-Gray model). */
    public AnalysisResult(int formatVersion, String name, String endpoint, String origin, String groupBy,
            List<String> strata, Confidence confidence, String asOf, Integer subjects, Integer events,
            Integer awaitingOrigin, Map<String, Integer> excluded, boolean suppressed, List<GroupResult> groups,
            LogRankSummary logRank, List<MilestoneComparison> milestoneComparisons, CoxSummary cox,
            MonitoringStatus monitoring, FollowUp followUp) {
        this(formatVersion, name, endpoint, origin, groupBy, strata, confidence, asOf, subjects, events,
                awaitingOrigin, excluded, suppressed, groups, logRank, milestoneComparisons, cox, monitoring, followUp,
                null, null);
    }

    public AnalysisResult {
        grayTest = grayTest == null ? null : List.copyOf(grayTest);
        Objects.requireNonNull(name, "name");
        strata = List.copyOf(strata);
        Objects.requireNonNull(confidence, "confidence");
        // Sorted, so every output lists the flags in the same order; a withheld count is null.
        excluded = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(excluded));
        groups = List.copyOf(groups);
        milestoneComparisons = List.copyOf(milestoneComparisons);
    }

    /**
     * The confidence intervals of a result: R's {@code conf.type} ({@code log}, {@code log-log}, {@code plain}) of
     * the Kaplan-Meier limits (curve, milestones, median) and the two-sided level of every limit, Cox's included.
     */
    @JsonPropertyOrder({"type", "level"})
    public record Confidence(String type, double level) {
        public Confidence {
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * One group level: its Kaplan-Meier curve and summaries (all null/empty when suppressed). With a competing-risks
     * endpoint the Kaplan-Meier part is cause-specific (competing events censor) and {@code cumulativeIncidence} has
     * the cumulative incidence of each cause; it is null for other endpoints and for a suppressed group.
     */
    @JsonPropertyOrder({"group", "suppressed", "n", "events", "curve", "milestones", "median", "restrictedMean",
            "cumulativeIncidence"})
    public record GroupResult(
            String group,
            boolean suppressed,
            Integer n,
            Integer events,
            List<CurvePoint> curve,
            List<Milestone> milestones,
            Median median,
            RestrictedMean restrictedMean,
            List<CumulativeIncidence> cumulativeIncidence) {
        public GroupResult {
            Objects.requireNonNull(group, "group");
            curve = List.copyOf(curve);
            milestones = List.copyOf(milestones);
            cumulativeIncidence = cumulativeIncidence == null ? null : List.copyOf(cumulativeIncidence);
        }

        /** A group of an endpoint without competing events. */
        public GroupResult(String group, boolean suppressed, Integer n, Integer events, List<CurvePoint> curve,
                List<Milestone> milestones, Median median, RestrictedMean restrictedMean) {
            this(group, suppressed, n, events, curve, milestones, median, restrictedMean, null);
        }

        /** A withheld group: named, nothing about it is published. */
        public static GroupResult suppressed(String group) {
            return new GroupResult(group, true, null, null, List.of(), List.of(), null, null, null);
        }
    }

    /**
     * The cumulative incidence of one cause in one group (Aalen-Johansen, as R's {@code survfit} with a factor
     * status): per distinct time of the group the number still event-free and at risk, the events of this cause,
     * the incidence with its standard error (infinitesimal jackknife) and limits (the analysis' confidence type,
     * applied to the incidence as R does); at each milestone the same read at the last time at or before it (null
     * past follow-up); the median, the time the incidence reaches 0.5 (null where it does not).
     *
     * @param cause {@code recurrence} or {@code death}
     * @param events the group's events of this cause
     */
    @JsonPropertyOrder({"cause", "events", "curve", "milestones", "median"})
    public record CumulativeIncidence(String cause, int events, List<IncidencePoint> curve,
            List<IncidenceMilestone> milestones, Median median) {
        public CumulativeIncidence {
            Objects.requireNonNull(cause, "cause");
            curve = List.copyOf(curve);
            milestones = List.copyOf(milestones);
        }
    }

    /** One distinct time of a cumulative-incidence curve. */
    @JsonPropertyOrder({"time", "atRisk", "events", "incidence", "stdErr", "lower", "upper"})
    public record IncidencePoint(int time, int atRisk, int events, Double incidence, Double stdErr, Double lower,
            Double upper) {}

    /** The cumulative incidence at a milestone; null past follow-up. */
    @JsonPropertyOrder({"time", "atRisk", "incidence", "stdErr", "lower", "upper"})
    public record IncidenceMilestone(int time, Integer atRisk, Double incidence, Double stdErr, Double lower,
            Double upper) {}

    /** Gray's test of equal cumulative incidence of one cause across the groups (stratified as the analysis). */
    @JsonPropertyOrder({"cause", "chiSquare", "df", "pValue"})
    public record GrayTest(String cause, Double chiSquare, int df, Double pValue) {
        public GrayTest {
            Objects.requireNonNull(cause, "cause");
        }
    }

    /**
     * The Fine-Gray proportional subdistribution hazards model of {@code cause} (R's {@code cmprsk::crr}) on the Cox
     * model's covariates, fitted to its complete cases ({@code n}, with {@code events} of the cause and
     * {@code competing} events of the other). Terms as the Cox model's ({@code se} is crr's robust standard error,
     * the hazard ratio a subdistribution hazard ratio); a level with fewer patients than the privacy minimum is
     * suppressed. crr has no strata, clusters or time-varying covariates: the model's time-varying covariates enter
     * at their status over the whole follow-up, and a warning says so. {@code basis} says which cohort it was fitted
     * on.
     */
    @JsonPropertyOrder({"cause", "n", "events", "competing", "terms", "converged", "warnings", "basis"})
    public record FineGraySummary(String cause, int n, int events, int competing, List<CoxTerm> terms,
            boolean converged, List<String> warnings, Basis basis) {
        public FineGraySummary {
            Objects.requireNonNull(cause, "cause");
            terms = List.copyOf(terms);
            warnings = List.copyOf(warnings);
        }

        /** The same fit with another basis. */
        public FineGraySummary withBasis(Basis b) {
            return new FineGraySummary(cause, n, events, competing, terms, converged, warnings, b);
        }
    }

    /**
     * One distinct time of the Kaplan-Meier table. {@code stdErr} is the standard error of S(t)
     * as R's {@code summary.survfit} prints it (Greenwood); limits are for the configured CI type.
     */
    @JsonPropertyOrder({"time", "atRisk", "events", "censored", "survival", "stdErr", "lower", "upper"})
    public record CurvePoint(int time, int atRisk, int events, int censored, Double survival, Double stdErr,
            Double lower, Double upper) {}

    /** Survival at a milestone: the value at the last event time at or before it; null past follow-up. */
    @JsonPropertyOrder({"time", "atRisk", "survival", "stdErr", "lower", "upper"})
    public record Milestone(int time, Integer atRisk, Double survival, Double stdErr, Double lower, Double upper) {}

    /** Median survival with its confidence limits by R's rules; null where a curve never reaches 0.5. */
    @JsonPropertyOrder({"estimate", "lower", "upper"})
    public record Median(Double estimate, Double lower, Double upper) {}

    /** Restricted mean survival time up to {@code horizon} days, with its standard error. */
    @JsonPropertyOrder({"horizon", "estimate", "stdErr"})
    public record RestrictedMean(int horizon, Double estimate, Double stdErr) {}

    /** A chi-square test with its degrees of freedom and upper-tail p-value. */
    @JsonPropertyOrder({"statistic", "df", "pValue"})
    public record Test(Double statistic, int df, Double pValue) {}

    /** Log-rank as R's {@code survdiff}: observed and expected per group (in group order). */
    @JsonPropertyOrder({"chiSquare", "df", "pValue", "stratified", "rho", "observed", "expected"})
    public record LogRankSummary(Double chiSquare, int df, Double pValue, boolean stratified, double rho,
            List<Double> observed, List<Double> expected) {
        public LogRankSummary {
            observed = List.copyOf(observed);
            expected = List.copyOf(expected);
        }
    }

    /**
     * At one milestone: the log-rank on the data administratively censored there (the per-milestone
     * p the reference study reports), and for two groups the z-test of the difference in survival.
     */
    @JsonPropertyOrder({"time", "logRank", "differenceZ", "differencePValue"})
    public record MilestoneComparison(int time, LogRankSummary logRank, Double differenceZ,
            Double differencePValue) {}

    /**
     * Cox proportional hazards as R's {@code coxph}: the multivariable model in {@code terms} and
     * its tests, and in {@code univariate} the terms of one model per covariate alone (the
     * "univariate analysis" column of the study's Table 4). Each model is fitted to its own complete
     * cases (the subjects with every covariate of that model known); {@code n} and {@code events} count
     * those of the multivariable model, also when it could not be fitted. Tests count only estimated
     * (not aliased) terms in their df; they are null when the model was not fitted. {@code basis} says which
     * cohort it was fitted on.
     *
     * <p>With time-varying covariates every model is fitted to the subjects' (start, stop] intervals (R's
     * {@code tmerge} data; {@code n} counts subjects, not intervals), {@code fixed} is the multivariable model with
     * those covariates fixed at their status over the whole follow-up (the comparison that shows immortal-time bias),
     * and {@code simonMakuch} has the survival curves by current exposure. With {@code cluster}, {@code wald} and
     * the terms' limits and p use the robust variance and {@code robustScore} is R's robust score test.
     *
     * @param strata the stratification variables (a baseline hazard per combination), empty without
     * @param cluster the cluster variable of the robust variance, null without
     * @param timeVarying the covariates that take their current value over follow-up, empty without
     * @param robustScore R's robust score test, null without clusters (or when not fitted)
     * @param proportionalHazards R's {@code cox.zph} of the multivariable model, null when it was not fitted
     * @param fixed the multivariable model with the time-varying covariates fixed, null without any
     * @param simonMakuch per time-varying covariate, the curves by its current level; empty without
     * @param basis the cohort it was fitted on (clock, subjects, events, stale), null where not known
     */
    @JsonPropertyOrder({"ties", "n", "events", "terms", "likelihoodRatio", "wald", "score", "concordance",
            "converged", "warnings", "univariate", "strata", "cluster", "timeVarying", "robustScore",
            "proportionalHazards", "fixed", "simonMakuch", "basis"})
    public record CoxSummary(String ties, int n, int events, List<CoxTerm> terms, Test likelihoodRatio, Test wald,
            Test score, Double concordance, boolean converged, List<String> warnings, List<CoxTerm> univariate,
            List<String> strata, String cluster, List<String> timeVarying, Test robustScore,
            ProportionalHazards proportionalHazards, FixedModel fixed, List<SimonMakuch> simonMakuch,
            Basis basis) {
        public CoxSummary {
            terms = List.copyOf(terms);
            warnings = List.copyOf(warnings);
            univariate = List.copyOf(univariate);
            strata = List.copyOf(strata == null ? List.of() : strata);
            timeVarying = List.copyOf(timeVarying == null ? List.of() : timeVarying);
            simonMakuch = List.copyOf(simonMakuch == null ? List.of() : simonMakuch);
        }

        /** A model without strata, clusters, time-varying covariates or proportional-hazards test. */
        public CoxSummary(String ties, int n, int events, List<CoxTerm> terms, Test likelihoodRatio, Test wald,
                Test score, Double concordance, boolean converged, List<String> warnings, List<CoxTerm> univariate) {
            this(ties, n, events, terms, likelihoodRatio, wald, score, concordance, converged, warnings, univariate,
                    List.of(), null, List.of(), null, null, null, List.of(), null);
        }

        /** The same fit with another basis. */
        public CoxSummary withBasis(Basis b) {
            return new CoxSummary(ties, n, events, terms, likelihoodRatio, wald, score, concordance, converged,
                    warnings, univariate, strata, cluster, timeVarying, robustScore, proportionalHazards, fixed,
                    simonMakuch, b);
        }
    }

    /**
     * What a part computed from individual subjects (Cox model, look history, follow-up) reflects: the analysis
     * clock, the subjects with a row and their endpoint events at the time it was computed, and whether the cohort
     * has changed since ({@code stale}: the streaming app recomputes such parts at a pace set by their cost, so they
     * may lag the counts-based parts for a while; the batch analysis is never stale).
     */
    @JsonPropertyOrder({"asOf", "subjects", "events", "stale"})
    public record Basis(String asOf, int subjects, int events, boolean stale) {
        /** The same basis, marked stale or not. */
        public Basis withStale(boolean s) {
            return new Basis(asOf, subjects, events, s);
        }
    }

    /**
     * One model term; {@code reference} names the reference level of a categorical covariate. A level
     * with fewer patients than the privacy minimum is {@code suppressed}: its numbers are null. An
     * {@code aliased} term is a linear combination of earlier terms among the model's complete cases (R's
     * {@code NA} coefficient): its numbers are null and the model's warnings name it. {@code se} is the model-based
     * standard error; with clusters {@code robustSe} is R's robust one, which then gives the limits and p.
     */
    @JsonPropertyOrder({"term", "covariate", "level", "reference", "suppressed", "aliased", "coef", "se", "robustSe",
            "hazardRatio", "lower", "upper", "pValue"})
    public record CoxTerm(String term, String covariate, String level, String reference, boolean suppressed,
            boolean aliased, Double coef, Double se, Double robustSe, Double hazardRatio, Double lower, Double upper,
            Double pValue) {
        /** A term of a model without clusters. */
        public CoxTerm(String term, String covariate, String level, String reference, boolean suppressed,
                boolean aliased, Double coef, Double se, Double hazardRatio, Double lower, Double upper,
                Double pValue) {
            this(term, covariate, level, reference, suppressed, aliased, coef, se, null, hazardRatio, lower, upper,
                    pValue);
        }
    }

    /**
     * R's {@code cox.zph} table: per covariate (a factor is one row on levels - 1 df) the score test of proportional
     * hazards against the time transform, and the global test.
     */
    @JsonPropertyOrder({"transform", "terms", "global"})
    public record ProportionalHazards(String transform, List<PhTest> terms, PhTest global) {
        public ProportionalHazards {
            Objects.requireNonNull(transform, "transform");
            terms = List.copyOf(terms);
        }
    }

    /** One row of the proportional-hazards table; numbers null where R's {@code cox.zph} gives none. */
    @JsonPropertyOrder({"term", "chiSquare", "df", "pValue"})
    public record PhTest(String term, Double chiSquare, int df, Double pValue) {}

    /**
     * The multivariable model with every time-varying covariate fixed at its status over the whole follow-up
     * (received at any time), on the same subjects: what a fixed "arm" reports, beside the time-varying estimate.
     */
    @JsonPropertyOrder({"terms", "converged", "proportionalHazards"})
    public record FixedModel(List<CoxTerm> terms, boolean converged, ProportionalHazards proportionalHazards) {
        public FixedModel {
            terms = List.copyOf(terms);
        }
    }

    /**
     * Survival by the current level of a time-varying covariate (Simon &amp; Makuch 1984): Kaplan-Meier on the
     * subjects' (start, stop] intervals split at that covariate's change, as R's
     * {@code survfit(Surv(tstart, tstop, event) ~ level)}; a patient moves from one curve to the other at the change.
     */
    @JsonPropertyOrder({"covariate", "groups"})
    public record SimonMakuch(String covariate, List<ExposureGroup> groups) {
        public SimonMakuch {
            Objects.requireNonNull(covariate, "covariate");
            groups = List.copyOf(groups);
        }
    }

    /**
     * One level's curve: {@code subjects} who spent time at this level, their {@code events} at it, and per stop time
     * the number at risk (intervals open then), events, intervals ending without event and the survival with its
     * interval. Suppressed, with nothing else, when fewer subjects than the privacy minimum spent time at the level.
     */
    @JsonPropertyOrder({"group", "suppressed", "subjects", "events", "curve"})
    public record ExposureGroup(String group, boolean suppressed, Integer subjects, Integer events,
            List<CurvePoint> curve) {
        public ExposureGroup {
            Objects.requireNonNull(group, "group");
            curve = List.copyOf(curve);
        }
    }

    /**
     * Group-sequential monitoring for a data-monitoring committee. Formal looks are data cuts (see {@link Look});
     * {@code looks} is their history and {@code crossed} says whether one of them crossed its boundary (a decision:
     * later data cannot undo it). {@code observedEvents}, {@code informationFraction} (observed / planned, capped at 1)
     * and {@code z} describe the data now; between looks z is for information only. {@code boundary} is the latest
     * look's (null before the first, or when it spends no alpha). {@code basis} says what the look history reflects.
     */
    @JsonPropertyOrder({"plannedEvents", "observedEvents", "informationFraction", "spending", "alpha", "lookStep",
            "z", "boundary", "crossed", "looks", "basis"})
    public record MonitoringStatus(int plannedEvents, int observedEvents, Double informationFraction, String spending,
            double alpha, double lookStep, Double z, Double boundary, boolean crossed, List<Look> looks, Basis basis) {
        public MonitoringStatus {
            looks = List.copyOf(looks);
        }
    }

    /**
     * One formal look: a data cut at {@code cutDate}, the first event date on which the observed endpoint events
     * reached the look's share of the planned events; its statistics are those of the data as the registry held them
     * that day. {@code informationFraction} = events / planned, capped at 1; {@code boundary} the two-sided
     * Lan-DeMets boundary given the actual fractions of this and every earlier look (null when the look spends no
     * alpha); {@code alphaSpent} the cumulative two-sided alpha spent up to it; {@code final} the look that reached
     * the planned events (it spends all alpha left; no look follows it).
     */
    @JsonPropertyOrder({"look", "cutDate", "events", "informationFraction", "z", "boundary", "alphaSpent", "crossed",
            "final"})
    public record Look(int look, String cutDate, int events, double informationFraction, Double z, Double boundary,
            double alphaSpent, boolean crossed, @JsonProperty("final") boolean finalLook) {}

    /**
     * Follow-up completeness at the analysis clock (Clark's C, Clark, Altman &amp; De Stavola, Lancet 2002): over
     * the cohort ({@code completeness}, with {@code alive} patients), {@code overdue} patients for each
     * follow-up-overdue rule's days, and per group up to each milestone-below rule's milestone. {@code basis} says
     * which cohort it was computed from. A count that disclosure control withholds inside a published follow-up
     * part ({@code alive}, an overdue {@code patients}) is null and lies in 1 .. minimum - 1; the part as a whole
     * is null when the analysis withholds a group or its totals.
     */
    @JsonPropertyOrder({"alive", "completeness", "overdue", "milestones", "basis"})
    public record FollowUp(Integer alive, Double completeness, List<Overdue> overdue, List<MilestoneCompleteness> milestones,
            Basis basis) {
        public FollowUp {
            overdue = List.copyOf(overdue);
            milestones = List.copyOf(milestones);
        }
    }

    /** Alive patients with no contact for more than {@code days} before the clock. */
    @JsonPropertyOrder({"days", "patients"})
    public record Overdue(int days, Integer patients) {}

    /** Clark's C per group with follow-up cut at the milestone ({@code time} days from the start of follow-up). */
    @JsonPropertyOrder({"time", "groups"})
    public record MilestoneCompleteness(int time, List<GroupCompleteness> groups) {
        public MilestoneCompleteness {
            groups = List.copyOf(groups);
        }
    }

    /** One group's completeness; null when undefined or the group is below the privacy minimum. */
    @JsonPropertyOrder({"group", "completeness"})
    public record GroupCompleteness(String group, Double completeness) {}
}
