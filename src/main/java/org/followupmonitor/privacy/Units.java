package org.followupmonitor.privacy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.DataQualityFlag;
import org.followupmonitor.analysis.Variable;

/**
 * What can be withheld, named so that the planner, the redaction and the audit agree. A unit withholds one
 * population's count wherever it is published: a group of every analysis that shares its filter and group
 * variable (overall and disease-free survival by arm within a subtype describe the same patients, so hiding
 * one and showing the other would protect nothing), the totals or everything of such a family, an exclusion
 * count in every analysis that counts the same patients, or a Table 1 cell, row total, arm size or block.
 */
public final class Units {
    private Units() {}

    /** Whether a variable's level can change over follow-up (status "as of" a landmark). */
    static boolean timeVarying(Variable v) {
        return v == Variable.ARM || v == Variable.CHEMOTHERAPY || v == Variable.RADIOTHERAPY
                || v == Variable.HORMONAL || v == Variable.ANTI_HER2;
    }

    /** Whether a patient may have no level (the data do not say). */
    static boolean nullable(Variable v) {
        return v == Variable.SUBTYPE || v == Variable.GRADE || v == Variable.T_STAGE || v == Variable.N_STAGE
                || v == Variable.METASTASIS || v == Variable.SITE;
    }

    /** The population dimension an analysis reads a variable as: "as of the landmark" for time-varying ones. */
    static String dimension(Variable v, AnalysisDefinition def) {
        if (timeVarying(v) && def.landmarkDays().isPresent()) {
            return v.label() + "@" + org.followupmonitor.events.Labels.label(def.origin()) + "+"
                    + def.landmarkDays().getAsInt();
        }
        return v.label();
    }

    /** The analysis' filter as population levels, e.g. {@code {subtype=luminal-a}}. */
    static Map<String, String> filter(AnalysisDefinition def) {
        Map<String, String> f = new TreeMap<>();
        def.filter().forEach((v, level) -> f.put(dimension(v, def), level));
        return f;
    }

    static String filterKey(AnalysisDefinition def) {
        return filter(def).toString();
    }

    static String groupKey(AnalysisDefinition def) {
        return def.groupBy().map(v -> dimension(v, def)).orElse("-");
    }

    /** Analyses with the same filter and group variable describe the same patients' groups. */
    static String family(AnalysisDefinition def) {
        return filterKey(def) + "|" + groupKey(def);
    }

    public static String group(AnalysisDefinition def, String group) {
        return "group|" + family(def) + "|" + group;
    }

    public static String totals(AnalysisDefinition def) {
        return "totals|" + family(def);
    }

    public static String whole(AnalysisDefinition def) {
        return "whole|" + family(def);
    }

    public static String flag(AnalysisDefinition def, String flag) {
        return "flag|" + sharedFlag(def, flag);
    }

    /**
     * Exclusions that count the same patients in several analyses share a key: no diagnosis (everyone), the
     * patient-level data-quality flags (the same filter), a missing origin or a recurrence before it (the same
     * filter and origin); the later flags depend on the analysis.
     */
    static String sharedFlag(AnalysisDefinition def, String flag) {
        Optional<DataQualityFlag> f = parse(flag);
        if (f.isEmpty()) {
            return def.name() + "|" + flag;
        }
        return switch (f.get()) {
            case NO_DIAGNOSIS -> flag;
            case CONFLICTING_DEATHS, DEATH_BEFORE_DIAGNOSIS, EVENT_AFTER_DEATH, EVENT_BEFORE_DIAGNOSIS ->
                    flag + "|" + filterKey(def);
            case AWAITING_ORIGIN, NO_ORIGIN_EVENT, RECURRENCE_BEFORE_ORIGIN -> flag + "|" + filterKey(def) + "|"
                    + org.followupmonitor.events.Labels.label(def.origin());
            default -> def.name() + "|" + flag;
        };
    }

    static Optional<DataQualityFlag> parse(String flag) {
        try {
            return Optional.of(DataQualityFlag.valueOf(flag));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static String table1Cell(String characteristic, String level, String arm) {
        return "t1cell|" + characteristic + "|" + level + "|" + arm;
    }

    public static String table1Row(String characteristic, String level) {
        return "t1row|" + characteristic + "|" + level;
    }

    public static String table1Arm(String arm) {
        return "t1arm|" + arm;
    }

    public static String table1Block(String characteristic) {
        return "t1block|" + characteristic;
    }

    /**
     * Table 1 as a whole: no table, no arm size, no marker per count. The Table 1 stage's last resort, when the
     * analyses published beside it bound an arm's size whatever Table 1 withholds (an arm's size is shown in every
     * Table 1, as a number or as a marker).
     */
    public static String table1Whole() {
        return "t1whole|";
    }

    static boolean isTable1(String unit) {
        return unit.startsWith("t1");
    }

    static final List<String> TABLE1_PREFIXES = List.of("t1cell|", "t1row|", "t1arm|", "t1block|", "t1whole|");
}
