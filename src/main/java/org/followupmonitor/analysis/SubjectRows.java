package org.followupmonitor.analysis;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.followupmonitor.events.PatientTimeline;

/**
 * Derives a patient's {@link SubjectRow} for an analysis from their whole timeline. A pure function of
 * (timeline, definition), so batch and streaming share it and the result cannot depend on arrival order.
 *
 * <p>Conventions (DESIGN.md, "Analyses"):
 * <ul>
 *   <li>Censoring at the last date the patient was known alive: the latest date of any event in effect.</li>
 *   <li>Time in whole days between dates.</li>
 *   <li>Landmark L: group and therapy status are taken as of origin + L, only patients still at risk at
 *       origin + L are kept (event or censoring at exactly L is kept, with time 0) and time counts from
 *       there; this avoids immortal-time bias (Anderson, Cain &amp; Gelber, J Clin Oncol 1983;1:710-9).</li>
 *   <li>Horizon H: follow-up longer than H is censored at H (counted from the start of follow-up).</li>
 *   <li>The first Diagnosis (by date, then event id) is the patient's diagnosis.</li>
 * </ul>
 */
public final class SubjectRows {
    private SubjectRows() {
    }

    /** The derivation of one patient's row for one analysis; never throws for any timeline. */
    public static Derivation derive(PatientTimeline timeline, AnalysisDefinition analysis) {
        return derive(PatientFacts.of(timeline), analysis);
    }

    /**
     * The derivation from a patient's facts, collected once for all analyses; the same as
     * {@link #derive(PatientTimeline, AnalysisDefinition)} on the timeline the facts came from.
     */
    public static Derivation derive(PatientFacts facts, AnalysisDefinition analysis) {
        return derive(facts, Plan.of(analysis));
    }

    /**
     * As {@link #derive(PatientFacts, AnalysisDefinition)} with what the analysis' derivation needs worked out
     * already ({@link #plan}): the stream derives every analysis at every change and at each start.
     */
    public static Derivation derive(PatientFacts facts, Plan plan) {
        Lean row = new Lean(plan);
        DataQualityFlag flag = derive(facts, plan.analysis, row);
        if (flag != null) {
            return excluded(flag);
        }
        return new Derivation.Row(row.toRow());
    }

    /**
     * A subject row without maps, filled in place (the batch path derives millions): covariates by their
     * index in {@link AnalysisDefinition#covariates()}, a missing level null and a missing number NaN.
     */
    static final class Lean {
        int timeDays;
        boolean event;
        /** 0 censored, else the cause of the first event ({@link SubjectRow#cause()}); event is cause == 1. */
        int cause;
        String group;
        String stratum;
        final String[] levels;
        final double[] numbers;
        /** Per covariate: the day it switches on when it is time-varying, {@link #NEVER} otherwise. */
        final int[] switches;
        /** The analysis' covariates, asked for once (the definition makes the list on each call). */
        final List<Variable> covariates;
        /** Per covariate: whether it is time-varying in the analysis' Cox model. Shared: never written. */
        final boolean[] varying;
        /** No switch: the covariate is not time-varying, or never switches on. */
        static final int NEVER = Integer.MIN_VALUE;
        /** The analysis' filter as arrays: iterated for every patient. Shared: never written. */
        final Variable[] filterVariables;
        final String[] filterLevels;
        /** The analysis' covariates in the order of their labels, the order of a row's maps. Shared: never written. */
        final int[] byLabel;
        final String[] sortedLabels;
        /** Per covariate: whether it is numeric. Shared: never written. */
        final boolean[] numeric;

        Lean(AnalysisDefinition analysis) {
            this(Plan.of(analysis));
        }

        Lean(Plan shape) {
            numeric = shape.numeric;
            byLabel = shape.byLabel;
            sortedLabels = shape.sortedLabels;
            covariates = shape.covariates;
            levels = new String[covariates.size()];
            numbers = new double[covariates.size()];
            switches = new int[covariates.size()];
            java.util.Arrays.fill(switches, NEVER);
            varying = shape.varying;
            filterVariables = shape.filterVariables;
            filterLevels = shape.filterLevels;
        }

