package org.followupmonitor.privacy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.Table1Counts;
import org.followupmonitor.privacy.AttackerModel.Cell;
import org.followupmonitor.privacy.PrivacyAudit.Finding;

/**
 * Decides what a release withholds. Primary suppression: every count of 1 .. minimum - 1 patients (a group,
 * a whole cohort, an exclusion count, a Table 1 cell, total or arm), and as a unit ({@link Units}), so a
 * population is hidden wherever it is published. Complementary suppression, greedily: while the audit
 * ({@link PrivacyAudit}) can narrow a withheld count, withhold a small set of the units linked to it by the
 * equations that protects it, preferring cheap ones (patients withheld); when none does, a coarser unit (a whole
 * family of analyses, a Table 1 block).
 * The stopping rule is the audit itself, so whatever the plan, the audit passes it.
 *
 * <p>A pure function of the release's counts (and, in the stream, of the history before it): the same counts
 * give the same plan. Without history (batch, and a stream's first release) it is {@code analyze}'s plan; with
 * history ({@link ReleaseHistory}) the release must also withstand the growth attacker over it and the window of
 * releases before it, so the stream's final release withholds at least what {@code analyze} withholds on the same events,
 * and publishes the same numbers where it publishes.
 *
 * <p>Two stages: the analyses of a configuration together (the streaming app publishes only these), then
 * Table 1 with the analyses as published (the batch report adds it). Table 1 therefore never changes what
 * the analyses withhold (a JSON report, which has no Table 1, withholds the same counts as the Markdown report of
 * the same file); a Table 1 characteristic that the analyses' published counts alone narrow (its
 * recurrence row against disease-free minus overall-survival events, say) is withheld as a block, and when they
 * narrow an arm's size, which every Table 1 shows, Table 1 is withheld as a whole ({@link Units#table1Whole}).
 */
