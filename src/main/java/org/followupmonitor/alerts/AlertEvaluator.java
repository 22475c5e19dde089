package org.followupmonitor.alerts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.followupmonitor.analysis.AlertRule;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.AnalysisResult.CurvePoint;
import org.followupmonitor.analysis.AnalysisResult.GroupResult;
import org.followupmonitor.analysis.AnalysisResult.MonitoringStatus;
import org.followupmonitor.analysis.Privacy;

/**
 * Turns an analysis' alert rules and its latest figures into alert state changes. A pure function of its
 * arguments: the same inputs and the returned state give no alert a second time, so a restart that reloads
 * the state from a store does not re-raise anything.
 *
 * <p>Conditions (one per rule, and per group for milestone-below):
 * <ul>
 *   <li>{@code milestone-below}: the group's Kaplan-Meier survival at the milestone is below the threshold
 *       and so is its upper confidence limit. The value is the result's milestone entry for that day, or else
 *       read off the curve as R's {@code summary(fit, times)} does (last time at or before the milestone;
 *       undefined past the last observation). Undefined survival or upper limit (e.g. S = 0) never holds.
 *       Suppressed groups never hold.</li>
 *   <li>{@code boundary-crossed}: the result's {@link MonitoringStatus#crossed()} (see
 *       {@link SequentialMonitor}); never a raw p &lt; 0.05.</li>
 *   <li>{@code follow-up-overdue}: at least one alive patient has had no contact for more than {@code days}
 *       before the analysis clock, and, when the rule has {@code completenessBelow}, Clark's C is defined and
 *       below it ({@link FollowUpSummary}). Without {@code completenessBelow}, any overdue patient holds.</li>
 *   <li>{@code data-quality}: the share of the population excluded by data-quality flags is above
 *       {@code excludedAbove}, or (when given) the complete share, 1 minus that, is below
 *       {@code completenessBelow} ({@link ExclusionCounts}). An empty population never holds.</li>
 *   <li>{@code ph-violated}: the published Cox model's global proportional-hazards test (R's {@code cox.zph}
 *       GLOBAL row, {@code cox.proportionalHazards.global}) has p below {@code pBelow} (default 0.01). Read from the
 *       published result only; a result without that test (no model, not fitted, suppressed) never holds.</li>
 * </ul>
 * A condition is raised when it starts to hold and resolved when it stops; a raised condition whose rule or
 * group disappeared is resolved too.
 *
 * <p>Disclosure control: a count from 1 to minCellSize - 1 is never put in a message or in values (the message
 * says "fewer than N"), and nor is a share that would reveal it. No patient identifier is ever used.
 */
public final class AlertEvaluator {
    private final int minCellSize;

    /**
     * @param privacy the disclosure settings whose minimum cell size applies to alerts
     * @throws IllegalArgumentException when privacy is null
     */
    public AlertEvaluator(Privacy privacy) {
        if (privacy == null) {
            throw new IllegalArgumentException("privacy settings are required; use Privacy.DEFAULT");
        }
        this.minCellSize = privacy.minCellSize();
    }

    /**
     * The alert state changes and the state after them.
     *
     * @param alerts state changes in key order (resolved and raised), empty when nothing changed
     * @param state  the conditions raised now: store it and pass it to the next evaluation
     */
    public record Evaluation(List<Alert> alerts, AlertState state) {
        public Evaluation {
            alerts = List.copyOf(alerts);
            Objects.requireNonNull(state, "state");
        }
    }

