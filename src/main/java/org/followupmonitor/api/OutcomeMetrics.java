package org.followupmonitor.api;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.followupmonitor.alerts.Alert;
import org.followupmonitor.alerts.AlertEvaluator;
import org.followupmonitor.analysis.AlertRule;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.AnalysisResult.GroupResult;
import org.followupmonitor.analysis.AnalysisResult.Milestone;
import org.followupmonitor.analysis.AnalysisResult.MonitoringStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcome metrics on {@code /metrics}: per analysis and group, read at scrape time from what this instance
 * publishes as the owner of each analysis ({@link AnalysisQueries#owned}): the published {@link AnalysisResult}
 * and the published alert log, nothing else. A number that the result leaves out (a suppressed cell, a null) has
 * no series, so a scrape shows nothing beyond the published results, and whatever disclosure control shapes the
 * published result shapes the metrics too. Only analyses this instance owns are shown, so with several instances
 * each analysis' series come from one of them.
 *
 * <p>A suppressed cohort has no series at all; a suppressed group has no group series (subjects, events,
 * survival, alert states). Names follow Prometheus' conventions: the unit last ({@code _ratio} for a fraction,
 * {@code _z} for a standard-normal statistic, none for a count of patients), gauges throughout (a cohort's counts
 * can fall: retractions, erasures), no {@code _total}.
 */
public final class OutcomeMetrics implements MultiCollector {
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeMetrics.class);

    public static final String COHORT_SUBJECTS = "followup_cohort_subjects";
    public static final String COHORT_EVENTS = "followup_cohort_endpoint_events";
    public static final String GROUP_SUBJECTS = "followup_group_subjects";
    public static final String GROUP_EVENTS = "followup_group_endpoint_events";
    public static final String SURVIVAL = "followup_survival_ratio";
    public static final String SURVIVAL_LOWER = "followup_survival_lower_ratio";
    public static final String SURVIVAL_UPPER = "followup_survival_upper_ratio";
    public static final String LOG_RANK_P = "followup_logrank_p_value";
    public static final String MONITORING_Z = "followup_monitoring_z";
    public static final String MONITORING_BOUNDARY = "followup_monitoring_boundary_z";
    public static final String INFORMATION = "followup_monitoring_information_ratio";
    public static final String COMPLETENESS = "followup_completeness_ratio";
    public static final String ALERT_RAISED = "followup_alert_raised";

    /** Family name → help text, in the order of the scrape. */
    private static final Map<String, String> HELP = new LinkedHashMap<>();

    static {
        HELP.put(COHORT_SUBJECTS, "Patients with a subject row in the analysis, as published");
        HELP.put(COHORT_EVENTS, "Endpoint events in the analysis, as published");
        HELP.put(GROUP_SUBJECTS, "Patients in the group, as published (none for a suppressed group)");
        HELP.put(GROUP_EVENTS, "Endpoint events in the group, as published (none for a suppressed group)");
        HELP.put(SURVIVAL, "Kaplan-Meier survival of the group at the milestone, as published");
        HELP.put(SURVIVAL_LOWER, "Lower 95% confidence limit of survival at the milestone, as published");
        HELP.put(SURVIVAL_UPPER, "Upper 95% confidence limit of survival at the milestone, as published");
        HELP.put(LOG_RANK_P, "P-value of the analysis' (stratified) log-rank test over all groups");
        HELP.put(MONITORING_Z, "Current log-rank z of sequential monitoring (between formal looks for information only)");
        HELP.put(MONITORING_BOUNDARY, "Current two-sided Lan-DeMets boundary on the z scale");
        HELP.put(INFORMATION, "Information fraction of sequential monitoring: observed / planned endpoint events");
        HELP.put(COMPLETENESS, "Follow-up completeness of the analysis (Clark's C), as published");
        HELP.put(ALERT_RAISED, "1 while the alert condition is raised in the published alert log, else 0");
    }

    private final List<AnalysisDefinition> analyses;
    private final AnalysisQueries queries;
    private final Function<AnalysisResult, Double> completeness;

    /**
     * @param analyses the configured analyses (their names and alert rules)
     * @param queries  where the published results and alert logs are read
     */
    public OutcomeMetrics(List<AnalysisDefinition> analyses, AnalysisQueries queries) {
        this(analyses, queries, OutcomeMetrics::clarksC);
    }

    /** As the public constructor, reading Clark's C with {@code completeness} (tests give a result one). */
    OutcomeMetrics(List<AnalysisDefinition> analyses, AnalysisQueries queries,
            Function<AnalysisResult, Double> completeness) {
        this.analyses = List.copyOf(analyses);
        this.queries = Objects.requireNonNull(queries, "queries");
        this.completeness = Objects.requireNonNull(completeness, "completeness");
    }

    /** Clark's C over the cohort as the published result carries it, or null when it carries none. */
    static Double clarksC(AnalysisResult result) {
        return result.followUp() == null ? null : result.followUp().completeness();
    }

    /** The family names this collector may write, for the registry's duplicate-name check. */
    @Override
    public List<String> getPrometheusNames() {
        return List.copyOf(HELP.keySet());
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, List<GaugeDataPointSnapshot>> points = new LinkedHashMap<>();
        HELP.keySet().forEach(name -> points.put(name, new ArrayList<>()));
        for (AnalysisDefinition def : analyses) {
            try {
                Optional<AnalysisQueries.Owned> owned = queries.owned(def.name());
                owned.ifPresent(o -> add(points, def, o.result(), o.alerts()));
            } catch (RuntimeException e) {
                // One analysis that cannot be read must not take the instance's other metrics with it.
                LOG.warn("metrics of analysis {} skipped this scrape: {}", def.name(), e.toString());
            }
        }
        List<MetricSnapshot> families = new ArrayList<>();
        points.forEach((name, list) -> {
            if (!list.isEmpty()) {
                GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(HELP.get(name));
                list.forEach(b::dataPoint);
                families.add(b.build());
            }
        });
        return new MetricSnapshots(families);
    }

    private void add(Map<String, List<GaugeDataPointSnapshot>> points, AnalysisDefinition def, AnalysisResult r,
            List<Alert> alerts) {
        if (r.suppressed()) {
            return; // the whole cohort is a suppressed cell
        }
        String a = def.name();
        put(points, COHORT_SUBJECTS, r.subjects(), "analysis", a);
        put(points, COHORT_EVENTS, r.events(), "analysis", a);
        for (GroupResult g : r.groups()) {
            if (g.suppressed()) {
                continue;
            }
            put(points, GROUP_SUBJECTS, g.n(), "analysis", a, "group", g.group());
            put(points, GROUP_EVENTS, g.events(), "analysis", a, "group", g.group());
            for (Milestone m : g.milestones()) {
                String day = Integer.toString(m.time());
                put(points, SURVIVAL, m.survival(), "analysis", a, "group", g.group(), "milestone_days", day);
                put(points, SURVIVAL_LOWER, m.lower(), "analysis", a, "group", g.group(), "milestone_days", day);
                put(points, SURVIVAL_UPPER, m.upper(), "analysis", a, "group", g.group(), "milestone_days", day);
            }
        }
        if (r.logRank() != null) {
            put(points, LOG_RANK_P, r.logRank().pValue(), "analysis", a);
        }
        MonitoringStatus m = r.monitoring();
        if (m != null) {
            put(points, MONITORING_Z, m.z(), "analysis", a);
            put(points, MONITORING_BOUNDARY, m.boundary(), "analysis", a);
            put(points, INFORMATION, m.informationFraction(), "analysis", a);
        }
        put(points, COMPLETENESS, completeness.apply(r), "analysis", a);
        alertStates(points, def, r, alerts);
    }

    /**
     * One series per alert condition of the analysis' rules: per published (not suppressed) group for
     * milestone-below, one for the whole analysis otherwise. The state is the newest entry of the alert log for
     * that condition: 1 when it says raised, 0 for any other state or when the log holds none.
     */
    private static void alertStates(Map<String, List<GaugeDataPointSnapshot>> points, AnalysisDefinition def,
            AnalysisResult r, List<Alert> alerts) {
        java.util.Set<List<String>> seen = new java.util.HashSet<>();
        for (AlertRule rule : def.alerts()) {
            String label = AlertEvaluator.label(rule.rule());
            Map<String, Double> parameters = parameters(rule);
            List<String> groups = new ArrayList<>();
            if (rule.rule() == AlertRule.Kind.MILESTONE_BELOW || rule.rule() == AlertRule.Kind.INCIDENCE_ABOVE) {
                r.groups().stream().filter(g -> !g.suppressed()).forEach(g -> groups.add(g.group()));
            } else {
                groups.add(null);
            }
            for (String group : groups) {
                if (!seen.add(java.util.Arrays.asList(label, group, text(parameters)))) {
                    continue; // an identical rule twice is one condition, as the evaluator counts it
                }
                boolean raised = alerts.stream()
                        .filter(al -> al.rule().equals(label) && Objects.equals(al.group(), group)
                                && parameters.entrySet().stream()
                                        .allMatch(p -> p.getValue().equals(al.values().get(p.getKey()))))
                        .findFirst()
                        .map(al -> "raised".equals(al.state()))
                        .orElse(false);
                put(points, ALERT_RAISED, raised ? 1.0 : 0.0, "analysis", def.name(), "rule", label,
                        "group", group == null ? "" : group, "parameters", text(parameters));
            }
        }
    }

    /**
     * A rule's parameters under the names the alert's {@code values} use for them; two rules of one kind differ
     * in them, and so does the {@code parameters} label of their series.
     */
    private static Map<String, Double> parameters(AlertRule rule) {
        Map<String, Double> p = new LinkedHashMap<>();
        rule.milestoneDays().ifPresent(v -> p.put("milestoneDays", (double) v));
        rule.threshold().ifPresent(v -> p.put("threshold", v));
        rule.days().ifPresent(v -> p.put("days", (double) v));
        rule.completenessBelow().ifPresent(v -> p.put("completenessBelow", v));
        rule.excludedAbove().ifPresent(v -> p.put("excludedAbove", v));
        return p;
    }

    /** {@code milestoneDays=1826,threshold=0.7}: whole numbers without a decimal point. */
    private static String text(Map<String, Double> parameters) {
        StringBuilder s = new StringBuilder();
        parameters.forEach((k, v) -> {
            if (!s.isEmpty()) {
                s.append(',');
            }
            s.append(k).append('=');
            if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                s.append((long) v.doubleValue());
            } else {
                s.append(v);
            }
        });
        return s.toString();
    }

    private static void put(Map<String, List<GaugeDataPointSnapshot>> points, String family, Number value,
            String... labels) {
        if (value == null) {
            return; // undefined or not published: no series, never a made-up 0
        }
        points.get(family).add(GaugeDataPointSnapshot.builder().value(value.doubleValue())
                .labels(Labels.of(labels)).build());
    }
}
