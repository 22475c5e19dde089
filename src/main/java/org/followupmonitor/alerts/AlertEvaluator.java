package org.followupmonitor.alerts;

import java.util.ArrayList;
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
import org.followupmonitor.analysis.AnalysisResult.FollowUp;
import org.followupmonitor.analysis.AnalysisResult.GroupResult;
import org.followupmonitor.analysis.AnalysisResult.Look;
import org.followupmonitor.analysis.AnalysisResult.MonitoringStatus;
import org.followupmonitor.analysis.Privacy;

/**
 * Turns an analysis' alert rules and its published result into alert state changes. A pure function of (the
 * definition, the result, the previous state): everything a rule needs is in the result (the follow-up part, the
 * look history, the exclusion counts), and an alert carries no number that is not in it, so evaluating the rules on
 * a result released under disclosure control leaks nothing the result does not show. The same inputs and the
 * returned state give no alert a second time, so a restart that reloads the state from a store does not re-raise
 * anything.
 *
 * <p>Conditions (one per rule, and per group for milestone-below), each raised, held pending follow-up, or clear:
 * <ul>
 *   <li>{@code milestone-below}: the group's Kaplan-Meier survival at the milestone is below the threshold and so is
 *       its upper confidence limit (the result's milestone entry for that day, or else read off the curve as R's
 *       {@code summary(fit, times)} does; undefined past the last observation, and an undefined survival or upper
 *       limit never holds; suppressed groups never hold). It is then raised only when the group's follow-up up to
 *       the milestone is complete enough (Clark's C at least the rule's {@code completenessAtLeast}, default 0.8) and
 *       at least the privacy minimum are at risk at the milestone; otherwise it is {@code pending-follow-up}: during
 *       a replay or with follow-up lagging, an estimate below the threshold is often an artefact of the missing
 *       contacts, not of the patients.</li>
 *   <li>{@code boundary-crossed}: a formal look of the result's look history crossed its Lan-DeMets boundary
 *       ({@link SequentialMonitor}); the condition is the first such look (its number is in the key,
 *       {@code boundary-crossed||look=k}) and the alert carries that look's numbers. Looks are data cuts, so events
 *       dated after a look never change it: once raised, the alert is resolved only when events dated on or before
 *       that look's cut date arrive late (or are retracted) and revise it, with a message saying so. Never a raw
 *       p &lt; 0.05.</li>
 *   <li>{@code follow-up-overdue}: at least one alive patient has had no contact for more than {@code days} before
 *       the analysis clock, and, when the rule has {@code completenessBelow}, Clark's C is defined and below it.</li>
 *   <li>{@code data-quality}: the share of the population excluded by data-quality flags is above
 *       {@code excludedAbove}, or (when given) the complete share, 1 minus that, is below {@code completenessBelow}
 *       ({@link ExclusionCounts}); patients awaiting their time origin are not in the population. An empty or
 *       suppressed cohort never holds.</li>
 *   <li>{@code ph-violated}: the published Cox model's global proportional-hazards test (R's {@code cox.zph}
 *       GLOBAL row, {@code cox.proportionalHazards.global}) has p below {@code pBelow} (default 0.01). Read from the
 *       published result only; a result without that test (no model, not fitted, suppressed) never holds.</li>
 *   <li>{@code incidence-above}: the group's cumulative incidence of the rule's cause at the milestone (the result's
 *       milestone entry: the Aalen-Johansen estimate at the last time at or before it) has its lower confidence limit
 *       above the threshold, so the excess is not an artefact of chance. An undefined estimate or lower limit, a
 *       suppressed group or a result without cumulative incidences never holds.</li>
 * </ul>
 * A change of a condition's state gives one alert with the new state ({@code raised}, {@code pending-follow-up},
 * {@code resolved} when it stops holding); a raised or pending condition whose rule or group disappeared is
 * resolved too.
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
     * @param alerts state changes in key order, empty when nothing changed
     * @param state  the conditions raised and pending now: store it and pass it to the next evaluation
     */
    public record Evaluation(List<Alert> alerts, AlertState state) {
        public Evaluation {
            alerts = List.copyOf(alerts);
            Objects.requireNonNull(state, "state");
        }
    }

    private enum Level { CLEAR, PENDING, RAISED }

    /**
     * Evaluates every alert rule of the analysis on its result.
     *
     * @param analysis the definition whose rules apply
     * @param result   the result just published for it; {@code asOf} is the clock and every alert's {@code at}
     * @param previous the state the previous evaluation returned ({@link AlertState#EMPTY} at first)
     * @return the changes and the new state
     * @throws IllegalArgumentException when an argument is null
     */
    public Evaluation evaluate(AnalysisDefinition analysis, AnalysisResult result, AlertState previous) {
        if (analysis == null || result == null || previous == null) {
            throw new IllegalArgumentException("analysis, result and previous are required");
        }
        Map<String, Condition> conditions = new LinkedHashMap<>();
        for (AlertRule rule : analysis.alerts()) {
            List<Condition> found = switch (rule.rule()) {
                case MILESTONE_BELOW -> milestone(rule, result);
                case BOUNDARY_CROSSED -> boundary(rule, result, previous);
                case FOLLOW_UP_OVERDUE -> List.of(followUp(rule, result));
                case DATA_QUALITY -> List.of(dataQuality(rule, result));
                case PH_VIOLATED -> List.of(proportionalHazards(rule, result));
                case INCIDENCE_ABOVE -> incidence(rule, result);
            };
            // Identical rules give identical keys and conditions: keep one.
            found.forEach(c -> conditions.putIfAbsent(c.key, c));
        }

        TreeSet<String> raised = new TreeSet<>();
        TreeSet<String> pending = new TreeSet<>();
        conditions.values().forEach(c -> {
            if (c.level == Level.RAISED) {
                raised.add(c.key);
            } else if (c.level == Level.PENDING) {
                pending.add(c.key);
            }
        });
        TreeSet<String> keys = new TreeSet<>(conditions.keySet());
        keys.addAll(previous.raised());
        keys.addAll(previous.pending());
        List<Alert> alerts = new ArrayList<>();
        for (String key : keys) {
            Level was = previous.isRaised(key) ? Level.RAISED : previous.isPending(key) ? Level.PENDING : Level.CLEAR;
            Condition c = conditions.get(key);
            Level is = c == null ? Level.CLEAR : c.level;
            if (was == is) {
                continue;
            }
            if (c == null) {
                alerts.add(new Alert(result.name(), AlertState.ruleOf(key), AlertState.groupOf(key), Alert.RESOLVED,
                        "no longer evaluated: the rule was removed or the group is no longer in the analysis",
                        Map.of(), result.asOf()));
            } else {
                String state = switch (is) {
                    case RAISED -> Alert.RAISED;
                    case PENDING -> Alert.PENDING;
                    case CLEAR -> Alert.RESOLVED;
                };
                alerts.add(new Alert(result.name(), c.rule, c.group, state, c.message, c.values, result.asOf()));
            }
        }
        return new Evaluation(alerts, new AlertState(raised, pending));
    }

    // ---- milestone-below ----

    private List<Condition> milestone(AlertRule rule, AnalysisResult result) {
        int day = rule.milestoneDays().orElseThrow();
        double threshold = rule.threshold().orElseThrow();
        double atLeast = rule.completenessAtLeastOrDefault();
        String params = "milestoneDays=" + day + ",threshold=" + threshold
                + (rule.completenessAtLeast().isPresent() ? ",completenessAtLeast=" + atLeast : "");
        List<Condition> out = new ArrayList<>();
        for (GroupResult g : result.groups()) {
            String key = AlertState.key(label(rule.rule()), g.group(), params);
            Map<String, Double> values = new TreeMap<>();
            values.put("milestoneDays", (double) day);
            values.put("threshold", threshold);
            values.put("completenessAtLeast", atLeast);
            if (g.suppressed()) {
                out.add(new Condition(key, rule, g.group(), Level.CLEAR, values, String.format(Locale.ROOT,
                        "group %s has fewer than %d subjects: survival at day %d is not published",
                        g.group(), minCellSize, day)));
                continue;
            }
            Estimate est = survivalAt(g, day);
            if (est == null) {
                out.add(new Condition(key, rule, g.group(), Level.CLEAR, values, String.format(Locale.ROOT,
                        "survival at day %d in group %s cannot be estimated (follow-up too short)", day, g.group())));
                continue;
            }
            values.put("survival", est.survival);
            if (!Double.isNaN(est.lower)) {
                values.put("lower", est.lower);
            }
            if (!Double.isNaN(est.upper)) {
                values.put("upper", est.upper);
            }
            putCount(values, "atRisk", est.atRisk);
            Double completeness = completenessTo(result.followUp(), day, g.group());
            if (completeness != null) {
                values.put("completeness", completeness);
            }
            boolean below = est.survival < threshold && est.upper < threshold;
            String ci = Double.isNaN(est.upper) ? "upper confidence limit undefined"
                    : String.format(Locale.ROOT, "confidence interval %s-%.3f",
                            Double.isNaN(est.lower) ? "NA" : String.format(Locale.ROOT, "%.3f", est.lower), est.upper);
            String estimate = String.format(Locale.ROOT, "survival at day %d in group %s is %.3f (%s)", day, g.group(),
                    est.survival, ci);
            if (!below) {
                out.add(new Condition(key, rule, g.group(), Level.CLEAR, values, estimate
                        + String.format(Locale.ROOT, ": not below %s with its upper confidence limit", threshold)));
                continue;
            }
            String held = null;
            if (completeness == null) {
                held = String.format(Locale.ROOT, "follow-up completeness to day %d is not known yet", day);
            } else if (completeness < atLeast) {
                held = String.format(Locale.ROOT, "follow-up to day %d is only %.3f complete (Clark's C; at least %s "
                        + "needed)", day, completeness, atLeast);
            } else if (est.atRisk < minCellSize) {
                held = String.format(Locale.ROOT, "fewer than %d patients are at risk at day %d", minCellSize, day);
            }
            if (held != null) {
                out.add(new Condition(key, rule, g.group(), Level.PENDING, values, estimate
                        + String.format(Locale.ROOT, ": below %s, held pending follow-up: %s", threshold, held)));
            } else {
                out.add(new Condition(key, rule, g.group(), Level.RAISED, values, estimate + String.format(Locale.ROOT,
                        ": below %s, upper confidence limit included; follow-up to day %d %.3f complete", threshold,
                        day, completeness)));
            }
        }
        return out;
    }

    // ---- incidence-above ----

    private List<Condition> incidence(AlertRule rule, AnalysisResult result) {
        int day = rule.milestoneDays().orElseThrow();
        double threshold = rule.threshold().orElseThrow();
        String cause = rule.causeOrDefault();
        String params = "milestoneDays=" + day + ",threshold=" + threshold + ",cause=" + cause;
        List<Condition> out = new ArrayList<>();
        for (GroupResult g : result.groups()) {
            String key = AlertState.key(label(rule.rule()), g.group(), params);
            Map<String, Double> values = new TreeMap<>();
            values.put("milestoneDays", (double) day);
            values.put("threshold", threshold);
            if (g.suppressed() || g.cumulativeIncidence() == null) {
                out.add(new Condition(key, rule, g.group(), Level.CLEAR, values, String.format(Locale.ROOT,
                        "group %s: the cumulative incidence of %s at day %d is not published", g.group(), cause,
                        day)));
                continue;
            }
            AnalysisResult.IncidenceMilestone m = g.cumulativeIncidence().stream()
                    .filter(c -> c.cause().equals(cause)).flatMap(c -> c.milestones().stream())
                    .filter(x -> x.time() == day).findFirst().orElse(null);
            if (m == null || m.incidence() == null) {
                out.add(new Condition(key, rule, g.group(), Level.CLEAR, values, String.format(Locale.ROOT,
                        "the cumulative incidence of %s at day %d in group %s cannot be estimated (follow-up too "
                                + "short)", cause, day, g.group())));
                continue;
            }
            values.put("incidence", m.incidence());
            if (m.lower() != null) {
                values.put("lower", m.lower());
            }
            if (m.upper() != null) {
                values.put("upper", m.upper());
            }
            if (m.atRisk() != null) {
                putCount(values, "atRisk", m.atRisk());
            }
            boolean above = m.lower() != null && m.lower() > threshold;
            String estimate = String.format(Locale.ROOT, "cumulative incidence of %s at day %d in group %s is %.3f "
                    + "(confidence interval %s-%s)", cause, day, g.group(), m.incidence(),
                    m.lower() == null ? "NA" : String.format(Locale.ROOT, "%.3f", m.lower()),
                    m.upper() == null ? "NA" : String.format(Locale.ROOT, "%.3f", m.upper()));
            out.add(new Condition(key, rule, g.group(), above ? Level.RAISED : Level.CLEAR, values, estimate
                    + (above ? String.format(Locale.ROOT, ": above %s with its lower confidence limit", threshold)
                            : String.format(Locale.ROOT, ": lower confidence limit not above %s", threshold))));
        }
        return out;
    }

    /** Survival, limits (NaN when undefined) and number at risk at a day. */
    private record Estimate(double survival, double lower, double upper, int atRisk) {}

    /** The estimate at the day, or null when not estimable. */
    private static Estimate survivalAt(GroupResult g, int day) {
        for (AnalysisResult.Milestone m : g.milestones()) {
            if (m.time() == day) {
                return m.survival() == null ? null : new Estimate(m.survival(), nan(m.lower()), nan(m.upper()),
                        m.atRisk() == null ? 0 : m.atRisk());
            }
        }
        List<CurvePoint> curve = g.curve();
        if (curve.isEmpty() || curve.get(curve.size() - 1).time() < day) {
            // Past the last observation R's summary(fit, times) drops the time: not estimable.
            return null;
        }
        CurvePoint at = null;
        int atRisk = 0;
        for (CurvePoint p : curve) {
            if (p.time() <= day && p.events() > 0) {
                at = p;
            }
            if (atRisk == 0 && p.time() >= day) {
                atRisk = p.atRisk(); // R's n.risk at a time: those still followed then
            }
        }
        if (at == null) {
            return new Estimate(1.0, 1.0, 1.0, atRisk);
        }
        return at.survival() == null ? null : new Estimate(at.survival(), nan(at.lower()), nan(at.upper()), atRisk);
    }

    /** The group's Clark's C up to the milestone from the result's follow-up part; null when not there. */
    private static Double completenessTo(FollowUp followUp, int day, String group) {
        if (followUp == null) {
            return null;
        }
        for (AnalysisResult.MilestoneCompleteness m : followUp.milestones()) {
            if (m.time() == day) {
                for (AnalysisResult.GroupCompleteness c : m.groups()) {
                    if (c.group().equals(group)) {
                        return c.completeness();
                    }
                }
            }
        }
        return null;
    }

    // ---- boundary-crossed ----

    /**
     * The boundary rule's conditions. The condition is the first crossing look (its number is part of the key), so a
     * crossing is raised once, with that look's numbers. A look is never changed by events dated after its cut date,
     * so a raised crossing is resolved only when late-arriving or retracted events dated on or before its cut date
     * revise that look: then it is resolved with a message saying so, and a look that now crosses first, if any, is
     * raised on its own.
     */
    private List<Condition> boundary(AlertRule rule, AnalysisResult result, AlertState previous) {
        String label = label(rule.rule());
        MonitoringStatus m = result.monitoring();
        List<Condition> out = new ArrayList<>();
        if (m == null) {
            out.add(new Condition(AlertState.key(label, null, ""), rule, null, Level.CLEAR, new TreeMap<>(),
                    "no sequential-monitoring status was computed"));
            return out;
        }
        String shape = "pocock".equals(m.spending()) ? "Pocock-type" : "O'Brien-Fleming-type";
        Look first = m.looks().stream().filter(Look::crossed).findFirst().orElse(null);
        String raisedKey = first == null ? null : AlertState.key(label, null, "look=" + first.look());
        if (first != null) {
            Map<String, Double> values = new TreeMap<>();
            values.put("plannedEvents", (double) m.plannedEvents());
            putLook(values, first);
            String message = String.format(Locale.ROOT, "formal look %d (data cut %s%s): log-rank z = %.3f crosses the "
                    + "%s boundary %.4f (Lan-DeMets, two-sided alpha spent %.4g)", first.look(), first.cutDate(),
                    hidden(first.events()) ? "" : String.format(Locale.ROOT, ", %d events, information fraction %.3f",
                            first.events(), first.informationFraction()),
                    first.z(), shape, first.boundary(), first.alphaSpent());
            out.add(new Condition(raisedKey, rule, null, Level.RAISED, values, message));
        }
        for (String key : previous.raised()) {
            if (!AlertState.ruleOf(key).equals(label) || key.equals(raisedKey)) {
                continue;
            }
            // A crossing raised earlier that is no longer the first crossing look: revised by late data.
            Map<String, Double> values = new TreeMap<>();
            values.put("plannedEvents", (double) m.plannedEvents());
            int number = lookNumber(key);
            Look now = m.looks().stream().filter(l -> l.look() == number).findFirst().orElse(null);
            String state;
            if (now == null) {
                state = "the events no longer reach it";
            } else {
                putLook(values, now);
                state = String.format(Locale.ROOT, "its data cut is now %s and its log-rank z %s %s boundary %s",
                        now.cutDate(), now.z() == null ? "undefined" : String.format(Locale.ROOT, "%.3f", now.z()),
                        now.crossed() ? "crosses the" : "is within the", now.boundary() == null ? "(none)"
                                : String.format(Locale.ROOT, "%.4f", now.boundary()));
            }
            String message = String.format(Locale.ROOT, "formal look %d no longer crosses: it was revised by late data "
                    + "(events dated on or before its cut date arrived after it, or were retracted); %s%s", number,
                    state, first == null ? "; no formal look crosses its boundary now"
                            : "; look " + first.look() + " crosses first now");
            out.add(new Condition(key, rule, null, Level.CLEAR, values, message));
        }
        return out;
    }

    /** The look number of a boundary-crossed key ({@code look=k}), 0 when it has none. */
    private static int lookNumber(String key) {
        String params = key.substring(key.lastIndexOf('|') + 1);
        return params.startsWith("look=") ? Integer.parseInt(params.substring("look=".length())) : 0;
    }

    private void putLook(Map<String, Double> values, Look look) {
        values.put("look", (double) look.look());
        putCount(values, "events", look.events());
        if (!hidden(look.events())) {
            values.put("informationFraction", look.informationFraction());
        }
        if (look.z() != null) {
            values.put("z", look.z());
        }
        if (look.boundary() != null) {
            values.put("boundary", look.boundary());
        }
        values.put("alphaSpent", look.alphaSpent());
    }

    // ---- ph-violated ----

    private Condition proportionalHazards(AlertRule rule, AnalysisResult result) {
        double level = rule.phLevel();
        String key = AlertState.key(label(rule.rule()), null, "pBelow=" + level);
        Map<String, Double> values = new TreeMap<>();
        values.put("pBelow", level);
        AnalysisResult.ProportionalHazards ph = result.cox() == null ? null : result.cox().proportionalHazards();
        if (ph == null || ph.global().pValue() == null) {
            return new Condition(key, rule, null, Level.CLEAR, values,
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
        return new Condition(key, rule, null, holds ? Level.RAISED : Level.CLEAR, values, message);
    }

    // ---- follow-up-overdue ----

    private Condition followUp(AlertRule rule, AnalysisResult result) {
        int days = rule.days().orElseThrow();
        String params = "days=" + days
                + (rule.completenessBelow().isPresent() ? ",completenessBelow=" + rule.completenessBelow().getAsDouble()
                        : "");
        String key = AlertState.key(label(rule.rule()), null, params);
        Map<String, Double> values = new TreeMap<>();
        values.put("days", (double) days);
        rule.completenessBelow().ifPresent(v -> values.put("completenessBelow", v));
        FollowUp f = result.followUp();
        AnalysisResult.Overdue overdue = f == null ? null
                : f.overdue().stream().filter(o -> o.days() == days).findFirst().orElse(null);
        if (result.asOf() == null || overdue == null) {
            return new Condition(key, rule, null, Level.CLEAR, values, result.asOf() == null
                    ? "no analysis clock yet (no events)" : "follow-up not computed yet (or the cohort is suppressed)");
        }
        putCount(values, "overdue", overdue.patients());
        putCount(values, "alive", f.alive());
        if (f.completeness() != null) {
            values.put("completeness", f.completeness());
        }
        boolean lowCompleteness = rule.completenessBelow().isEmpty()
                || (f.completeness() != null && f.completeness() < rule.completenessBelow().getAsDouble());
        // A withheld count in a published follow-up part is a small one (1 .. minimum - 1): some are overdue.
        boolean holds = (overdue.patients() == null || overdue.patients() > 0) && lowCompleteness;
        String who = count(overdue.patients()) + " of " + count(f.alive()) + " patients alive";
        String c = f.completeness() == null ? "follow-up completeness undefined (no potential follow-up)"
                : String.format(Locale.ROOT, "follow-up completeness (Clark's C) %.3f", f.completeness());
        String threshold = rule.completenessBelow().isEmpty() ? ""
                : (lowCompleteness ? " below " : " not below ") + rule.completenessBelow().getAsDouble();
        String message = String.format(Locale.ROOT, "%s without contact for more than %d days at %s; %s%s",
                who, days, result.asOf(), c, threshold);
        return new Condition(key, rule, null, holds ? Level.RAISED : Level.CLEAR, values, message);
    }

    // ---- data-quality ----

    private Condition dataQuality(AlertRule rule, AnalysisResult result) {
        StringBuilder params = new StringBuilder();
        rule.excludedAbove().ifPresent(v -> params.append("excludedAbove=").append(v));
        rule.completenessBelow().ifPresent(v -> params.append(params.isEmpty() ? "" : ",")
                .append("completenessBelow=").append(v));
        String key = AlertState.key(label(rule.rule()), null, params.toString());
        Map<String, Double> values = new TreeMap<>();
        rule.excludedAbove().ifPresent(v -> values.put("excludedAbove", v));
        rule.completenessBelow().ifPresent(v -> values.put("completenessBelow", v));
        // Only on counts the result publishes: a share of withheld counts would state them.
        java.util.Optional<ExclusionCounts> published = result.suppressed() ? java.util.Optional.empty()
                : ExclusionCounts.published(result);
        if (published.isEmpty()) {
            return new Condition(key, rule, null, Level.CLEAR, values,
                    "the analysis' counts are withheld (privacy): data quality is not evaluated");
        }
        ExclusionCounts counts = published.get();
        int bad = counts.dataQualityExcluded();
        int population = counts.population();
        double share = counts.excludedShare();
        if (Double.isNaN(share)) {
            return new Condition(key, rule, null, Level.CLEAR, values, "no patients in the analysis yet");
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
        return new Condition(key, rule, null, tooMany || tooFew ? Level.RAISED : Level.CLEAR, values, message);
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

    private String count(Integer n) {
        return n == null || hidden(n) ? "fewer than " + minCellSize : Integer.toString(n);
    }

    private void putCount(Map<String, Double> values, String name, Integer n) {
        if (n != null && !hidden(n)) {
            values.put(name, (double) n);
        }
    }

    private static double nan(Double v) {
        return v == null ? Double.NaN : v;
    }

    private record Condition(String key, String rule, String group, Level level, Map<String, Double> values,
            String message) {
        Condition(String key, AlertRule rule, String group, Level level, Map<String, Double> values, String message) {
            this(key, label(rule.rule()), group, level, values, message);
        }
    }
}