    /**
     * Evaluates every alert rule of the analysis.
     *
     * @param analysis   the definition whose rules apply
     * @param result     the result just computed for it; {@code asOf} is the clock and every alert's {@code at}
     * @param followUp   one record per analysed patient (see {@link FollowUpRecord#of}); may be empty; not changed
     *                   by the caller afterwards (a summary of the same collection is reused)
     * @param exclusions how all patients seen were derived
     * @param previous   the state the previous evaluation returned ({@link AlertState#EMPTY} at first)
     * @return the changes and the new state
     * @throws IllegalArgumentException when an argument is null, or a follow-up record lies after the clock
     */
    public Evaluation evaluate(AnalysisDefinition analysis, AnalysisResult result,
            Collection<FollowUpRecord> followUp, ExclusionCounts exclusions, AlertState previous) {
        if (analysis == null || result == null || followUp == null || exclusions == null || previous == null) {
            throw new IllegalArgumentException("analysis, result, followUp, exclusions and previous are required");
        }
        Map<String, Condition> conditions = new LinkedHashMap<>();
        for (AlertRule rule : analysis.alerts()) {
            List<Condition> found = switch (rule.rule()) {
                case MILESTONE_BELOW -> milestone(rule, result);
                case BOUNDARY_CROSSED -> List.of(boundary(rule, result));
                case FOLLOW_UP_OVERDUE -> List.of(followUp(rule, analysis, result, followUp));
                case DATA_QUALITY -> List.of(dataQuality(rule, exclusions));
                case PH_VIOLATED -> List.of(proportionalHazards(rule, result));
            };
            // Identical rules give identical keys and conditions: keep one.
            found.forEach(c -> conditions.putIfAbsent(c.key, c));
        }

        TreeSet<String> now = new TreeSet<>();
        conditions.values().stream().filter(c -> c.holds).forEach(c -> now.add(c.key));
        TreeSet<String> changed = new TreeSet<>(now);
        changed.addAll(previous.raised());
        List<Alert> alerts = new ArrayList<>();
        for (String key : changed) {
            boolean was = previous.isRaised(key);
            boolean is = now.contains(key);
            if (was == is) {
                continue;
            }
            Condition c = conditions.get(key);
            if (c == null) {
                alerts.add(new Alert(result.name(), AlertState.ruleOf(key), AlertState.groupOf(key), "resolved",
                        "no longer evaluated: the rule was removed or the group is no longer in the analysis",
                        Map.of(), result.asOf()));
            } else {
                alerts.add(new Alert(result.name(), c.rule, c.group, is ? "raised" : "resolved", c.message, c.values,
                        result.asOf()));
            }
        }
        return new Evaluation(alerts, new AlertState(now));
    }

    // ---- milestone-below ----

    private List<Condition> milestone(AlertRule rule, AnalysisResult result) {
        int day = rule.milestoneDays().orElseThrow();
        double threshold = rule.threshold().orElseThrow();
        String params = "milestoneDays=" + day + ",threshold=" + threshold;
        List<Condition> out = new ArrayList<>();
        for (GroupResult g : result.groups()) {
            String key = AlertState.key(label(rule.rule()), g.group(), params);
            Map<String, Double> values = new TreeMap<>();
            values.put("milestoneDays", (double) day);
            values.put("threshold", threshold);
            if (g.suppressed()) {
                out.add(new Condition(key, rule, g.group(), false, values, String.format(Locale.ROOT,
                        "group %s has fewer than %d subjects: survival at day %d is not published",
                        g.group(), minCellSize, day)));
                continue;
            }
            double[] est = survivalAt(g, day);
            if (est == null) {
                out.add(new Condition(key, rule, g.group(), false, values, String.format(Locale.ROOT,
                        "survival at day %d in group %s cannot be estimated (follow-up too short)", day, g.group())));
                continue;
            }
            double s = est[0];
            double lower = est[1];
            double upper = est[2];
            values.put("survival", s);
            if (!Double.isNaN(lower)) {
                values.put("lower", lower);
            }
            if (!Double.isNaN(upper)) {
                values.put("upper", upper);
            }
            boolean holds = s < threshold && upper < threshold;
            String ci = Double.isNaN(upper) ? "upper confidence limit undefined"
                    : String.format(Locale.ROOT, "confidence interval %s-%.3f",
                            Double.isNaN(lower) ? "NA" : String.format(Locale.ROOT, "%.3f", lower), upper);
            String message = holds
                    ? String.format(Locale.ROOT, "survival at day %d in group %s is %.3f (%s): below %s, upper "
                            + "confidence limit included", day, g.group(), s, ci, threshold)
                    : String.format(Locale.ROOT, "survival at day %d in group %s is %.3f (%s): not below %s with its "
                            + "upper confidence limit", day, g.group(), s, ci, threshold);
            out.add(new Condition(key, rule, g.group(), holds, values, message));
        }
        return out;
    }

    /** {survival, lower, upper} at the day (NaN for an undefined limit), or null when not estimable. */
    private static double[] survivalAt(GroupResult g, int day) {
        for (AnalysisResult.Milestone m : g.milestones()) {
            if (m.time() == day) {
                return m.survival() == null ? null : new double[] {m.survival(), nan(m.lower()), nan(m.upper())};
            }
        }
        List<CurvePoint> curve = g.curve();
        if (curve.isEmpty() || curve.get(curve.size() - 1).time() < day) {
            // Past the last observation R's summary(fit, times) drops the time: not estimable.
            return null;
        }
        CurvePoint at = null;
        for (CurvePoint p : curve) {
            if (p.time() <= day && p.events() > 0) {
                at = p;
            }
        }
        if (at == null) {
            return new double[] {1.0, 1.0, 1.0};
        }
        return at.survival() == null ? null : new double[] {at.survival(), nan(at.lower()), nan(at.upper())};
    }

    // ---- boundary-crossed ----

