package org.followupmonitor.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.followupmonitor.survival.ConfidenceSpec;

/**
 * One survival analysis, as declared in the analyses YAML file (see docs/analyses.md).
 *
 * <p>All times (landmark, horizon, milestones, subject rows) are whole days. Horizon and milestones count
 * from the start of follow-up: the origin, or origin + landmark when a landmark is set.
 *
 * @param name unique id, lower case letters, digits and hyphens
 * @param description free text, may be empty
 * @param endpoint what counts as the event
 * @param origin where time starts
 * @param groupBy the compared groups; empty = one group {@code all}
 * @param strata stratification variables (stratified log-rank); categorical, not the group-by variable
 * @param filter restricts the cohort to subjects whose variable has the given level (e.g. subtype)
 * @param landmarkDays group by status at origin + landmark and follow from there; > 0
 * @param horizonDays administrative censoring; > 0
 * @param milestonesDays survival reported at these times, strictly increasing, > 0
 * @param cox the Cox model, if any
 * @param monitoring sequential monitoring of the group comparison, if any
 * @param alerts alert rules, possibly none
 * @param confidence pointwise Kaplan-Meier intervals (curves, milestones, median): R's {@code survfit}
 *     {@code conf.type} and {@code conf.int}; the level also sets the Cox hazard-ratio intervals (R's
 *     {@code summary(coxph, conf.int =)}). Default log, 0.95
 * @param rho Fleming-Harrington rho of the log-rank tests (R's {@code survdiff(rho =)}): 0 the log-rank, 1
 *     Peto-Peto; finite, {@code >= 0}
 */