        /**
         * The row now in this, its maps made straight in key order: three {@code HashMap}s per row, then sorted into
         * the row's maps, were a fifth of deriving a patient's rows (JFR, {@code TimelineInitBenchmark}).
         */
        SubjectRow toRow() {
            int n = byLabel.length;
            String[] keys = new String[n];
            Object[] values = new Object[n];
            int m = 0;
            for (int j = 0; j < n; j++) {
                int k = byLabel[j];
                if (!numeric[k] && levels[k] != null) {
                    keys[m] = sortedLabels[j];
                    values[m++] = levels[k];
                }
            }
            Map<String, String> factors = SubjectRowMap.ofSorted(keys, values, m);
            m = 0;
            for (int j = 0; j < n; j++) {
                int k = byLabel[j];
                if (numeric[k] && !Double.isNaN(numbers[k])) {
                    keys[m] = sortedLabels[j];
                    values[m++] = numbers[k];
                }
            }
            Map<String, Double> numberMap = SubjectRowMap.ofSorted(keys, values, m);
            m = 0;
            for (int j = 0; j < n; j++) {
                int k = byLabel[j];
                if (switches[k] != NEVER) {
                    keys[m] = sortedLabels[j];
                    values[m++] = switches[k];
                }
            }
            Map<String, Integer> switchMap = SubjectRowMap.ofSorted(keys, values, m);
            return new SubjectRow(timeDays, event, group, stratum, factors, numberMap, switchMap, cause);
        }
    }

    /** What deriving rows for the analysis needs of it, worked out once; hold one per analysis rather than ask. */
    public static Plan plan(AnalysisDefinition analysis) {
        return new Plan(analysis);
    }

    /**
     * What a {@link Lean} row needs of its analysis, worked out once per definition object: the stream derives
     * a row per analysis for every event, and building the covariate lists, the time-varying flags and the
     * filter arrays each time took about a tenth of its stream threads' time (JFR, {@code bench --scale}).
     * Immutable, so threads may share it. A caller that does not hold one ({@link #derive(PatientFacts,
     * AnalysisDefinition)}) finds it in a per-thread cache by identity (a definition is immutable; hashing a record
     * would walk all of it), at most {@link #CACHED} definitions per thread; that look-up was still 5-8% of rebuilding
     * a timeline task's shares (JFR, {@code TimelineInitBenchmark}), so the timeline processor holds its plans.
     */
    public static final class Plan {
        static final int CACHED = 256;
        private static final ThreadLocal<java.util.IdentityHashMap<AnalysisDefinition, Plan>> BY_DEFINITION =
                ThreadLocal.withInitial(java.util.IdentityHashMap::new);
        final AnalysisDefinition analysis;
        final List<Variable> covariates;
        final boolean[] numeric;
        final boolean[] varying;
        final Variable[] filterVariables;
        final String[] filterLevels;
        /** Covariate indexes in the order of their labels ({@link String#compareTo}), and those labels. */
        final int[] byLabel;
        final String[] sortedLabels;

        private Plan(AnalysisDefinition analysis) {
            this.analysis = analysis;
            covariates = List.copyOf(analysis.covariates());
            numeric = new boolean[covariates.size()];
            for (int k = 0; k < numeric.length; k++) {
                numeric[k] = covariates.get(k).isNumeric();
            }
            // A row's maps are keyed by label, and a definition names each covariate once (CoxSpec, covariates()).
            byLabel = java.util.stream.IntStream.range(0, covariates.size()).boxed()
                    .sorted(java.util.Comparator.comparing(k -> covariates.get(k).label()))
                    .mapToInt(Integer::intValue).toArray();
            sortedLabels = new String[byLabel.length];
            for (int j = 0; j < byLabel.length; j++) {
                sortedLabels[j] = covariates.get(byLabel[j]).label();
            }
            if (java.util.Set.copyOf(java.util.Arrays.asList(sortedLabels)).size() != sortedLabels.length) {
                throw new IllegalArgumentException("an analysis names a covariate twice");
            }
            varying = new boolean[covariates.size()];
            List<Variable> tv = analysis.timeVarying();
            for (int k = 0; k < varying.length; k++) {
                varying[k] = tv.contains(covariates.get(k));
            }
            filterVariables = analysis.filter().keySet().toArray(new Variable[0]);
            filterLevels = new String[filterVariables.length];
            for (int i = 0; i < filterVariables.length; i++) {
                filterLevels[i] = analysis.filter().get(filterVariables[i]);
            }
        }

        /** The analysis the plan is for. */
        public AnalysisDefinition analysis() {
            return analysis;
        }

        static Plan of(AnalysisDefinition analysis) {
            java.util.IdentityHashMap<AnalysisDefinition, Plan> cache = BY_DEFINITION.get();
            Plan s = cache.get(analysis);
            if (s == null) {
                if (cache.size() >= CACHED) {
                    cache.clear();
                }
                s = new Plan(analysis);
                cache.put(analysis, s);
            }
            return s;
        }
    }