    private Condition boundary(AlertRule rule, AnalysisResult result) {
        String key = AlertState.key(label(rule.rule()), null, "");
        MonitoringStatus m = result.monitoring();
        Map<String, Double> values = new TreeMap<>();
        if (m == null) {
            return new Condition(key, rule, null, false, values, "no sequential-monitoring status was computed");
        }
        values.put("plannedEvents", (double) m.plannedEvents());
        values.put("looks", (double) m.looks());
        putCount(values, "observedEvents", m.observedEvents());
        if (m.informationFraction() != null && !hidden(m.observedEvents())) {
            values.put("informationFraction", m.informationFraction());
        }
        if (m.z() != null) {
            values.put("z", m.z());
        }
        if (m.boundary() != null) {
            values.put("boundary", m.boundary());
        }
        String shape = "pocock".equals(m.spending()) ? "Pocock-type" : "O'Brien-Fleming-type";
        String message;
        if (m.looks() == 0) {
            message = "no formal look yet: the information fraction has not reached the first look";
        } else if (m.z() == null) {
            message = "the log-rank z is undefined at look " + m.looks();
        } else if (m.boundary() == null) {
            message = String.format(Locale.ROOT, "log-rank z = %.3f; look %d spends no alpha (no finite boundary)",
                    m.z(), m.looks());
        } else {
            message = String.format(Locale.ROOT, "log-rank z = %.3f %s the %s boundary %.4f at formal look %d"
                    + "%s (Lan-DeMets, two-sided alpha spending)", m.z(), m.crossed() ? "crosses" : "is within",
                    shape, m.boundary(), m.looks(), hidden(m.observedEvents()) ? ""
                            : String.format(Locale.ROOT, ", information fraction %.3f", m.informationFraction()));
        }
        return new Condition(key, rule, null, m.crossed(), values, message);
    }

    // ---- ph-violated ----

    private Condition proportionalHazards(AlertRule rule, AnalysisResult result) {
        double level = rule.phLevel();
        String key = AlertState.key(label(rule.rule()), null, "pBelow=" + level);
        Map<String, Double> values = new TreeMap<>();
        values.put("pBelow", level);
        AnalysisResult.ProportionalHazards ph = result.cox() == null ? null : result.cox().proportionalHazards();
        if (ph == null || ph.global().pValue() == null) {
            return new Condition(key, rule, null, false, values,
                    "no proportional-hazards test in the published result (no fitted Cox model)");
        }
        AnalysisResult.PhTest global = ph.global();
        values.put("pValue", global.pValue());
        values.put("chiSquare", global.chiSquare());
        values.put("df", (double) global.df());
        boolean holds = global.pValue() < level;
        List<String> worst = new ArrayList<>();
        for (AnalysisResult.PhTest t : ph.terms()) {
            if (t.pValue() != null && t.pValue() < level) {
                worst.add(String.format(Locale.ROOT, "%s p = %.3g", t.term(), t.pValue()));
            }
        }
        String message = String.format(Locale.ROOT, "proportional-hazards test (scaled Schoenfeld residuals, %s "
                + "transform): global chi-square %.3f on %d df, p = %.3g, %s %s%s", ph.transform(), global.chiSquare(),
                global.df(), global.pValue(), holds ? "below" : "not below", level,
                worst.isEmpty() ? "" : "; terms below it: " + String.join(", ", worst));
        return new Condition(key, rule, null, holds, values, message);
    }

    // ---- follow-up-overdue ----

    /** The last follow-up summary and what it was made of: the same records and dates give the same summary. */
    private record SummaryMemo(Collection<FollowUpRecord> records, LocalDate asOf, int days,
            java.util.OptionalInt horizon, FollowUpSummary summary) {}

    /** Per analysis, its last summary. */
    private final Map<String, SummaryMemo> lastSummary = new java.util.HashMap<>();

    /**
     * {@link FollowUpSummary#of}, remembered per analysis for the same record collection (by identity: the
     * streaming app refreshes its collection only with the Cox model and never changes it afterwards, yet
     * evaluates the rule at every publication, and a summary walks the whole cohort) and the same dates.
     */
    private FollowUpSummary summary(String analysis, Collection<FollowUpRecord> records, LocalDate asOf, int days,
            java.util.OptionalInt horizon) {
        SummaryMemo m = lastSummary.get(analysis);
        if (m != null && m.records() == records && m.asOf().equals(asOf) && m.days() == days
                && m.horizon().equals(horizon)) {
            return m.summary();
        }
        FollowUpSummary s = FollowUpSummary.of(records, asOf, days, horizon);
        lastSummary.put(analysis, new SummaryMemo(records, asOf, days, horizon, s));
        return s;
    }

