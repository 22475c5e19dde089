package org.followupmonitor.analysis;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * An alert rule of an analysis. Which parameters a rule needs:
 * <ul>
 *   <li>{@code milestone-below}: {@code milestoneDays} (> 0) and {@code threshold} (survival in (0, 1)) —
 *       alert when a group's survival at the milestone falls below the threshold;</li>
 *   <li>{@code boundary-crossed}: none — alert when the group comparison crosses its alpha-spending
 *       boundary at a formal look (needs the analysis' {@code monitoring} block);</li>
 *   <li>{@code follow-up-overdue}: {@code days} (> 0) — alert when subjects have had no contact for longer;</li>
 *   <li>{@code data-quality}: {@code completenessBelow} and/or {@code excludedAbove} (fractions in [0, 1]);</li>
 *   <li>{@code ph-violated}: {@code pBelow} (in (0, 1), default {@link #DEFAULT_P_BELOW}) — alert when the published
 *       Cox model's global proportional-hazards test has p below it (needs the analysis' {@code cox} block).</li>
 * </ul>
 */
public record AlertRule(Kind rule, OptionalInt milestoneDays, OptionalDouble threshold, OptionalInt days,
        OptionalDouble completenessBelow, OptionalDouble excludedAbove, OptionalDouble pBelow) {
    /** YAML labels: milestone-below, boundary-crossed, follow-up-overdue, data-quality, ph-violated. */
    public enum Kind { MILESTONE_BELOW, BOUNDARY_CROSSED, FOLLOW_UP_OVERDUE, DATA_QUALITY, PH_VIOLATED }

    /** The default significance level of the ph-violated rule. */
    public static final double DEFAULT_P_BELOW = 0.01;

    /** A rule without {@code pBelow}. */
    public AlertRule(Kind rule, OptionalInt milestoneDays, OptionalDouble threshold, OptionalInt days,
            OptionalDouble completenessBelow, OptionalDouble excludedAbove) {
        this(rule, milestoneDays, threshold, days, completenessBelow, excludedAbove, OptionalDouble.empty());
    }

    public AlertRule {
        pBelow = pBelow == null ? OptionalDouble.empty() : pBelow;
        pBelow.ifPresent(v -> {
            if (!(v > 0 && v < 1)) {
                throw new IllegalArgumentException("pBelow: must lie strictly between 0 and 1, was " + v);
            }
        });
        if (pBelow.isPresent() && rule != Kind.PH_VIOLATED) {
            throw new IllegalArgumentException("pBelow: only the ph-violated rule takes it");
        }
        if (rule == null) {
            throw new IllegalArgumentException("rule: required");
        }
        milestoneDays.ifPresent(v -> requirePositive("milestoneDays", v));
        days.ifPresent(v -> requirePositive("days", v));
        threshold.ifPresent(v -> requireFraction("threshold", v));
        completenessBelow.ifPresent(v -> requireFraction("completenessBelow", v));
        excludedAbove.ifPresent(v -> requireFraction("excludedAbove", v));
        switch (rule) {
            case MILESTONE_BELOW -> {
                if (milestoneDays.isEmpty() || threshold.isEmpty()) {
                    throw new IllegalArgumentException("rule: milestone-below needs milestoneDays and threshold");
                }
            }
            case FOLLOW_UP_OVERDUE -> {
                if (days.isEmpty()) {
                    throw new IllegalArgumentException("rule: follow-up-overdue needs days");
                }
            }
            case DATA_QUALITY -> {
                if (completenessBelow.isEmpty() && excludedAbove.isEmpty()) {
                    throw new IllegalArgumentException("rule: data-quality needs completenessBelow or excludedAbove");
                }
            }
            case BOUNDARY_CROSSED -> {
                // No parameter: the boundary comes from the analysis' monitoring block.
            }
            case PH_VIOLATED -> {
                // pBelow defaults to DEFAULT_P_BELOW.
            }
        }
    }

    /** The ph-violated rule's level: {@code pBelow}, or {@link #DEFAULT_P_BELOW}. */
    public double phLevel() {
        return pBelow.orElse(DEFAULT_P_BELOW);
    }

    private static void requirePositive(String field, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(field + ": must be > 0, was " + v);
        }
    }

    private static void requireFraction(String field, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(field + ": must be a fraction in [0, 1], was " + v);
        }
    }
}