    /**
     * Derives into {@code out}.
     *
     * @return null when the patient contributes the row now in {@code out}, else the exclusion flag
     */
    static DataQualityFlag derive(PatientFacts facts, AnalysisDefinition analysis, Lean out) {
        if (facts.isEmpty()) {
            return DataQualityFlag.EMPTY_TIMELINE;
        }
        if (!facts.hasDiagnosis()) {
            return DataQualityFlag.NO_DIAGNOSIS;
        }
        LocalDate origin = origin(facts, analysis.origin());
        // Status "as of" the landmark when there is one; otherwise at any time.
        LocalDate cut = origin == null || analysis.landmarkDays().isEmpty() ? null
                : origin.plusDays(analysis.landmarkDays().getAsInt());
        // The filter first, so a sub-cohort analysis reports data-quality problems of its own patients only.
        for (int i = 0; i < out.filterVariables.length; i++) {
            if (!out.filterLevels[i].equals(facts.categorical(out.filterVariables[i], cut))) {
                return DataQualityFlag.OUTSIDE_FILTER;
            }
        }
        if (facts.datedAfterAsOf) {
            return DataQualityFlag.DATE_AFTER_AS_OF;
        }
        if (facts.conflictingDeaths) {
            return DataQualityFlag.CONFLICTING_DEATHS;
        }
        LocalDate diagnosed = facts.diagnosisDate;
        if (facts.death != null && facts.death.isBefore(diagnosed)) {
            return DataQualityFlag.DEATH_BEFORE_DIAGNOSIS;
        }
        if (facts.death != null && facts.lastEvent.isAfter(facts.death)) {
            return DataQualityFlag.EVENT_AFTER_DEATH;
        }
        if (facts.firstEvent.isBefore(diagnosed)) {
            return DataQualityFlag.EVENT_BEFORE_DIAGNOSIS;
        }
        if (origin == null) {
            // Alive without the origin event: not yet at it, as every patient is between diagnosis and origin.
            return facts.death == null ? DataQualityFlag.AWAITING_ORIGIN : DataQualityFlag.NO_ORIGIN_EVENT;
        }
        boolean countsRecurrence = analysis.endpoint() != Endpoint.OVERALL_SURVIVAL;
        if (countsRecurrence && facts.firstRecurrence != null && facts.firstRecurrence.isBefore(origin)) {
            return DataQualityFlag.RECURRENCE_BEFORE_ORIGIN;
        }
        String group = SubjectRow.ALL;
        if (analysis.groupBy().isPresent()) {
            group = facts.categorical(analysis.groupBy().get(), cut);
            if (group == null) {
                return DataQualityFlag.MISSING_GROUP;
            }
        }
        String stratum = "";
        List<Variable> strataVariables = analysis.strata();
        if (!strataVariables.isEmpty()) {
            StringBuilder strata = new StringBuilder();
            for (int i = 0; i < strataVariables.size(); i++) {
                Variable s = strataVariables.get(i);
                String level = facts.categorical(s, cut);
                if (level == null) {
                    return DataQualityFlag.MISSING_STRATUM;
                }
                strata.append(i == 0 ? "" : ",").append(s.label()).append('=').append(level);
            }
            stratum = strata.toString();
        }

        LocalDate eventDate = switch (analysis.endpoint()) {
            case OVERALL_SURVIVAL -> facts.death;
            case DISEASE_FREE -> earliest(facts.firstRecurrence, facts.death);
            case RECURRENCE, RECURRENCE_COMPETING -> facts.firstRecurrence;
        };
        boolean event = eventDate != null;
        int cause = event ? 1 : 0;
        if (!event && analysis.endpoint() == Endpoint.RECURRENCE_COMPETING && facts.death != null) {
            // Death without recurrence: the competing event, at the date the recurrence endpoint censors it.
            cause = 2;
        }
        // Censored at the last date known alive; after a death (recurrence endpoint) that is the death date,
        // because no event may follow a death.
        LocalDate end = event ? eventDate : facts.lastEvent;
        long time = end.toEpochDay() - origin.toEpochDay();
        if (analysis.landmarkDays().isPresent()) {
            int landmark = analysis.landmarkDays().getAsInt();
            if (time < landmark) {
                return cause != 0 ? DataQualityFlag.ENDPOINT_BEFORE_LANDMARK : DataQualityFlag.CENSORED_BEFORE_LANDMARK;
            }
            time -= landmark;
        }
        if (analysis.horizonDays().isPresent() && time > analysis.horizonDays().getAsInt()) {
            time = analysis.horizonDays().getAsInt();
            event = false;
            cause = 0;
        }
        List<Variable> covariates = out.covariates;
        for (int k = 0; k < covariates.size(); k++) {
            Variable v = covariates.get(k);
            if (v.isNumeric()) {
                Double value = facts.numeric(v);
                out.numbers[k] = value == null ? Double.NaN : value;
                out.levels[k] = null;
            } else {
                out.levels[k] = facts.categorical(v, cut);
                out.numbers[k] = Double.NaN;
            }
            if (out.varying[k]) {
                LocalDate on = facts.switchedOn(v);
                out.switches[k] = on == null ? Lean.NEVER : Math.toIntExact(on.toEpochDay() - origin.toEpochDay());
            }
        }
        out.timeDays = Math.toIntExact(time);
        out.event = event;
        out.cause = cause;
        out.group = group;
        out.stratum = stratum;
        return null;
    }