    private Condition followUp(AlertRule rule, AnalysisDefinition analysis, AnalysisResult result,
            Collection<FollowUpRecord> records) {
        int days = rule.days().orElseThrow();
        String params = "days=" + days
                + (rule.completenessBelow().isPresent() ? ",completenessBelow=" + rule.completenessBelow().getAsDouble()
                        : "");
        String key = AlertState.key(label(rule.rule()), null, params);
        Map<String, Double> values = new TreeMap<>();
        values.put("days", (double) days);
        rule.completenessBelow().ifPresent(v -> values.put("completenessBelow", v));
        if (result.asOf() == null) {
            return new Condition(key, rule, null, false, values, "no analysis clock yet (no events)");
        }
        FollowUpSummary s = summary(analysis.name(), records, LocalDate.parse(result.asOf()), days,
                analysis.horizonDays());
        putCount(values, "overdue", s.overdue());
        putCount(values, "alive", s.alive());
        if (!Double.isNaN(s.completeness())) {
            values.put("completeness", s.completeness());
        }
        boolean lowCompleteness = rule.completenessBelow().isEmpty()
                || (!Double.isNaN(s.completeness()) && s.completeness() < rule.completenessBelow().getAsDouble());
        boolean holds = s.overdue() > 0 && lowCompleteness;
        String who = count(s.overdue()) + " of " + count(s.alive()) + " patients alive";
        String c = Double.isNaN(s.completeness()) ? "follow-up completeness undefined (no potential follow-up)"
                : String.format(Locale.ROOT, "follow-up completeness (Clark's C) %.3f", s.completeness());
        String threshold = rule.completenessBelow().isEmpty() ? ""
                : (lowCompleteness ? " below " : " not below ") + rule.completenessBelow().getAsDouble();
        String message = String.format(Locale.ROOT, "%s without contact for more than %d days at %s; %s%s",
                who, days, result.asOf(), c, threshold);
        return new Condition(key, rule, null, holds, values, message);
    }

    // ---- data-quality ----

    private Condition dataQuality(AlertRule rule, ExclusionCounts counts) {
        StringBuilder params = new StringBuilder();
        rule.excludedAbove().ifPresent(v -> params.append("excludedAbove=").append(v));
        rule.completenessBelow().ifPresent(v -> params.append(params.isEmpty() ? "" : ",")
                .append("completenessBelow=").append(v));
        String key = AlertState.key(label(rule.rule()), null, params.toString());
        Map<String, Double> values = new TreeMap<>();
        rule.excludedAbove().ifPresent(v -> values.put("excludedAbove", v));
        rule.completenessBelow().ifPresent(v -> values.put("completenessBelow", v));
        int bad = counts.dataQualityExcluded();
        int population = counts.population();
        double share = counts.excludedShare();
        if (Double.isNaN(share)) {
            return new Condition(key, rule, null, false, values, "no patients in the analysis yet");
        }
        boolean tooMany = rule.excludedAbove().isPresent() && share > rule.excludedAbove().getAsDouble();
        boolean tooFew = rule.completenessBelow().isPresent() && 1 - share < rule.completenessBelow().getAsDouble();
        putCount(values, "excluded", bad);
        putCount(values, "population", population);
        String shareText = "";
        if (!hidden(bad)) {
            // With the count suppressed the share would give it away (share x population), so it goes too.
            values.put("excludedShare", share);
            shareText = String.format(Locale.ROOT, " (%.1f%%)", 100 * share);
        }
        String limits = (rule.excludedAbove().isPresent()
                ? String.format(Locale.ROOT, "; limit %.1f%% excluded", 100 * rule.excludedAbove().getAsDouble()) : "")
                + (rule.completenessBelow().isPresent()
                ? String.format(Locale.ROOT, "; at least %.1f%% complete required",
                        100 * rule.completenessBelow().getAsDouble()) : "");
        String message = count(bad) + " of " + count(population) + " patients excluded by data-quality flags"
                + shareText + limits + ((tooMany || tooFew) ? ": above the limit" : ": within the limit");
        return new Condition(key, rule, null, tooMany || tooFew, values, message);
    }

    // ---- helpers ----

    /** The YAML label of a rule kind, e.g. milestone-below. */
    public static String label(AlertRule.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** True for a count that must not be published: 1 .. minCellSize - 1. */
    private boolean hidden(int n) {
        return n > 0 && n < minCellSize;
    }

    private String count(int n) {
        return hidden(n) ? "fewer than " + minCellSize : Integer.toString(n);
    }

    private void putCount(Map<String, Double> values, String name, int n) {
        if (!hidden(n)) {
            values.put(name, (double) n);
        }
    }

    private static double nan(Double v) {
        return v == null ? Double.NaN : v;
    }

    private record Condition(String key, String rule, String group, boolean holds, Map<String, Double> values,
            String message) {
        Condition(String key, AlertRule rule, String group, boolean holds, Map<String, Double> values, String message) {
            this(key, label(rule.rule()), group, holds, values, message);
        }
    }
}
