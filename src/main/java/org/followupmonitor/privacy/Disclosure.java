package org.followupmonitor.privacy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.DataQualityFlag;
import org.followupmonitor.analysis.Table1;
import org.followupmonitor.analysis.Table1Builder;
import org.followupmonitor.analysis.Table1Counts;

/**
 * Disclosure control for one release, the entry point both paths use: {@code analyze} (analyses, then Table 1)
 * and the streaming app's release stage (analyses).
 */
public final class Disclosure {
    private Disclosure() {}

    /**
     * What a release withholds, counted over its counts of patients (groups, cohorts, exclusion counts, Table 1
     * cells, totals and arms; Cox levels, whose counts are never published, are not counted).
     *
     * @param counts counts of patients the release would show without disclosure control (non-zero)
     * @param withheld of these, withheld
     * @param small withheld because they are 1 .. minimum - 1
     * @param complementary withheld to protect those (minimum or more)
     */
    public record Summary(int counts, int withheld, int small, int complementary) {
        public double share() {
            return counts == 0 ? 0 : (double) withheld / counts;
        }

        Summary plus(Summary o) {
            return new Summary(counts + o.counts, withheld + o.withheld, small + o.small,
                    complementary + o.complementary);
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%d of %d counts withheld (%.1f%%): %d small, %d complementary",
                    withheld, counts, 100 * share(), small, complementary);
        }
    }

    /**
     * A batch release.
     *
     * @param results the analyses as published
     * @param table1 Table 1 as published, or null when not asked for
     */
    public record Batch(List<AnalysisResult> results, Table1 table1, Summary analyses, Summary table1Summary) {
        public Summary summary() {
            return table1Summary == null ? analyses : analyses.plus(table1Summary);
        }
    }

    /** The analyses of one release as published (the streaming app's release stage). */
    public static List<AnalysisResult> release(List<AnalysisDefinition> definitions, List<AnalysisResult> full,
            int minCellSize) {
        Set<String> units = SuppressionPlanner.analyses(definitions, full, minCellSize);
        return redact(definitions, full, units, minCellSize);
    }

    /**
     * What the analyses of one release withhold, as units (empty without disclosure control); apply it to one
     * analysis with {@link #apply}.
     */
    public static Set<String> plan(List<AnalysisDefinition> definitions, List<AnalysisResult> full, int minCellSize) {
        return SuppressionPlanner.analyses(definitions, full, minCellSize);
    }

    /**
     * The same for a stream release that follows {@code history}: it may withhold more than the single-release
     * plan, so that the releases together narrow nothing ({@link ReleaseHistory}).
     */
    public static Set<String> plan(List<AnalysisDefinition> definitions, List<AnalysisResult> full, int minCellSize,
            ReleaseHistory history) {
        return SuppressionPlanner.analyses(definitions, full, minCellSize, history);
    }

    /** The work limit of a stream release's plan with history ({@link SuppressionPlanner#WORK_LIMIT} argues it). */
    public static final long WORK_LIMIT = SuppressionPlanner.WORK_LIMIT;
    /**
     * The limit of the second plan of a release whose plan reached {@link #WORK_LIMIT}, ten times it
     * ({@link SuppressionPlanner#SECOND_WORK_LIMIT} argues it).
     */
    public static final long SECOND_WORK_LIMIT = SuppressionPlanner.SECOND_WORK_LIMIT;

    /**
     * A stream release's plan with history under a given work limit, and whether it reached the limit (it then
     * withholds every analysis whole). The same inputs, history and limit give the same plan.
     */
    public static StreamPlan plan(List<AnalysisDefinition> definitions, List<AnalysisResult> full, int minCellSize,
            ReleaseHistory history, long workLimit) {
        return SuppressionPlanner.analyses(definitions, full, minCellSize, history, workLimit);
    }

    /** What a stream release withholds, and whether its plan stopped at its work limit. */
    public record StreamPlan(Set<String> units, boolean reachedLimit) {}

    /**
     * A stream release's plan against the longest of {@code windows} (each a number of the history's last releases,
     * {@link ReleaseHistory#lastReleases}, longest first) whose plan stays within {@code workLimit}: the first window's
     * plan, or when it reaches the limit the next one's, each within the limit on its own. When every window's plan
     * reaches it the release withholds every analysis whole. A window that holds no fewer releases than the history
     * gives the same plan as the one before it and is not planned again. The same inputs, history, limit and windows
     * give the same plan, as each plan is a function of its inputs, history and limit.
     */
    public static WindowedPlan plan(List<AnalysisDefinition> definitions, List<AnalysisResult> full, int minCellSize,
            ReleaseHistory history, long workLimit, List<Integer> windows) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("at least one window");
        }
        StreamPlan plan = null;
        int planned = Integer.MAX_VALUE; // releases of the history the last plan was checked against
        for (int window : windows) {
            int releases = Math.min(window, history.window().size());
            if (releases >= planned) {
                continue; // the same history as the plan that reached the limit: the same plan
            }
            plan = plan(definitions, full, minCellSize, history.lastReleases(window), workLimit);
            planned = releases;
            if (!plan.reachedLimit()) {
                return new WindowedPlan(plan.units(), window);
            }
        }
        return new WindowedPlan(plan.units(), WindowedPlan.WITHHELD_WHOLE);
    }

    /**
     * What a stream release withholds, and the window of earlier releases it was planned against.
     *
     * @param window the window the plan checked this release against, one of those asked for (at most that many of
     *     the last releases: all of them while the history holds fewer), or {@link #WITHHELD_WHOLE} when every
     *     window's plan reached the work limit and the release withholds every analysis whole
     */
    public record WindowedPlan(Set<String> units, int window) {
        /** The window of a release whose every plan reached the work limit: it publishes no count to check. */
        public static final int WITHHELD_WHOLE = 0;

        /** Whether every window's plan reached the work limit (the release withholds every analysis whole). */
        public boolean reachedLimit() {
            return window == WITHHELD_WHOLE;
        }
    }

    /** One analysis as a plan publishes it (unchanged without disclosure control: a minimum of 0). */
    public static AnalysisResult apply(AnalysisDefinition definition, AnalysisResult full, Set<String> units,
            int minCellSize) {
        return minCellSize <= 0 ? full : Redaction.apply(definition, full, units, minCellSize);
    }

    /**
     * The units of a plan that concern one analysis: the same complete result and the same units give the same
     * published result.
     */
    public static List<String> unitsOf(AnalysisDefinition definition, AnalysisResult full, Set<String> units) {
        List<String> mine = new ArrayList<>();
        List<String> candidates = new ArrayList<>(List.of(Units.whole(definition), Units.totals(definition)));
        full.groups().forEach(g -> candidates.add(Units.group(definition, g.group())));
        full.excluded().keySet().forEach(flag -> candidates.add(Units.flag(definition, flag)));
        candidates.add(Units.flag(definition, Views.AWAITING));
        for (String u : candidates) {
            if (units.contains(u)) {
                mine.add(u);
            }
        }
        return mine;
    }

    /**
     * The units a published result shows withheld (its markers): applied to the complete result with
     * {@link #apply}, they give the published result back. The stream's release stage may withhold more than
     * {@code analyze} on the same events ({@link ReleaseHistory}); {@code StreamingEqualsBatchTopologyTest}
     * checks that its final release is the batch's complete results under units that include the batch's.
     */
    public static Set<String> withheld(AnalysisDefinition definition, AnalysisResult published) {
        Set<String> out = new java.util.TreeSet<>();
        if (published.suppressed()) {
            out.add(Units.whole(definition));
        }
        if (published.subjects() == null) {
            out.add(Units.totals(definition));
        }
        published.groups().stream().filter(AnalysisResult.GroupResult::suppressed)
                .forEach(g -> out.add(Units.group(definition, g.group())));
        published.excluded().forEach((flag, k) -> {
            if (k == null) {
                out.add(Units.flag(definition, flag));
            }
        });
        if (published.awaitingOrigin() == null) {
            out.add(Units.flag(definition, Views.AWAITING));
        }
        return out;
    }

    /**
     * An {@code analyze} run: the analyses, then Table 1 with the analyses as published.
     *
     * @param table1 Table 1's counts, or null when the report has none
     */
    public static Batch batch(List<AnalysisDefinition> definitions, List<AnalysisResult> full, Table1Counts table1,
            int minCellSize) {
        Set<String> units = SuppressionPlanner.analyses(definitions, full, minCellSize);
        List<AnalysisResult> released = redact(definitions, full, units, minCellSize);
        Table1 table = null;
        Summary t1Summary = null;
        if (table1 != null) {
            Set<String> t1Units = SuppressionPlanner.table1(definitions, full, units, table1, minCellSize);
            table = Table1Builder.table(table1, Redaction.table1(t1Units), minCellSize);
            t1Summary = summary(table1, t1Units, minCellSize);
        }
        return new Batch(released, table, summary(definitions, full, units, minCellSize), t1Summary);
    }

    private static List<AnalysisResult> redact(List<AnalysisDefinition> definitions, List<AnalysisResult> full,
            Set<String> units, int minCellSize) {
        Map<String, AnalysisDefinition> defs = Views.byName(definitions);
        List<AnalysisResult> out = new ArrayList<>();
        for (AnalysisResult r : full) {
            out.add(apply(defs.get(r.name()), r, units, minCellSize));
        }
        return out;
    }

    /** Data-quality exclusions summed over the published analyses; null where one of them withholds the count. */
    public static Map<String, Integer> dataQuality(List<AnalysisResult> released) {
        Map<String, Integer> out = new TreeMap<>();
        Map<String, Boolean> withheld = new LinkedHashMap<>();
        for (AnalysisResult r : released) {
            r.excluded().forEach((flag, k) -> {
                if (Units.parse(flag).map(DataQualityFlag::dataQuality).orElse(false)) {
                    if (k == null) {
                        withheld.put(flag, true);
                    } else {
                        out.merge(flag, k, Integer::sum);
                    }
                }
            });
        }
        withheld.keySet().forEach(flag -> out.put(flag, null));
        return out;
    }

    /** Counts of patients in the analyses, and how many the units withhold. */
    public static Summary summary(List<AnalysisDefinition> definitions, List<AnalysisResult> full, Set<String> units,
            int minCellSize) {
        Map<String, AnalysisDefinition> defs = Views.byName(definitions);
        int[] s = new int[4];
        for (AnalysisResult r : full) {
            AnalysisDefinition def = defs.get(r.name());
            boolean whole = units.contains(Units.whole(def));
            tally(s, r.subjects(), whole || units.contains(Units.totals(def)), minCellSize);
            if (def.groupBy().isPresent()) {
                for (AnalysisResult.GroupResult g : r.groups()) {
                    tally(s, g.n(), whole || units.contains(Units.group(def, g.group())), minCellSize);
                }
            }
            r.excluded().forEach((flag, k) -> tally(s, k, units.contains(Units.flag(def, flag)), minCellSize));
            if (r.awaitingOrigin() != null && r.awaitingOrigin() > 0) {
                tally(s, r.awaitingOrigin(), whole || units.contains(Units.flag(def, Views.AWAITING)), minCellSize);
            }
        }
        return new Summary(s[0], s[1], s[2], s[3]);
    }

    private static Summary summary(Table1Counts t, Set<String> units, int minCellSize) {
        int[] s = new int[4];
        boolean whole = units.contains(Units.table1Whole());
        for (int j = 0; j < t.arms().size(); j++) {
            tally(s, t.armSizes().get(j).intValue(), whole || units.contains(Units.table1Arm(t.arms().get(j))),
                    minCellSize);
        }
        for (Table1Counts.Characteristic c : t.characteristics()) {
            boolean block = whole || units.contains(Units.table1Block(c.name()));
            for (int i = 0; i < c.levels().size(); i++) {
                String level = c.levels().get(i);
                tally(s, (int) c.total(i), block || units.contains(Units.table1Row(c.name(), level)), minCellSize);
                for (int j = 0; j < t.arms().size(); j++) {
                    tally(s, c.counts().get(i).get(j).intValue(),
                            block || units.contains(Units.table1Cell(c.name(), level, t.arms().get(j))), minCellSize);
                }
            }
        }
        return new Summary(s[0], s[1], s[2], s[3]);
    }

    private static void tally(int[] s, Integer value, boolean withheld, int minCellSize) {
        if (value == null || value == 0) {
            return;
        }
        s[0]++;
        if (withheld) {
            s[1]++;
            s[value < minCellSize ? 2 : 3]++;
        }
    }
}