public final class SuppressionPlanner {
    /** Constraint hops searched for candidates. */
    private static final int REACH = 4;
    private static final int MAX_STEPS = 400;
    private static final boolean DEBUG = Boolean.getBoolean("followup.privacy.debug");
    /**
     * The most work ({@link PlanningWork}) a stream release's plan with history may do before it withholds everything.
     * With the warm-started simplex ({@link WarmSimplex}) plans on seed 9240 ran at 0.8e9 to 7e9 units a second on this
     * machine's two shared cores (load 6 to 9; pivots on sparse rows cost less than their count), so the limit is 15 to
     * 130 s. The app plans on a background thread, so the limit does not guard Kafka's poll interval: it bounds how
     * late a release comes when its plan proves costly. Seed 9240's plans against three releases stay below it (the
     * largest 7.4e10); against five its releases 6 and 7 reach it and are planned against three instead; with Commons
     * Math's solver and three its releases 5 to 7 reached it (docs/privacy-measurements.md). A release that reaches it withholds every
     * analysis whole; the app then plans the same inputs again within {@link #SECOND_WORK_LIMIT} when no newer input is
     * waiting.
     */
    static final long WORK_LIMIT = 100_000_000_000L;
    /**
     * The limit of the second plan the app makes of a release whose plan reached {@link #WORK_LIMIT}
     * ({@code ReleaseProcessor}), ten times that: 2.4 to 21 min at the rates above. It covers every plan measured that
     * passed the first limit (seed 9240's 1.8e11 and 3.75e11, 2 to 4 times it, counted for Commons Math's solver,
     * which did more work per program than {@link WarmSimplex}), and it stays bounded: the one plan known to go far
     * beyond (a topology test's plan without a limit, on Commons Math, still solving after 15 min of CPU) stops at it
     * rather than holding the planner thread, and with it the next release, for an unknown time. The second plan runs
     * only when no newer input waits, and new input that comes during it waits at most this long for the next plan. A
     * larger factor would cover more such plans at the price of a longer wait; README, Privacy: planning cost.
     */
    static final long SECOND_WORK_LIMIT = 10 * WORK_LIMIT;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SuppressionPlanner.class);

    private SuppressionPlanner() {}

    /** The units the analyses withhold (empty when {@code minCellSize} is 0: no disclosure control). */
    public static Set<String> analyses(List<AnalysisDefinition> definitions, List<AnalysisResult> full,
            int minCellSize) {
        return analyses(definitions, full, minCellSize, ReleaseHistory.NONE);
    }

    /**
     * The units the analyses withhold in a release that follows {@code history} (the stream's release stage):
     * the audit that stops the greedy loop is then the growth attacker's over the history's window of releases and
     * this one ({@link ReleaseHistory}), so this release narrows neither its own withheld counts nor those of the
     * releases in the window.
     */
    public static Set<String> analyses(List<AnalysisDefinition> definitions, List<AnalysisResult> full,
            int minCellSize, ReleaseHistory history) {
        return analyses(definitions, full, minCellSize, history, WORK_LIMIT).units();
    }

    /**
     * The same with a given work limit for a plan with history ({@link PlanningWork#UNLIMITED} for none), and whether
     * the plan reached it (it then withholds every analysis whole). A plan without history has no limit.
     */
    static Disclosure.StreamPlan analyses(List<AnalysisDefinition> definitions, List<AnalysisResult> full,
            int minCellSize, ReleaseHistory history, long workLimit) {
        return analyses(definitions, full, minCellSize, history, workLimit, true);
    }

    /**
     * The same, its trials warm-started ({@link Trial}) or each solving its own system (for tests: the two give the
     * same plan).
     */
    static Disclosure.StreamPlan analyses(List<AnalysisDefinition> definitions, List<AnalysisResult> full,
            int minCellSize, ReleaseHistory history, long workLimit, boolean warmTrials) {
        if (minCellSize <= 0) {
            return new Disclosure.StreamPlan(Set.of(), false);
        }
        Map<String, AnalysisDefinition> defs = Views.byName(definitions);
        TreeSet<String> primary = new TreeSet<>();
        TreeSet<String> everything = new TreeSet<>();
        for (AnalysisResult r : full) {
            AnalysisDefinition def = defs.get(r.name());
            everything.add(Units.whole(def));
            // Exclusion counts are the analysis' flow (as in a CONSORT diagram), not cells of patients sharing a
            // characteristic: published whatever their size, withheld only to protect a cell.
            r.excluded().keySet().forEach(flag -> everything.add(Units.flag(def, flag)));
            if (r.awaitingOrigin() != null && r.awaitingOrigin() > 0) {
                everything.add(Units.flag(def, Views.AWAITING)); // as an exclusion (see Views.AWAITING)
            }
            if (r.subjects() < minCellSize) {
                primary.add(Units.whole(def));
                continue;
            }
            for (AnalysisResult.GroupResult g : r.groups()) {
                if (g.n() < minCellSize) {
                    primary.add(Units.group(def, g.group()));
                }
            }
        }
        List<Function<Release, AttackerModel>> attackers = history.last() == null ? List.of(AttackerModel::of)
                : List.of(AttackerModel::of, history::model);
        // Only a plan with history has a work limit (it bounds how late a stream release comes); past the limit it
        // withholds everything, which is at least what the plan without history (analyze's) withholds on the same
        // counts.
        PlanningWork work = history.last() == null ? PlanningWork.unlimited() : new PlanningWork(workLimit);
        Set<String> units = plan(u -> Views.planned(definitions, full, u, null, Set.of()), attackers, primary,
                u -> !Units.isTable1(u), u -> u.startsWith("whole|"), everything, minCellSize, work, warmTrials);
        return new Disclosure.StreamPlan(units, work.work() > work.limit());
    }

    /**
     * The units Table 1 withholds, given the analyses published with it ({@code analysisUnits} applied to
     * {@code full}).
     */
    public static Set<String> table1(List<AnalysisDefinition> definitions, List<AnalysisResult> full,
            Set<String> analysisUnits, Table1Counts table1, int minCellSize) {
        if (minCellSize <= 0) {
            return Set.of();
        }
        TreeSet<String> primary = new TreeSet<>();
        TreeSet<String> everything = new TreeSet<>();
        for (int j = 0; j < table1.arms().size(); j++) {
            everything.add(Units.table1Arm(table1.arms().get(j)));
            long k = table1.armSizes().get(j);
            if (k > 0 && k < minCellSize) {
                primary.add(Units.table1Arm(table1.arms().get(j)));
            }
        }
        // Last of all (the units are tried in order): Table 1 withheld whole. Every Table 1 shows its arms' sizes, as
        // numbers or as markers, and the analyses, which this stage does not change, can bound an arm's size on their
        // own (seed 7 of DisclosurePropertiesTest: a Cox model's rows against its analysis' subjects, and a
        // surgery-only analysis' exclusions, leave at least 3 non-operated patients with an unknown grade). The
        // release is then the analyses' alone, which their own stage protected.
        everything.add(Units.table1Whole());
        for (Table1Counts.Characteristic c : table1.characteristics()) {
            everything.add(Units.table1Block(c.name()));
            for (int i = 0; i < c.levels().size(); i++) {
                long total = c.total(i);
                if (total > 0 && total < minCellSize) {
                    primary.add(Units.table1Row(c.name(), c.levels().get(i)));
                }
                for (int j = 0; j < table1.arms().size(); j++) {
                    long k = c.counts().get(i).get(j);
                    if (k > 0 && k < minCellSize) {
                        primary.add(Units.table1Cell(c.name(), c.levels().get(i), table1.arms().get(j)));
                    }
                }
            }
        }
        return plan(u -> Views.planned(definitions, full, analysisUnits, table1, u), List.of(AttackerModel::of), primary,
                Units::isTable1,
                u -> u.startsWith("t1block|"), everything, minCellSize, PlanningWork.unlimited());
    }

    /**
     * The greedy loop.
     *
     * @param release the release a set of units gives
     * @param attackers the attackers a release must withstand, each as its equations about a release: the
     *     release alone, and in the stream also the release with the history before it (protection is not
     *     monotone in what the attacker holds: a history that shows a withheld count to be at least the minimum
     *     protects it, while the release alone may narrow it to 8 .. 10)
     * @param coarse units to fall back on when no candidate helps
     * @param everything the units that withhold all there is (the last resort)
     * @param work counts the plan's linear programs; past its limit the plan withholds {@code everything}
     */
    static TreeSet<String> plan(Function<Set<String>, Release> release,
            List<Function<Release, AttackerModel>> attackers, Set<String> start, Predicate<String> allowed,
            Predicate<String> coarse, Set<String> everything, int minCellSize, PlanningWork work) {
        return plan(release, attackers, start, allowed, coarse, everything, minCellSize, work, true);
    }

    /** The same, its trials warm-started or not ({@link Trial}; the same plan either way). */
    static TreeSet<String> plan(Function<Set<String>, Release> release,
            List<Function<Release, AttackerModel>> attackers, Set<String> start, Predicate<String> allowed,
            Predicate<String> coarse, Set<String> everything, int minCellSize, PlanningWork work,
            boolean warmTrials) {
        long started = PlanningWork.PROFILE ? System.nanoTime() : 0;
        int[] steps = new int[1];
        TreeSet<String> units = new TreeSet<>(start);
        try {
            if (search(release, attackers, units, allowed, coarse, everything, minCellSize, work, steps,
                    warmTrials)) {
                return units;
            }
        } catch (PlanningWork.Exhausted e) {
            LOG.warn("disclosure control: a plan reached its work limit of {} ({} linear programs); it withholds "
                    + "every analysis whole, unless a plan against fewer earlier releases or a second plan follows "
                    + "(README, Privacy: the cascade of windows)", work.limit(), work.programs());
            TreeSet<String> all = new TreeSet<>(units);
            all.addAll(everything);
            return all;
        } finally {
            if (PlanningWork.PROFILE) {
                System.err.printf("plan profile: %d attackers, %d steps, %d programs, work %d, %d ms%n",
                        attackers.size(), steps[0], work.programs(), work.work(),
                        (System.nanoTime() - started) / 1_000_000);
            }
        }
        TreeSet<String> all = new TreeSet<>(units);
        all.addAll(everything);
        signalStillNarrowed(release.apply(all), attackers, minCellSize);
        return all;
    }

    /**
     * The greedy search of {@link #plan}, adding to {@code units}; false when it ends without a plan that passes (the
     * caller then withholds everything).
     */
    private static boolean search(Function<Set<String>, Release> release,
            List<Function<Release, AttackerModel>> attackers, TreeSet<String> units, Predicate<String> allowed,
            Predicate<String> coarse, Set<String> everything, int minCellSize, PlanningWork work, int[] steps,
            boolean warmTrials) {
        for (int step = 0; step < MAX_STEPS; step++) {
            steps[0] = step + 1;
            long workBefore = work.work();
            Release r = release.apply(units);
            AttackerModel model = null;
            Function<Release, AttackerModel> attacker = null;
            Cell violated = null;
            Finding current = null;
            for (int m = 0; m < attackers.size() && violated == null; m++) {
                attacker = attackers.get(m);
                model = attacker.apply(r);
                PrivacyAudit.Checker checker = new PrivacyAudit.Checker(model, minCellSize, work);
                violated = checker.firstNarrowed();
                if (violated != null && DEBUG) {
                    current = checker.check(violated, true);
                }
            }
            long checked = work.work();
            if (PlanningWork.PROFILE) {
                System.err.printf("  step %d: check work %d%n", step + 1, checked - workBefore);
            }
            if (violated == null) {
                return true;
            }
            List<String> candidates = candidates(model, violated, allowed, units);
            if (DEBUG) {
                System.err.println("  candidates " + candidates);
            }
            Trial trial = new Trial(release, attacker, units, warmTrials ? model : null, violated, minCellSize, work);
            List<String> chosen = trial.smallestFix(candidates);
            if (PlanningWork.PROFILE) {
                System.err.printf("  step %d: %d trials, work %d%n", step + 1, trial.count, work.work() - checked);
            }
            if (chosen.isEmpty()) {
                chosen = candidates.stream().filter(coarse).limit(1).toList();
            }
            if (chosen.isEmpty()) {
                chosen = everything.stream().filter(u -> !units.contains(u)).limit(1).toList();
            }
            if (chosen.isEmpty()) {
                break; // nothing left to withhold
            }
            if (DEBUG) {
                System.err.printf("plan: %s narrowed %s; %d candidates, %d trials; withhold %s%n", violated.name(),
                        current.range(), candidates.size(), trial.count, chosen);
            }
            units.addAll(chosen);
        }
        return false;
    }

    /**
     * A plan that withholds everything it can and still fails the audit (a history that already shows a count, which
     * no later release can take back) is published as planned, the most that can be withheld: say so, once per
     * analysis, with the number of its withheld counts still narrowed (never a count's value or a patient).
     */
    private static void signalStillNarrowed(Release r, List<Function<Release, AttackerModel>> attackers,
            int minCellSize) {
        Map<String, Set<String>> narrowed = new java.util.TreeMap<>();
        for (Function<Release, AttackerModel> attacker : attackers) {
            AttackerModel model = attacker.apply(r);
            // The same verdicts as checking each count on its own, settled mostly by a few solutions of the whole system.
            for (Finding f : PrivacyAudit.verdicts(model, minCellSize).narrowed()) {
                narrowed.computeIfAbsent(analysisOf(f.cell()), k -> new TreeSet<>()).add(f.cell());
            }
        }
        narrowed.forEach((analysis, cells) -> LOG.warn("disclosure control: {} withheld count(s) of {} can still be "
                + "narrowed with everything withheld that can be (what earlier releases published); published as planned",
                cells.size(), analysis));
    }

    /** The analysis (or "Table 1") a withheld count belongs to, from its name ({@link AttackerModel}'s naming). */
    static String analysisOf(String cell) {
        String name = AttackerModel.unprefixed(cell);
        int colon = name.indexOf(": ");
        return colon < 0 ? name : name.substring(0, colon);
    }

    /**
     * Whether adding units protects one withheld count. Each trial's verdict is the check of the trial's own
     * release ({@link PrivacyAudit.Checker#check}); the count's least and greatest value in it are solved, when the
     * trial's equations are the step's with only some published counts withheld, on the step's program with those
     * counts' bounds widened ({@link RangeSolver#pinned}, {@link RangeSolver#widen}), warm-started from one basis per
     * step instead of a new tableau and phase 1 per trial: the same solutions, so the same optimum and verdict.
     */
    private static final class Trial {
        private final Function<Set<String>, Release> release;
        private final Function<Release, AttackerModel> attacker;
        private final Set<String> units;
        private final String cell;
        private final AttackerModel step;
        private final int variable;
        private final int minCellSize;
        private final PlanningWork work;
        int count;
        /** The step's system with the first trial's freed counts pinned; null before it, or when it cannot serve. */
        private RangeSolver pinned;
        private boolean pinnedTried;

        Trial(Function<Set<String>, Release> release, Function<Release, AttackerModel> attacker, Set<String> units,
                AttackerModel step, Cell cell, int minCellSize, PlanningWork work) {
            this.work = work;
            this.release = release;
            this.attacker = attacker;
            this.units = units;
            this.step = step;
            this.cell = cell.name();
            this.variable = cell.variable();
            this.minCellSize = minCellSize;
        }

        /**
         * How a trial's system differs from the step's, when it only widens it: published counts withheld and
         * withheld counts whose lower bound fell ({@code freed}: each with its lower bound in the trial), and relations
         * the step's system has and the trial's does not ({@code dropped}: by index in the step's), the rest identical
         * in the same order. Such a trial's system has every solution the step's has, so the step's optimal basis
         * stays feasible for it. Null when the trial's system differs otherwise (a count or a relation added: withholding
         * a whole analysis replaces its groups' relations by margins); the trial then solves its own.
         */
        private record Change(java.util.SortedMap<Integer, Long> freed, BitSet dropped) {}

        private Change change(LinearSystem trial) {
            LinearSystem base = step.system();
            if (trial.variables().size() != base.variables().size()) {
                return null;
            }
            java.util.TreeMap<Integer, Long> freed = new java.util.TreeMap<>();
            for (int i = 0; i < base.variables().size(); i++) {
                LinearSystem.Variable a = base.variables().get(i);
                LinearSystem.Variable b = trial.variables().get(i);
                if (!a.name().equals(b.name())) {
                    return null;
                }
                if (a.known() == null) {
                    if (b.known() != null || b.lowerBound() > a.lowerBound()) {
                        return null;
                    }
                    if (b.lowerBound() < a.lowerBound()) {
                        freed.put(i, b.lowerBound());
                    }
                } else if (b.known() == null) {
                    freed.put(i, b.lowerBound());
                } else if (!a.known().equals(b.known())) {
                    return null;
                }
            }
            BitSet dropped = new BitSet();
            List<LinearSystem.Constraint> cs = base.constraints();
            List<LinearSystem.Constraint> ts = trial.constraints();
            int j = 0;
            for (int i = 0; i < cs.size(); i++) {
                if (j < ts.size() && same(cs.get(i), ts.get(j))) {
                    j++;
                } else {
                    dropped.set(i);
                }
            }
            return j == ts.size() ? new Change(freed, dropped) : null;
        }

        private static boolean same(LinearSystem.Constraint a, LinearSystem.Constraint b) {
            return a.relation() == b.relation() && a.soft() == b.soft() && Double.compare(a.rhs(), b.rhs()) == 0
                    && java.util.Arrays.equals(a.variables(), b.variables())
                    && java.util.Arrays.equals(a.coefficients(), b.coefficients());
        }

        /** The trial's warm-started program for the count, or null (the trial then solves its own system). */
        private RangeSolver.Widened widened(AttackerModel trial, Cell same) {
            if (step == null || same.variable() != variable || pinnedTried && pinned == null) {
                return null;
            }
            Change change = change(trial.system());
            if (change == null) {
                return null;
            }
            if (!pinnedTried) {
                // The first trial withholds every candidate: its freed counts are the ones any later trial frees.
                pinnedTried = true;
                BitSet pins = new BitSet();
                change.freed().keySet().forEach(pins::set);
                pinned = RangeSolver.pinned(step.system(), variable, work, pins, change.dropped());
                if (pinned == null) {
                    return null;
                }
            }
            return pinned.widen(variable, change.freed(), change.dropped());
        }


        boolean fixes(List<String> extra) {
            count++;
            if (DEBUG) {
                System.err.println("  trial " + extra.size() + ": ..." + extra.get(extra.size() - 1));
            }
            TreeSet<String> trial = new TreeSet<>(units);
            trial.addAll(extra);
            AttackerModel m = attacker.apply(release.apply(trial));
            Optional<Cell> same = m.cells().stream().filter(x -> x.name().equals(cell)).findFirst();
            // No longer a withheld count of its own (it went into a withheld whole): nothing left to narrow.
            if (same.isEmpty()) {
                return true;
            }
            PrivacyAudit.Checker checker = new PrivacyAudit.Checker(m, minCellSize, work);
            // Only when the trial's own system is taken as exact (no least-disagreement relaxation, which its presolve
            // may find where the pinned step's does not): then both answer over the same solutions.
            RangeSolver.Widened warm = checker.solver.relaxedMode() ? null : widened(m, same.get());
            long before = work.work();
            boolean ok = checker.check(same.get(), false, warm).protectedCell();
            if (PlanningWork.PROFILE) {
                System.err.println((warm != null ? "    trial warm " : "    trial own ") + (work.work() - before));
            }
            return ok;
        }

        /**
         * A small set of candidates (given cheapest first) that protects the count, found by bisection: the
         * shortest prefix that protects it ends with a unit it needs; that unit is kept, and the search repeats
         * among the cheaper ones until the kept units protect it alone. Withholding more never narrows a range,
         * so prefixes are monotone. Empty when all of them together do not protect it.
         */
        List<String> smallestFix(List<String> candidates) {
            if (candidates.isEmpty() || !fixes(candidates)) {
                return List.of();
            }
            List<String> kept = new ArrayList<>();
            List<String> pool = new ArrayList<>(candidates);
            while (!pool.isEmpty()) {
                if (!kept.isEmpty() && fixes(kept)) {
                    break;
                }
                int lo = 1;
                int hi = pool.size();
                while (lo < hi) {
                    int mid = (lo + hi) / 2;
                    List<String> prefix = new ArrayList<>(kept);
                    prefix.addAll(pool.subList(0, mid));
                    if (fixes(prefix)) {
                        hi = mid;
                    } else {
                        lo = mid + 1;
                    }
                }
                kept.add(pool.get(lo - 1));
                pool = new ArrayList<>(pool.subList(0, lo - 1));
            }
            return kept;
        }
    }

    /**
     * Units that would withhold a published count linked to the violated one through the equations (through
     * withheld or latent counts, at most {@link #REACH} relations away), cheapest first (patients withheld), then
     * nearest, then by name.
     */
    private static List<String> candidates(AttackerModel model, Cell violated, Predicate<String> allowed,
            Set<String> taken) {
        LinearSystem s = model.system();
        Map<Integer, List<Integer>> uses = new HashMap<>();
        for (int i = 0; i < s.constraints().size(); i++) {
            for (int v : s.constraints().get(i).variables()) {
                uses.computeIfAbsent(v, k -> new ArrayList<>()).add(i);
            }
        }
        Map<String, Long> cost = new HashMap<>();
        for (int v = 0; v < s.variables().size(); v++) {
            Long known = s.variables().get(v).known();
            if (known != null) {
                for (String u : model.unitsOf(v)) {
                    cost.merge(u, known, Long::sum);
                }
            }
        }
        Map<String, Integer> distance = new LinkedHashMap<>();
        BitSet seenVar = new BitSet();
        BitSet seenConstraint = new BitSet();
        ArrayDeque<int[]> todo = new ArrayDeque<>();
        todo.add(new int[] {violated.variable(), 0});
        seenVar.set(violated.variable());
        while (!todo.isEmpty()) {
            int[] at = todo.poll();
            if (at[1] >= REACH) {
                continue;
            }
            for (int ci : uses.getOrDefault(at[0], List.of())) {
                if (seenConstraint.get(ci)) {
                    continue;
                }
                seenConstraint.set(ci);
                for (int w : s.constraints().get(ci).variables()) {
                    if (seenVar.get(w)) {
                        continue;
                    }
                    seenVar.set(w);
                    if (s.variables().get(w).known() != null) {
                        for (String u : model.unitsOf(w)) {
                            if (allowed.test(u) && !taken.contains(u) && cost.getOrDefault(u, 0L) > 0) {
                                distance.putIfAbsent(u, at[1] + 1);
                            }
                        }
                    } else {
                        todo.add(new int[] {w, at[1] + 1});
                    }
                }
            }
        }
        List<String> out = new ArrayList<>(distance.keySet());
        out.sort(Comparator.<String>comparingLong(u -> cost.getOrDefault(u, 0L)).thenComparingInt(distance::get)
                .thenComparing(Comparator.naturalOrder()));
        return out;
    }
}