public record AnalysisDefinition(String name, String description, Endpoint endpoint, Origin origin,
        Optional<Variable> groupBy, List<Variable> strata, Map<Variable, String> filter, OptionalInt landmarkDays,
        OptionalInt horizonDays, List<Integer> milestonesDays, Optional<CoxSpec> cox,
        Optional<Monitoring> monitoring, List<AlertRule> alerts, ConfidenceSpec confidence, double rho) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    public AnalysisDefinition {
        DefinitionProblems problems = new DefinitionProblems();
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add("name: '" + name
                    + "' must be lower-case letters, digits and hyphens, starting with a letter or digit");
        }
        description = description == null ? "" : description;
        if (endpoint == null) {
            problems.add("endpoint: required");
        }
        if (origin == null) {
            problems.add("origin: required");
        }
        groupBy = groupBy == null ? Optional.empty() : groupBy;
        groupBy.ifPresent(g -> requireCategorical(problems, "groupBy", g));
        strata = List.copyOf(strata == null ? List.of() : strata);
        for (Variable s : strata) {
            requireCategorical(problems, "strata", s);
            if (groupBy.isPresent() && groupBy.get() == s) {
                problems.add("strata: " + s.label() + " is already the groupBy variable");
            }
        }
        if (strata.stream().distinct().count() != strata.size()) {
            problems.add("strata: a variable appears twice");
        }
        Map<Variable, String> f = new EnumMap<>(Variable.class);
        if (filter != null) {
            filter.forEach((variable, level) -> {
                requireCategorical(problems, "filter", variable);
                variable.levels().ifPresent(levels -> {
                    if (!levels.contains(level)) {
                        problems.add("filter." + variable.label() + ": unknown level '" + level
                                + "'; expected one of " + String.join(", ", levels));
                    }
                });
                f.put(variable, level);
            });
        }
        filter = Collections.unmodifiableMap(f);
        landmarkDays = landmarkDays == null ? OptionalInt.empty() : landmarkDays;
        horizonDays = horizonDays == null ? OptionalInt.empty() : horizonDays;
        landmarkDays.ifPresent(v -> requirePositive(problems, "landmarkDays", v));
        horizonDays.ifPresent(v -> requirePositive(problems, "horizonDays", v));
        milestonesDays = List.copyOf(milestonesDays == null ? List.of() : milestonesDays);
        for (int i = 0; i < milestonesDays.size(); i++) {
            requirePositive(problems, "milestonesDays[" + i + "]", milestonesDays.get(i));
            if (i > 0 && milestonesDays.get(i) <= milestonesDays.get(i - 1)) {
                problems.add("milestonesDays[" + i + "]: must be larger than the one before");
            }
        }
        cox = cox == null ? Optional.empty() : cox;
        monitoring = monitoring == null ? Optional.empty() : monitoring;
        alerts = List.copyOf(alerts == null ? List.of() : alerts);
        if (alerts.stream().anyMatch(a -> a.rule() == AlertRule.Kind.BOUNDARY_CROSSED) && monitoring.isEmpty()) {
            problems.add("alerts: boundary-crossed needs a monitoring block");
        }
        if (alerts.stream().anyMatch(a -> a.rule() == AlertRule.Kind.INCIDENCE_ABOVE) && endpoint != null
                && !endpoint.competing()) {
            problems.add("alerts: incidence-above needs the endpoint recurrence-competing");
        }
        if (alerts.stream().anyMatch(a -> a.rule() == AlertRule.Kind.PH_VIOLATED) && cox.isEmpty()) {
            throw new IllegalArgumentException("alerts: ph-violated needs a cox model");
        }
        if (cox.isPresent() && cox.get().timeVarying()) {
            // A change of exposure is dated from the origin: it must be a date every patient has before any surgery
            // or therapy can matter, and a landmark already fixes the status at the landmark.
            if (origin != Origin.DIAGNOSIS && origin != Origin.SYSTEMIC_CONTROL) {
                throw new IllegalArgumentException("cox.covariates: a time-varying covariate needs origin diagnosis or "
                        + "systemic-control, not " + org.followupmonitor.events.Labels.label(origin));
            }
            if (landmarkDays.isPresent()) {
                throw new IllegalArgumentException("cox.covariates: a time-varying covariate and landmarkDays exclude "
                        + "each other (a landmark fixes the status at the landmark)");
            }
        }
        confidence = confidence == null ? ConfidenceSpec.DEFAULT : confidence;
        if (!(rho >= 0) || Double.isInfinite(rho)) {
            problems.add("rho: must be a finite number >= 0 (0 the log-rank, 1 Peto-Peto), was " + rho);
        }
        problems.throwIfAny();
    }

    /** Whether one of the analysis' alert rules is of this kind. */
    public boolean hasAlert(AlertRule.Kind kind) {
        return alerts.stream().anyMatch(a -> a.rule() == kind);
    }

    /**
     * The variables whose values a subject row carries for the Cox model: its covariates, in order, then its strata
     * and cluster variables (each once).
     */
    public List<Variable> covariates() {
        List<Variable> result = new ArrayList<>();
        cox.ifPresent(c -> {
            c.covariates().forEach(cv -> result.add(cv.variable()));
            for (Variable v : c.strata()) {
                if (!result.contains(v)) {
                    result.add(v);
                }
            }
            c.cluster().filter(v -> !result.contains(v)).ifPresent(result::add);
        });
        return result;
    }

    /** The time-varying Cox covariates, in model order (empty without). */
    public List<Variable> timeVarying() {
        List<Variable> result = new ArrayList<>();
        cox.ifPresent(c -> c.covariates().stream().filter(CovariateSpec::timeVarying)
                .forEach(cv -> result.add(cv.variable())));
        return result;
    }

    private static void requireCategorical(DefinitionProblems problems, String field, Variable v) {
        if (v.isNumeric()) {
            problems.add(field + ": " + v.label() + " is numeric; use a categorical variable");
        }
    }

    private static void requirePositive(DefinitionProblems problems, String field, int v) {
        if (v <= 0) {
            problems.add(field + ": must be > 0, was " + v);
        }
    }
}
