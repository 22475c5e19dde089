package org.followupmonitor.analysis;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * An alert rule of an analysis. Which parameters a rule needs:
 * <ul>
 *   <li>{@code milestone-below}: {@code milestoneDays} (> 0) and {@code threshold} (survival in (0, 1)) —
 *       alert when a group's survival at the milestone falls below the threshold; optional
 *       {@code completenessAtLeast} (default 0.8): the alert is held while follow-up up to the milestone is less
 *       complete than this;</li>
 *   <li>{@code boundary-crossed}: none — alert when the group comparison crosses its alpha-spending
 *       boundary at a formal look (needs the analysis' {@code monitoring} block);</li>
 *   <li>{@code follow-up-overdue}: {@code days} (> 0) — alert when subjects have had no contact for longer;</li>
 *   <li>{@code data-quality}: {@code completenessBelow} and/or {@code excludedAbove} (fractions in [0, 1]);</li>
 *   <li>{@code ph-violated}: {@code pBelow} (in (0, 1), default {@link #DEFAULT_P_BELOW}) — alert when the published
 *       Cox model's global proportional-hazards test has p below it (needs the analysis' {@code cox} block).</li>
 *   <li>{@code incidence-above}: {@code milestoneDays} (> 0) and {@code threshold} (a fraction), optional
 *       {@code cause} ({@code recurrence}, the default, or {@code death}) — alert when a group's cumulative incidence
 *       of the cause at the milestone has its lower confidence limit above the threshold (needs the endpoint
 *       {@code recurrence-competing}).</li>
 * </ul>
 */
public record AlertRule(Kind rule, OptionalInt milestoneDays, OptionalDouble threshold, OptionalInt days,
        OptionalDouble completenessBelow, OptionalDouble excludedAbove, OptionalDouble completenessAtLeast,
        OptionalDouble pBelow, Optional<String> cause) {
    /** Follow-up completeness up to the milestone below which milestone-below is held, unless the rule says. */
    public static final double DEFAULT_COMPLETENESS_AT_LEAST = 0.8;

    /** The default significance level of the ph-violated rule. */
    public static final double DEFAULT_P_BELOW = 0.01;

    /** The cause incidence-above watches unless the rule says. */
    public static final String DEFAULT_CAUSE = "recurrence";

    /** YAML labels: milestone-below, boundary-crossed, follow-up-overdue, data-quality, ph-violated, incidence-above. */
    public enum Kind { MILESTONE_BELOW, BOUNDARY_CROSSED, FOLLOW_UP_OVERDUE, DATA_QUALITY, PH_VIOLATED, INCIDENCE_ABOVE }

    /** A rule without {@code cause}. */
    public AlertRule(Kind rule, OptionalInt milestoneDays, OptionalDouble threshold, OptionalInt days,
            OptionalDouble completenessBelow, OptionalDouble excludedAbove, OptionalDouble completenessAtLeast,
            OptionalDouble pBelow) {
        this(rule, milestoneDays, threshold, days, completenessBelow, excludedAbove, completenessAtLeast, pBelow,
                Optional.empty());
    }

    /** A rule without {@code completenessAtLeast} and {@code pBelow}. */
    public AlertRule(Kind rule, OptionalInt milestoneDays, OptionalDouble threshold, OptionalInt days,
            OptionalDouble completenessBelow, OptionalDouble excludedAbove) {
        this(rule, milestoneDays, threshold, days, completenessBelow, excludedAbove, OptionalDouble.empty(),
                OptionalDouble.empty());
    }

    public AlertRule {
        DefinitionProblems problems = new DefinitionProblems();
        milestoneDays.ifPresent(v -> requirePositive(problems, "milestoneDays", v));
        days.ifPresent(v -> requirePositive(problems, "days", v));
        threshold.ifPresent(v -> requireFraction(problems, "threshold", v));
        completenessBelow.ifPresent(v -> requireFraction(problems, "completenessBelow", v));
        excludedAbove.ifPresent(v -> requireFraction(problems, "excludedAbove", v));
        completenessAtLeast = completenessAtLeast == null ? OptionalDouble.empty() : completenessAtLeast;
        completenessAtLeast.ifPresent(v -> requireFraction(problems, "completenessAtLeast", v));
        pBelow = pBelow == null ? OptionalDouble.empty() : pBelow;
        pBelow.ifPresent(v -> {
            if (!(v > 0 && v < 1)) {
                problems.add("pBelow: must lie strictly between 0 and 1, was " + v);
            }
        });
        cause = cause == null ? Optional.empty() : cause;
        cause.ifPresent(c -> {
            if (!c.equals("recurrence") && !c.equals("death")) {
                problems.add("cause: unknown value '" + c + "'; expected one of recurrence, death");
            }
        });
        if (rule == null) {
            problems.add("rule: required");
        } else {
            if (cause.isPresent() && rule != Kind.INCIDENCE_ABOVE) {
                problems.add("cause: only the incidence-above rule takes it");
            }
            if (completenessAtLeast.isPresent() && rule != Kind.MILESTONE_BELOW) {
                problems.add("completenessAtLeast: only for milestone-below");
            }
            if (pBelow.isPresent() && rule != Kind.PH_VIOLATED) {
                problems.add("pBelow: only the ph-violated rule takes it");
            }
            switch (rule) {
                case MILESTONE_BELOW -> {
                    if (milestoneDays.isEmpty() || threshold.isEmpty()) {
                        problems.add("rule: milestone-below needs milestoneDays and threshold");
                    }
                }
                case FOLLOW_UP_OVERDUE -> {
                    if (days.isEmpty()) {
                        problems.add("rule: follow-up-overdue needs days");
                    }
                }
                case DATA_QUALITY -> {
                    if (completenessBelow.isEmpty() && excludedAbove.isEmpty()) {
                        problems.add("rule: data-quality needs completenessBelow or excludedAbove");
                    }
                }
                case BOUNDARY_CROSSED -> {
                    // No parameter: the boundary comes from the analysis' monitoring block.
                }
                case PH_VIOLATED -> {
                    // pBelow defaults to DEFAULT_P_BELOW.
                }
                case INCIDENCE_ABOVE -> {
                    if (milestoneDays.isEmpty() || threshold.isEmpty()) {
                        problems.add("rule: incidence-above needs milestoneDays and threshold");
                    }
                }
            }
        }
        problems.throwIfAny();
    }

    /** The rule's own completenessAtLeast, else {@link #DEFAULT_COMPLETENESS_AT_LEAST}. */
    public double completenessAtLeastOrDefault() {
        return completenessAtLeast.orElse(DEFAULT_COMPLETENESS_AT_LEAST);
    }

    /** The ph-violated rule's level: {@code pBelow}, or {@link #DEFAULT_P_BELOW}. */
    public double phLevel() {
        return pBelow.orElse(DEFAULT_P_BELOW);
    }

    /** The incidence-above rule's cause: {@code cause}, or {@link #DEFAULT_CAUSE}. */
    public String causeOrDefault() {
        return cause.orElse(DEFAULT_CAUSE);
    }

    private static void requirePositive(DefinitionProblems problems, String field, int v) {
        if (v <= 0) {
            problems.add(field + ": must be > 0, was " + v);
        }
    }

    private static void requireFraction(DefinitionProblems problems, String field, double v) {
        if (!(v >= 0 && v <= 1)) {
            problems.add(field + ": must be a fraction in [0, 1], was " + v);
        }
    }
}
