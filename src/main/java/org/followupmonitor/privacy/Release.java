package org.followupmonitor.privacy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.followupmonitor.analysis.AnalysisDefinition;

/**
 * Everything published together, as counts: one {@code analyze} run (every format), or one publication round
 * of the streaming app. The planner builds it from the true counts and a choice of what to withhold; the audit
 * builds it from what was published. Both then hand it to {@link AttackerModel}, so both reason about the
 * same equations.
 *
 * @param analyses one view per published analysis
 * @param table1 Table 1, or null when not published with it
 * @param alerts the numbers inside published alerts (may be empty)
 */
public record Release(List<AnalysisView> analyses, Table1View table1, List<AlertView> alerts) {
    public Release {
        analyses = List.copyOf(analyses);
        alerts = List.copyOf(alerts);
    }

    /**
     * One count as published: its value when shown; when withheld, the true value for the planner or null for
     * an auditor who does not know it.
     */
    public record Count(Long value, boolean withheld) {
        public static Count shown(long value) {
            return new Count(value, false);
        }

        public static Count withheld(Long trueValue) {
            return new Count(trueValue, true);
        }
    }

    /**
     * One analysis as published.
     *
     * @param whole the analysis is withheld as a whole: no group is listed
     * @param groups the listed groups, in order (each has at least one patient)
     * @param n patients per listed group
     * @param events endpoint events per listed group
     * @param excluded exclusions per flag (flags not listed: none)
     * @param cox the Cox model's published counts and levels, or null
     * @param monitoringEvents observed events stated by sequential monitoring, or null when not published
     * @param competing a competing-risks endpoint: per listed group its competing events (deaths without
     *     recurrence, the death curve's events of its cumulative incidence); empty otherwise
     * @param fineGrayCompeting the competing events among the Fine-Gray model's rows, or null without a model
     */
    public record AnalysisView(AnalysisDefinition definition, boolean whole, List<String> groups, Count subjects,
            Count totalEvents, Map<String, Count> n, Map<String, Count> events, Map<String, Count> excluded,
            CoxView cox, Long monitoringEvents, Map<String, Count> competing, Long fineGrayCompeting) {
        public AnalysisView {
            Objects.requireNonNull(definition, "definition");
            groups = List.copyOf(groups);
            n = Map.copyOf(n);
            events = Map.copyOf(events);
            excluded = new java.util.TreeMap<>(excluded);
            competing = Map.copyOf(competing == null ? Map.of() : competing);
        }

        /** A view of an endpoint without competing events. */
        public AnalysisView(AnalysisDefinition definition, boolean whole, List<String> groups, Count subjects,
                Count totalEvents, Map<String, Count> n, Map<String, Count> events, Map<String, Count> excluded,
                CoxView cox, Long monitoringEvents) {
            this(definition, whole, groups, subjects, totalEvents, n, events, excluded, cox, monitoringEvents, Map.of(),
                    null);
        }

        public String name() {
            return definition.name();
        }
    }

    /**
     * A Cox model's counts: rows used ({@code n}) and events, and the levels of each categorical covariate
     * that occur among the analysis' subjects (the reference and each term's level); {@code suppressed} levels
     * had fewer patients than the minimum, so their numbers were withheld.
     *
     * @param fitted whether the model was fitted (otherwise its events are not a count of anything)
     */
    public record CoxView(long n, long events, List<CoxLevel> levels, boolean singleCovariate, boolean fitted) {
        public CoxView {
            levels = List.copyOf(levels);
        }
    }

    public record CoxLevel(String covariate, String level, boolean suppressed) {}

    /**
     * Table 1 as published: arm sizes, and per characteristic its rows (a characteristic withheld as a block is
     * simply absent).
     */
    public record Table1View(List<String> arms, Map<String, Count> armSizes, List<CharacteristicView> characteristics) {
        public Table1View {
            arms = List.copyOf(arms);
            armSizes = Map.copyOf(armSizes);
            characteristics = List.copyOf(characteristics);
        }
    }

    public record CharacteristicView(String name, List<RowView> rows) {
        public CharacteristicView {
            rows = List.copyOf(rows);
        }
    }

    /** A level's count per arm and in total. */
    public record RowView(String level, Map<String, Count> cells, Count total) {
        public RowView {
            cells = Map.copyOf(cells);
        }
    }

    /** The numbers an alert states about an analysis (keys as in {@code Alert.values}). */
    public record AlertView(String analysis, Map<String, Double> values) {
        public AlertView {
            values = Map.copyOf(values);
        }
    }
}