    /**
     * The date the given origin falls on in a patient's timeline (the same rule {@link #derive} uses), or empty
     * when the timeline has no diagnosis or no such event. Whether the patient qualifies for an analysis is
     * {@link #derive}'s answer, not this method's.
     */
    public static Optional<LocalDate> originDate(PatientTimeline timeline, Origin origin) {
        PatientFacts facts = PatientFacts.of(timeline);
        if (facts.isEmpty() || !facts.hasDiagnosis()) {
            return Optional.empty();
        }
        return Optional.ofNullable(origin(facts, origin));
    }

    /**
     * The start of follow-up of a patient with a row in the analysis (origin, plus the landmark when one is set);
     * null when the patient has no origin event.
     */
    static LocalDate followUpStart(PatientFacts facts, AnalysisDefinition analysis) {
        LocalDate origin = facts.hasDiagnosis() ? origin(facts, analysis.origin()) : null;
        return origin == null ? null : origin.plusDays(analysis.landmarkDays().orElse(0));
    }

    /**
     * The patient's row for the analysis as the registry held it on each date: on each date with an event in effect,
     * the derivation from the events dated on or before it (a data cut there sees exactly that). A pure function of
     * the timeline, so later events never change an entry dated before them.
     *
     * @return the history, or null when the patient has no row on any date
     */
    public static CutHistory cutHistory(PatientFacts facts, AnalysisDefinition analysis) {
        return cutHistory(facts, analysis, new Lean(analysis));
    }

    /** As {@link #cutHistory(PatientFacts, AnalysisDefinition)} with the analysis' plan. */
    public static CutHistory cutHistory(PatientFacts facts, Plan plan) {
        return cutHistory(facts, plan.analysis, new Lean(plan));
    }

    /** As {@link #cutHistory(PatientFacts, AnalysisDefinition)}, deriving into the caller's (reused) row. */
    static CutHistory cutHistory(PatientFacts facts, AnalysisDefinition analysis, Lean row) {
        CutHistory.Builder history = new CutHistory.Builder();
        facts.forEachDate((date, asOf) -> {
            DataQualityFlag flag = derive(asOf, analysis, row);
            if (flag == null) {
                history.row(date, row.timeDays, row.event, row.group, row.stratum);
            } else {
                history.none(date);
            }
        });
        return history.build();
    }

    private static LocalDate origin(PatientFacts facts, Origin origin) {
        return switch (origin) {
            case DIAGNOSIS -> facts.diagnosisDate;
            case SYSTEMIC_CONTROL -> facts.firstControl;
            case SURGERY -> facts.firstSurgery;
            case INDEX -> facts.firstSurgery != null ? facts.firstSurgery : facts.firstControl;
        };
    }

    private static LocalDate earliest(LocalDate a, LocalDate b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isBefore(b) ? a : b;
    }

    /**
     * The patient's characteristics for a descriptive table (the study's Table 1): every variable's value
     * at the end of the timeline ({@code String} level or {@code Double}), absent when unknown. Empty when
     * there is no diagnosis in effect.
     */
    public static Map<Variable, Object> characteristics(PatientTimeline timeline) {
        return characteristics(PatientFacts.of(timeline));
    }

    /** {@link #characteristics(PatientTimeline)} from the patient's facts. */
    public static Map<Variable, Object> characteristics(PatientFacts facts) {
        if (!facts.hasDiagnosis()) {
            return Map.of();
        }
        Map<Variable, Object> out = new EnumMap<>(Variable.class);
        for (Variable v : Variable.values()) {
            Object value = v.isNumeric() ? facts.numeric(v) : facts.categorical(v, null);
            if (value != null) {
                out.put(v, value);
            }
        }
        return out;
    }

    /** One value per flag: a derivation is immutable, and most patients are excluded from most sub-cohort analyses. */
    private static final Derivation.Excluded[] EXCLUDED = java.util.Arrays.stream(DataQualityFlag.values())
            .map(Derivation.Excluded::new).toArray(Derivation.Excluded[]::new);

    private static Derivation excluded(DataQualityFlag flag) {
        return EXCLUDED[flag.ordinal()];
    }
}
