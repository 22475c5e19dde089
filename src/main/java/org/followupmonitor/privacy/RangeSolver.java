package org.followupmonitor.privacy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.followupmonitor.privacy.LinearSystem.Relation;

/**
 * The smallest and largest value of an unknown count consistent with a release: two linear programs over the
 * attacker's equations, rounded inwards to whole counts. This is the
 * linear-programming relaxation cell-suppression audits use (the "feasibility interval" of a suppressed cell:
 * Fischetti &amp; Salazar-González, Management Science 1999); an attacker who also used integrality could in
 * principle narrow a little more on systems that are not totally unimodular.
 *
 * <p>Published values are substituted first, then a presolve fixes counts pinned by a single equation (no LP
 * needed: such a count is disclosed exactly) and removes latent counts that appear in only one relation
 * (they turn an equation into an inequality). Each query then solves only the connected part of what remains.
 * Each connected part's program ({@link WarmSimplex}) is made feasible once per mode (exact, least disagreement) and
 * each later query (a count's least or greatest value, a solution for many verdicts) is optimised from the basis the
 * one before it left: a release's programs differ only in their objectives, so rebuilding a tableau and redoing its
 * phase 1 for each, as Commons Math's {@code SimplexSolver} did here before, cost more than the pivots
 * ({@code RangeSolverOracleTest} checks every answer against that solver).
 *
 * <p>A stream release may combine analyses recomputed a moment apart, so that relations between two
 * analyses' views of one population ({@link LinearSystem.Constraint#soft()}) do not hold exactly. When the
 * exact system has no solution, the attacker is taken to assume the least total disagreement that explains the
 * numbers: each soft relation gets a slack, their sum is minimised, and ranges are taken over every solution
 * with no more disagreement than that.
 */
public final class RangeSolver {
    /**
     * Feasible whole counts {@code low .. high}; {@code high == Long.MAX_VALUE} when unbounded.
     */
    public record Range(long low, long high) {
        public boolean unbounded() {
            return high == Long.MAX_VALUE;
        }

        @Override
        public String toString() {
            return low + " .. " + (unbounded() ? "∞" : Long.toString(high));
        }
    }

    private static final double INF = Double.POSITIVE_INFINITY;

    /** Which end of a count's range a program looks for. */
    private enum Goal { MIN, MAX }

    private final LinearSystem system;
    private final Set<Integer> keep;
    private final PlanningWork work;
    private int variableCount;
    private List<Row> rows;
    private double[] lower;
    private double[] upper;
    private double[] shapeLower;
    private double[] shapeUpper;
    private Double[] fixed;
    private boolean[] removed;
    private double drift;
    private boolean relaxed;
    private final Map<Integer, Range> cache = new HashMap<>();
    /** The least and greatest value of each count in the solutions found (null before the first; {@link #seen}). */
    private double[] seenLeast;
    private double[] seenMost;
    private int solves;

    /** A mutable presolve row over unknowns. */
    private static final class Row {
        final LinkedHashMap<Integer, Double> terms = new LinkedHashMap<>();
        Relation relation;
        double rhs;
        final boolean soft;
        /** Whether a published (or derived) value went into it; false for relations of the release's shape. */
        boolean published;
        /** The system's relation it comes from (-1 for none). */
        int origin = -1;
        /** A relation a trial may drop ({@link #pinned}): the presolve reads nothing from it. */
        boolean droppable;

        Row(Relation relation, double rhs, boolean soft) {
            this.relation = relation;
            this.rhs = rhs;
            this.soft = soft;
        }
    }

    /** A linear program found the exact system infeasible where the presolve did not. */
    private static final class Inconsistent extends RuntimeException {
        Inconsistent() {
            super(null, null, false, false);
        }
    }

    /**
     * @param keep the counts whose ranges will be asked for: never eliminated by the presolve
     */
    public RangeSolver(LinearSystem system, Set<Integer> keep) {
        this(system, keep, PlanningWork.unlimited());
    }

    /** The same, its programs counted on {@code work} (which stops them past its limit). */
    RangeSolver(LinearSystem system, Set<Integer> keep, PlanningWork work) {
        this.system = system;
        this.keep = keep;
        this.work = work;
        Prepared exact = prepare(system, keep, false, null, null);
        if (exact != null) {
            use(exact, 0);
        } else {
            relax();
        }
    }

    /**
     * A solver of one count's range in the planner's trials ({@code SuppressionPlanner}): {@code system} is a plan
     * step's release; the counts in {@code pinned} are those whose bounds its trials may widen (published counts they
     * withhold, kept as columns held at their published values rather than substituted, and withheld counts whose
     * lower bound they lower), and the relations in {@code dropped} those they may drop. Each trial's program is then
     * this one with some bounds widened ({@link #widen}), warm-started from this one's basis, where building the
     * trial's own system would build a new tableau and run phase 1 again. Null when the presolve finds the system
     * inconsistent (the trial then solves its own system, as without this).
     *
     * <p>The presolve stays valid for every trial: it never substitutes, forces or absorbs a pinned count (a row
     * with a pinned count is not taken as forcing, since its bound holds only until widened), and derives nothing from
     * a relation a trial may drop; a single relation on a
     * pinned count bounds it in every trial too (kept as its {@code looseLower/looseUpper}), and one that fixes it
     * fixes it in every trial. So a trial's program describes the same solutions as the trial's own system's, and
     * its optimum is the same number.
     */
    static RangeSolver pinned(LinearSystem system, int target, PlanningWork work, BitSet pinned, BitSet dropped) {
        RangeSolver s = new RangeSolver(system, Set.of(target), work, pinned, dropped);
        return s.pinnedCounts == null ? null : s;
    }

    private RangeSolver(LinearSystem system, Set<Integer> keep, PlanningWork work, BitSet pinned, BitSet dropped) {
        this.system = system;
        this.keep = keep;
        this.work = work;
        Prepared p = prepare(system, keep, false, pinned, dropped);
        if (p != null) {
            use(p, 0);
            pinnedCounts = p;
        }
    }

    /** The presolve of a {@link #pinned} solver (its pinned counts and their bounds from the relations). */
    private Prepared pinnedCounts;
    /** Whether the target's program of a {@link #pinned} solver has been optimised for its least value. */
    private boolean pinnedWarm;

    /** One trial's program: a pinned solver's target part with some pinned counts' bounds widened. */
    final class Widened {
        private final Program program;
        private final int column;

        private Widened(Program program, int column) {
            this.program = program;
            this.column = column;
        }

        /** The target's least whole value in the trial. */
        long low() {
            double[] cost = new double[program.lp.structurals()];
            cost[column] = 1;
            solve(program, cost);
            return roundUp(program.lp.value(column));
        }

        /** Its greatest, {@code Long.MAX_VALUE} when unbounded. */
        long high() {
            double[] cost = new double[program.lp.structurals()];
            cost[column] = -1;
            if (solve(program, cost) == WarmSimplex.Status.UNBOUNDED) {
                return Long.MAX_VALUE;
            }
            return roundDown(program.lp.value(column));
        }
    }

    /**
     * A trial of a {@link #pinned} solver: each count of {@code freed} (pinned, now withheld) may take any value of at
     * least the given lower bound that the relations allow. Null when the target's part cannot serve (the target
     * fixed or in no relation, the part without a solution, a bound that excludes the published value): the trial then
     * solves its own system.
     */
    Widened widen(int target, java.util.SortedMap<Integer, Long> freed, BitSet dropped) {
        if (pinnedCounts == null || relaxed || fixed[target] != null || removed[target]) {
            return null;
        }
        List<Row> part = components().get(target);
        if (part == null) {
            return null;
        }
        Program base = exact(part);
        if (!base.lp.feasible()) {
            return null;
        }
        int col = base.column.get(target);
        if (!pinnedWarm) {
            // Once per step: the trials start from the optimum of the count's least value with nothing withheld.
            double[] cost = new double[base.lp.structurals()];
            cost[col] = 1;
            solve(base, cost);
            pinnedWarm = true;
        }
        List<Integer> cols = new ArrayList<>();
        List<double[]> bounds = new ArrayList<>();
        for (Map.Entry<Integer, Long> f : freed.entrySet()) {
            int v = f.getKey();
            if (!pinnedCounts.pinned.get(v)) {
                return null;
            }
            Integer c = base.column.get(v);
            if (fixed[v] != null || c == null) {
                continue; // fixed by a relation of its own in any trial, or in another part
            }
            cols.add(c);
            bounds.add(new double[] {Math.max(f.getValue(), pinnedCounts.looseLower[v]), pinnedCounts.looseUpper[v]});
        }
        for (int k = 0; k < part.size(); k++) {
            Row r = part.get(k);
            if (r.origin >= 0 && dropped.get(r.origin)) {
                if (!r.droppable) {
                    return null;
                }
                // A relation the trial does not have: its logical column free, the row then binds nothing.
                cols.add(base.lp.structurals() + k);
                bounds.add(new double[] {-INF, INF});
            }
        }
        int[] cs = new int[cols.size()];
        double[] lo = new double[cs.length];
        double[] hi = new double[cs.length];
        for (int k = 0; k < cs.length; k++) {
            cs[k] = cols.get(k);
            lo[k] = bounds.get(k)[0];
            hi[k] = bounds.get(k)[1];
        }
        WarmSimplex lp = base.lp.widened(cs, lo, hi);
        if (lp == null) {
            return null;
        }
        Program p = new Program(base, lp);
        meter(p, 0);
        return new Widened(p, col);
    }

    private void use(Prepared p, double least) {
        this.variableCount = p.count;
        this.rows = p.rows;
        this.lower = p.lower;
        this.upper = p.upper;
        this.shapeLower = p.shapeLower;
        this.shapeUpper = p.shapeUpper;
        this.fixed = p.fixed;
        this.removed = p.removed;
        this.drift = least;
        forgetPrograms();
    }

    /** Inconsistent as published: the least-disagreement attacker (see the class comment). */
    private void relax() {
        Prepared p = prepare(system, keep, true, null, null);
        if (p == null) {
            throw new IllegalStateException("the release's equations are inconsistent even with slack");
        }
        double least = minimiseSlack(p);
        // A little room above the least: the programs are solved in floating point.
        Row budget = new Row(Relation.LE, least + 1e-3 + 1e-6 * least, false);
        budget.published = true; // the least disagreement is a fact about the numbers, not the shape
        for (int sl : p.slacks) {
            if (p.fixed[sl] != null) {
                budget.rhs -= p.fixed[sl];
            } else {
                budget.terms.put(sl, 1.0);
            }
        }
        p.rows.add(budget);
        use(p, least);
        relaxed = true;
        // Solutions of the exact system stay solutions (every slack 0); the relaxed one has more columns.
        if (seenLeast != null) {
            int was = seenLeast.length;
            seenLeast = java.util.Arrays.copyOf(seenLeast, variableCount);
            seenMost = java.util.Arrays.copyOf(seenMost, variableCount);
            java.util.Arrays.fill(seenLeast, was, variableCount, INF);
            java.util.Arrays.fill(seenMost, was, variableCount, -INF);
        }
        cache.clear();
        lows.clear();
        highs.clear();
    }

    /** Runs a query; if its program shows the exact system inconsistent, relaxes and runs it again. */
    private <T> T exactOrRelaxed(java.util.function.Supplier<T> query) {
        try {
            return query.get();
        } catch (Inconsistent e) {
            if (relaxed) {
                throw new IllegalStateException("the release's equations are inconsistent even with slack");
            }
            relax();
            return query.get();
        }
    }

    /**
     * The least total disagreement between analyses that the attacker had to assume (0 for a consistent
     * release).
     */
    public double drift() {
        return drift;
    }

    /** Whether the exact system was found inconsistent, so ranges are the least-disagreement attacker's. */
    boolean relaxedMode() {
        return relaxed;
    }

    /** Objectives optimised so far, one per connected part a query solves (for tests and measurements). */
    public int solves() {
        return solves;
    }

    /** The feasible range of a variable that was kept (or published). */
    public Range range(int variable) {
        Range r = cache.get(variable);
        if (r == null) {
            r = new Range(low(variable), high(variable));
            cache.put(variable, r);
        }
        return r;
    }

    private final Map<Integer, Long> lows = new HashMap<>();
    private final Map<Integer, Long> highs = new HashMap<>();

    /** The smallest feasible whole value of a kept variable. */
    public long low(int v) {
        return bound(v, Goal.MIN);
    }

    /** The largest feasible whole value of a kept variable; {@code Long.MAX_VALUE} when unbounded. */
    public long high(int v) {
        return bound(v, Goal.MAX);
    }

    /** One end of a kept variable's range, rounded inwards to a whole count, remembered until a relaxation. */
    private long bound(int v, Goal goal) {
        boolean min = goal == Goal.MIN;
        Long known = (min ? lows : highs).get(v);
        if (known != null) {
            return known;
        }
        long value = exactOrRelaxed(() -> {
            if (fixed[v] != null) {
                return Math.round(fixed[v]);
            }
            List<Row> component = component(v);
            double end = component.isEmpty() ? (min ? lower[v] : upper[v]) : optimise(component, v, goal);
            return min ? roundUp(end) : end == INF ? Long.MAX_VALUE : roundDown(end);
        });
        (min ? lows : highs).put(v, value);
        return value;
    }

    /**
     * One solution of the equations (every kept variable's value in it), chosen for many verdicts at once: with
     * {@code cap} null, the least sum of {@code targets}; otherwise the greatest sum of each target capped at
     * {@code cap} (each {@code min(x, cap)}). A target's value in a solution is a feasible value, so the first
     * bounds each target's least value from above and the second its greatest from below, for every target from
     * one objective over everything, optimised part by part as it separates (a count that the solution does not
     * settle is solved on its own). The solution is one optimal vertex, not necessarily the one Commons Math's
     * solver gave before.
     */
    public Map<Integer, Double> witness(java.util.Collection<Integer> targets, Double cap) {
        return exactOrRelaxed(() -> solveWitness(targets, cap));
    }

    private Map<Integer, Double> solveWitness(java.util.Collection<Integer> targets, Double cap) {
        Map<Integer, Double> out = new HashMap<>();
        Map<List<Row>, List<Integer>> byComponent = new java.util.IdentityHashMap<>();
        for (int v : targets) {
            if (fixed[v] != null) {
                out.put(v, fixed[v]);
            } else if (removed[v]) {
                throw new IllegalArgumentException("variable " + v + " was eliminated: pass it in 'keep'");
            } else if (!components().containsKey(v)) {
                // In no relation: anything within its bounds.
                out.put(v, cap == null ? lower[v] : Math.min(upper[v], Math.max(lower[v], cap)));
            } else {
                byComponent.computeIfAbsent(components().get(v), k -> new ArrayList<>()).add(v);
            }
        }
        if (byComponent.isEmpty()) {
            return out;
        }
        // One solution of the whole system: every connected part must have one (else the exact system is
        // inconsistent, as one program over all rows would find); the objective is optimised part by part, as it
        // separates.
        for (List<Row> part : distinctComponents()) {
            if (!exact(part).lp.feasible()) {
                throw new Inconsistent();
            }
        }
        for (List<Row> part : distinctComponents()) {
            Program p = exact(part);
            List<Integer> in = byComponent.get(part);
            if (in == null) {
                seen(p);
                continue;
            }
            if (cap == null) {
                double[] cost = new double[p.lp.structurals()];
                in.forEach(v -> cost[p.column.get(v)] = 1);
                solve(p, cost);
                double[] x = p.lp.values();
                in.forEach(v -> out.put(v, x[p.column.get(v)]));
                seen(p);
            } else {
                // The greatest sum of min(x, cap): y <= x and 0 <= y <= cap for each target, the sum of y maximised.
                Program c = capped(part, p, in, cap);
                double[] cost = new double[c.lp.structurals()];
                in.forEach(v -> cost[c.capColumn.get(v)] = -1);
                solve(c, cost);
                double[] x = c.lp.values();
                in.forEach(v -> out.put(v, x[c.column.get(v)]));
                seen(c);
            }
        }
        return out;
    }

    /**
     * Whether the exact equations have a solution (a release whose analyses were computed from the same data
     * always does); finds one for each connected part.
     */
    public boolean consistent() {
        if (relaxed) {
            return false;
        }
        for (List<Row> part : distinctComponents()) {
            Program p = exact(part);
            if (!p.lp.feasible()) {
                return false;
            }
            seen(p);
        }
        return true;
    }

    /**
     * The least value of a kept variable that the release's shape alone implies, as far as its connected part
     * shows it: the minimum over the relations that involve no published value (which markers are where,
     * which groups are listed), with every published value free, and with only the bounds those relations and the
     * markers give. A relation that states a number (a floor from earlier releases, a Cox model's rows: a
     * right-hand side other than 0) is a published value, as {@link LinearSystem#shapeOnly} takes it: a bound the
     * presolve derives from it is not shape (it would make a floor of 5 look like the count's shape, and the count's
     * narrowing to 5 .. look like none). A lower bound of the shape's implication.
     */
    public long structuralLow(int v) {
        if (fixed[v] != null) {
            return 0;
        }
        List<Row> part = component(v);
        if (part.isEmpty()) {
            return roundUp(shapeLower[v]);
        }
        Program p = shapePrograms.get(part);
        if (p == null) {
            List<Row> shape = part.stream().filter(r -> !r.published).toList();
            p = shape.isEmpty() ? null : new Program(shape, shapeLower, shapeUpper);
            shapePrograms.put(part, p == null ? NONE : p);
        }
        if (p == null || p == NONE) {
            return roundUp(shapeLower[v]);
        }
        if (!p.lp.feasible()) {
            return 0; // the shape alone is no bound then; 0 errs on the strict side
        }
        Integer col = p.column.get(v);
        if (col == null) {
            return roundUp(shapeLower[v]); // in no relation of the shape: only its own bounds
        }
        double[] cost = new double[p.lp.structurals()];
        cost[col] = 1;
        solve(p, cost);
        return roundUp(p.lp.value(col));
    }

    private List<Row> component(int v) {
        if (removed[v]) {
            throw new IllegalArgumentException("variable " + v + " was eliminated: pass it in 'keep'");
        }
        return components().getOrDefault(v, List.of());
    }

    private static long roundUp(double x) {
        return (long) Math.ceil(x - 1e-6 * Math.max(1, Math.abs(x)));
    }

    private static long roundDown(double x) {
        return (long) Math.floor(x + 1e-6 * Math.max(1, Math.abs(x)));
    }

    // ------------------------------------------------------------------ presolve

    private static final class Prepared {
        int count;
        List<Row> rows;
        double[] lower;
        double[] upper;
        /** The bounds the shape alone gives: markers, and single relations that state no number. */
        double[] shapeLower;
        double[] shapeUpper;
        Double[] fixed;
        boolean[] removed;
        List<Integer> slacks = new ArrayList<>();
        /** Published counts held at their values as columns, not substituted ({@link #pinned}); null for none. */
        BitSet pinned;
        /** The bounds of a pinned count that the relations alone give (single relations that the presolve read). */
        double[] looseLower;
        double[] looseUpper;
    }

    /** Substitutes, presolves; null when the system is infeasible. */
    private static Prepared prepare(LinearSystem system, Set<Integer> keep, boolean withSlack, BitSet pinned,
            BitSet dropped) {
        Prepared p = new Prepared();
        int n = system.variables().size();
        int extra = 0;
        if (withSlack) {
            extra += 2 * system.constraints().size();
        }
        p.count = n + extra;
        p.lower = new double[p.count];
        p.upper = new double[p.count];
        p.fixed = new Double[p.count];
        p.removed = new boolean[p.count];
        java.util.Arrays.fill(p.upper, INF);
        p.shapeLower = new double[p.count];
        p.shapeUpper = new double[p.count];
        java.util.Arrays.fill(p.shapeUpper, INF);
        BitSet protect = new BitSet();
        keep.forEach(protect::set);
        if (pinned != null) {
            p.pinned = new BitSet();
            p.looseLower = new double[p.count];
            p.looseUpper = new double[p.count];
            java.util.Arrays.fill(p.looseLower, -INF);
            java.util.Arrays.fill(p.looseUpper, INF);
        }
        for (int i = 0; i < n; i++) {
            LinearSystem.Variable var = system.variables().get(i);
            p.lower[i] = var.lowerBound();
            p.shapeLower[i] = var.lowerBound();
            if (pinned != null && pinned.get(i)) {
                // A column whose bounds a trial widens: a published count held at its value (never substituted), or
                // a withheld one whose lower bound falls; never absorbed as a latent count (its bound is read there).
                if (var.known() != null) {
                    p.lower[i] = var.known();
                    p.upper[i] = var.known();
                }
                p.pinned.set(i);
                protect.set(i);
            } else if (var.known() != null) {
                p.fixed[i] = (double) var.known();
            }
        }
        boolean anySoft = system.constraints().stream().anyMatch(LinearSystem.Constraint::soft);
        p.rows = new ArrayList<>();
        int next = n;
        for (LinearSystem.Constraint c : system.constraints()) {
            Row r = new Row(c.relation(), c.rhs(), c.soft());
            r.origin = p.rows.size();
            r.droppable = dropped != null && dropped.get(r.origin);
            r.published = c.rhs() != 0; // a stated number (LinearSystem.shapeOnly drops such relations too)
            for (int k = 0; k < c.variables().length; k++) {
                int v = c.variables()[k];
                if (p.fixed[v] != null) {
                    r.rhs -= c.coefficients()[k] * p.fixed[v];
                    r.published = true;
                } else {
                    r.terms.merge(v, c.coefficients()[k], Double::sum);
                }
            }
            // Slack on soft relations; if none is soft, on every equation (a last resort for foreign files).
            if (withSlack && (c.soft() || !anySoft && c.relation() == Relation.EQ)) {
                if (c.relation() != Relation.GE) {
                    r.terms.put(next, -1.0);
                    p.slacks.add(next);
                    protect.set(next);
                    next++;
                }
                if (c.relation() != Relation.LE) {
                    r.terms.put(next, 1.0);
                    p.slacks.add(next);
                    protect.set(next);
                    next++;
                }
            }
            p.rows.add(r);
        }
        return presolve(p, protect) ? p : null;
    }

    private static boolean presolve(Prepared p, BitSet protect) {
        boolean changed = true;
        while (changed) {
            changed = false;
            Map<Integer, List<Row>> uses = new HashMap<>();
            for (Row r : p.rows) {
                r.terms.values().removeIf(c -> c == 0);
                for (int v : r.terms.keySet()) {
                    uses.computeIfAbsent(v, k -> new ArrayList<>()).add(r);
                }
            }
            List<Row> next = new ArrayList<>();
            for (Row r : p.rows) {
                if (r.terms.isEmpty()) {
                    if (!LinearSystem.holds(0, r.relation, r.rhs)) {
                        if (Boolean.getBoolean("followup.privacy.debug")) {
                            System.err.println("presolve: empty row " + r.relation + " " + r.rhs + " soft " + r.soft);
                        }
                        return false;
                    }
                    changed = true;
                    continue;
                }
                if (r.droppable) {
                    next.add(r); // a trial may drop it: nothing is derived from it
                    continue;
                }
                if (forcing(p, r)) {
                    // Every term is at its bound at once (e.g. losses summing to no exclusion): fix them all.
                    for (Map.Entry<Integer, Double> t : new ArrayList<>(r.terms.entrySet())) {
                        int v = t.getKey();
                        double at = t.getValue() > 0 == (r.relation != Relation.GE) ? p.lower[v] : p.upper[v];
                        p.fixed[v] = at;
                        substitute(p.rows, v, at);
                    }
                    changed = true;
                    continue;
                }
                if (r.terms.size() == 1) {
                    Map.Entry<Integer, Double> t = r.terms.entrySet().iterator().next();
                    int v = t.getKey();
                    double a = t.getValue();
                    double bound = r.rhs / a;
                    Relation rel = a > 0 ? r.relation : flip(r.relation);
                    if (rel == Relation.EQ) {
                        if (bound < p.lower[v] - 1e-7 * Math.max(1, Math.abs(bound))
                                || bound > p.upper[v] + 1e-7 * Math.max(1, Math.abs(bound))) {
                            if (Boolean.getBoolean("followup.privacy.debug")) {
                                System.err.println("presolve: var " + v + " = " + bound + " outside " + p.lower[v]
                                        + ".." + p.upper[v]);
                            }
                            return false;
                        }
                        p.fixed[v] = bound;
                        substitute(p.rows, v, bound);
                    } else if (rel == Relation.LE) {
                        p.upper[v] = Math.min(p.upper[v], bound);
                        if (p.pinned != null && p.pinned.get(v)) {
                            p.looseUpper[v] = Math.min(p.looseUpper[v], bound);
                        }
                        if (!r.published) {
                            p.shapeUpper[v] = Math.min(p.shapeUpper[v], bound);
                        }
                    } else {
                        p.lower[v] = Math.max(p.lower[v], bound);
                        if (p.pinned != null && p.pinned.get(v)) {
                            p.looseLower[v] = Math.max(p.looseLower[v], bound);
                        }
                        if (!r.published) {
                            p.shapeLower[v] = Math.max(p.shapeLower[v], bound);
                        }
                    }
                    if (p.lower[v] > p.upper[v] + 1e-7 * Math.max(1, Math.abs(p.upper[v]))) {
                        if (Boolean.getBoolean("followup.privacy.debug")) {
                            System.err.println("presolve: var " + v + " bounds " + p.lower[v] + ".." + p.upper[v]);
                        }
                        return false;
                    }
                    changed = true;
                    continue;
                }
                next.add(r);
            }
            p.rows = next;
            if (changed) {
                continue;
            }
            // Latent counts in one relation only: they absorb it.
            for (Map.Entry<Integer, List<Row>> u : uses.entrySet()) {
                int v = u.getKey();
                if (protect.get(v) || u.getValue().size() != 1 || p.upper[v] != INF || p.fixed[v] != null) {
                    continue;
                }
                Row r = u.getValue().get(0);
                if (!p.rows.contains(r)) {
                    continue;
                }
                double a = r.terms.remove(v);
                p.removed[v] = true;
                // rest + a v (rel) rhs with v >= lower[v], v unbounded above.
                if (r.relation == Relation.EQ) {
                    r.relation = a > 0 ? Relation.LE : Relation.GE;
                    r.rhs -= a * p.lower[v];
                } else if ((r.relation == Relation.LE) == (a > 0)) {
                    r.rhs -= a * p.lower[v];
                } else {
                    p.rows.remove(r); // v can grow to satisfy it whatever the rest
                }
                changed = true;
                break; // uses are stale now
            }
        }
        return true;
    }

    /**
     * A row that can only hold with every variable at the bound that minimises (for = and &le;) or maximises
     * (for &ge;) its left-hand side, that bound being reached exactly: e.g. a sum of non-negative counts
     * equal to 0.
     */
    private static boolean forcing(Prepared p, Row r) {
        if (r.terms.size() < 2 || r.relation == Relation.GE) {
            return false;
        }
        if (p.pinned != null && r.terms.keySet().stream().anyMatch(p.pinned::get)) {
            return false; // a pinned count's bounds are its value only until a trial widens them
        }
        double least = 0;
        for (Map.Entry<Integer, Double> t : r.terms.entrySet()) {
            double a = t.getValue();
            double bound = a > 0 ? p.lower[t.getKey()] : p.upper[t.getKey()];
            if (Double.isInfinite(bound)) {
                return false;
            }
            least += a * bound;
        }
        return Math.abs(least - r.rhs) <= 1e-9 * Math.max(1, Math.abs(r.rhs));
    }

    private static void substitute(List<Row> rows, int v, double value) {
        for (Row r : rows) {
            Double a = r.terms.remove(v);
            if (a != null) {
                r.rhs -= a * value;
                r.published = true;
            }
        }
    }

    private static Relation flip(Relation r) {
        return r == Relation.LE ? Relation.GE : r == Relation.GE ? Relation.LE : r;
    }

    // ------------------------------------------------------------------ linear programs

    /**
     * One connected part's linear program ({@link WarmSimplex}): made feasible once, then optimised for each query
     * from the last optimal basis. {@code capColumn} gives a witness' capped column of a count ({@link #capped}).
     */
    private static final class Program {
        final Map<Integer, Integer> column = new LinkedHashMap<>();
        final Map<Integer, Integer> capColumn = new HashMap<>();
        final int rows;
        WarmSimplex lp;

        Program(List<Row> part, double[] lower, double[] upper) {
            for (Row r : part) {
                for (int x : r.terms.keySet()) {
                    column.putIfAbsent(x, column.size());
                }
            }
            int n = column.size();
            double[] lo = new double[n];
            double[] hi = new double[n];
            column.forEach((v, c) -> {
                lo[c] = lower[v];
                hi[c] = upper[v];
            });
            List<WarmSimplex.SparseRow> rs = new ArrayList<>();
            for (Row r : part) {
                int[] cs = new int[r.terms.size()];
                double[] as = new double[cs.length];
                int k = 0;
                for (Map.Entry<Integer, Double> t : r.terms.entrySet()) {
                    cs[k] = column.get(t.getKey());
                    as[k++] = t.getValue();
                }
                rs.add(new WarmSimplex.SparseRow(cs, as, r.relation, r.rhs));
            }
            this.rows = part.size();
            this.lp = new WarmSimplex(n, rs, lo, hi);
        }

        private Program(Program base, WarmSimplex lp) {
            column.putAll(base.column);
            rows = base.rows;
            this.lp = lp;
        }
    }

    /** A part whose shape has no relation (structuralLow's cache). */
    private static final Program NONE = new Program(List.of(), new double[0], new double[0]);

    private Map<Integer, List<Row>> components;
    private List<List<Row>> componentList;
    private final Map<List<Row>, Program> exactPrograms = new java.util.IdentityHashMap<>();
    private final Map<List<Row>, Program> shapePrograms = new java.util.IdentityHashMap<>();
    private final Map<List<Row>, Program> cappedPrograms = new java.util.IdentityHashMap<>();
    private final Map<List<Row>, Double> cappedAt = new java.util.IdentityHashMap<>();

    /** Each variable in some row, and the connected part of the rows it is in (computed once per mode). */
    private Map<Integer, List<Row>> components() {
        if (components == null) {
            components = new HashMap<>();
            componentList = new ArrayList<>();
            for (Row r : rows) {
                for (int x : r.terms.keySet()) {
                    if (!components.containsKey(x)) {
                        List<Row> part = componentOf(x);
                        componentList.add(part);
                        for (Row q : part) {
                            q.terms.keySet().forEach(y -> components.put(y, part));
                        }
                    }
                }
            }
        }
        return components;
    }

    private List<List<Row>> distinctComponents() {
        components();
        return componentList;
    }

    /** Forgets the programs (the rows changed: a relaxation). */
    private void forgetPrograms() {
        components = null;
        componentList = null;
        exactPrograms.clear();
        shapePrograms.clear();
        cappedPrograms.clear();
        cappedAt.clear();
    }

    /** The part's program with the solver's bounds, built (phase 1 run, its work counted) on first use. */
    private Program exact(List<Row> part) {
        Program p = exactPrograms.get(part);
        if (p == null) {
            p = built(new Program(part, lower, upper));
            exactPrograms.put(part, p);
        }
        return p;
    }

    /** The part's program with a capped copy of each count in {@code in} (and of any kept count in it). */
    private Program capped(List<Row> part, Program exact, List<Integer> in, double cap) {
        Program c = cappedPrograms.get(part);
        if (c != null && cappedAt.get(part) == cap && c.capColumn.keySet().containsAll(in)) {
            return c;
        }
        java.util.TreeSet<Integer> capped = new java.util.TreeSet<>(in);
        for (int v : exact.column.keySet()) {
            if (keep.contains(v)) {
                capped.add(v);
            }
        }
        int[] cols = new int[capped.size()];
        int k = 0;
        for (int v : capped) {
            cols[k++] = exact.column.get(v);
        }
        c = new Program(exact, exact.lp.withCaps(cols, cap));
        k = 0;
        for (int v : capped) {
            c.capColumn.put(v, exact.lp.structurals() + k++);
        }
        built(c);
        cappedPrograms.put(part, c);
        cappedAt.put(part, cap);
        return c;
    }

    /** Counts a new program's set-up (and phase 1) on the work meter. */
    private Program built(Program p) {
        if (PlanningWork.PROFILE) {
            System.err.printf("    lp %d x %d built, %d pivots%s%n", p.rows, p.lp.structurals(), p.lp.pivots(),
                    p.lp.feasible() ? "" : ", infeasible");
        }
        meter(p, 0);
        return p;
    }

    /** One objective over a built program (phase 2 from its last basis), counted as one program on the meter. */
    private WarmSimplex.Status solve(Program p, double[] cost) {
        solves++;
        int before = p.lp.pivots();
        WarmSimplex.Status s = p.lp.minimise(cost);
        if (PlanningWork.PROFILE) {
            System.err.printf("    lp %d x %d, %d pivots%n", p.rows, p.lp.structurals(), p.lp.pivots() - before);
        }
        meter(p, 1);
        return s;
    }

    private final Map<WarmSimplex, Long> metered = new java.util.IdentityHashMap<>();

    /** Charges the program's work since last charged. */
    private void meter(Program p, int programs) {
        long total = p.lp.work();
        long was = metered.getOrDefault(p.lp, 0L);
        metered.put(p.lp, total);
        work.charge(total - was, programs);
    }

    private List<Row> componentOf(int v) {
        Map<Integer, List<Row>> uses = new HashMap<>();
        for (Row r : rows) {
            for (int x : r.terms.keySet()) {
                uses.computeIfAbsent(x, k -> new ArrayList<>()).add(r);
            }
        }
        java.util.Set<Row> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        BitSet visited = new BitSet();
        java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>();
        todo.add(v);
        visited.set(v);
        List<Row> out = new ArrayList<>();
        while (!todo.isEmpty()) {
            int x = todo.poll();
            for (Row r : uses.getOrDefault(x, List.of())) {
                if (seen.add(r)) {
                    out.add(r);
                    for (int y : r.terms.keySet()) {
                        if (!visited.get(y)) {
                            visited.set(y);
                            todo.add(y);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Optimises {@code x[target]} over its part; +infinity when unbounded above. */
    private double optimise(List<Row> part, int target, Goal goal) {
        Program p = exact(part);
        if (!p.lp.feasible()) {
            throw new Inconsistent();
        }
        int col = p.column.get(target);
        double[] cost = new double[p.lp.structurals()];
        cost[col] = goal == Goal.MIN ? 1 : -1;
        if (solve(p, cost) == WarmSimplex.Status.UNBOUNDED) {
            return INF;
        }
        seen(p);
        return p.lp.value(col);
    }

    /**
     * Takes in a solution of a part's rows: each value in it is a feasible value of its count, so the least and
     * greatest seen bound its range from inside.
     */
    private void seen(Program p) {
        if (seenLeast == null) {
            seenLeast = new double[variableCount];
            seenMost = new double[variableCount];
            java.util.Arrays.fill(seenLeast, INF);
            java.util.Arrays.fill(seenMost, -INF);
        }
        double[] point = p.lp.values();
        for (Map.Entry<Integer, Integer> c : p.column.entrySet()) {
            int v = c.getKey();
            if (v < variableCount) {
                double x = point[c.getValue()];
                seenLeast[v] = Math.min(seenLeast[v], x);
                seenMost[v] = Math.max(seenMost[v], x);
            }
        }
    }

    /**
     * The least value of a kept count in the solutions the solver has found so far (feasible, so its least value is at
     * most this); +infinity when none has shown it. A fixed count's value, a count in no relation its lower bound.
     */
    public double seenLeast(int v) {
        if (fixed[v] != null) {
            return fixed[v];
        }
        if (componentFree(v)) {
            return lower[v];
        }
        return seenLeast == null ? INF : seenLeast[v];
    }

    /** The greatest value of a kept count in the solutions found so far (its greatest is at least this). */
    public double seenMost(int v) {
        if (fixed[v] != null) {
            return fixed[v];
        }
        if (componentFree(v)) {
            return upper[v];
        }
        return seenMost == null ? -INF : seenMost[v];
    }

    private boolean componentFree(int v) {
        return !removed[v] && !components().containsKey(v);
    }

    /** The least sum of slacks that makes the relaxed system feasible (each connected part on its own). */
    private double minimiseSlack(Prepared p) {
        java.util.Set<Integer> slacks = new java.util.HashSet<>(p.slacks);
        java.util.Set<Integer> inRows = new java.util.HashSet<>();
        p.rows.forEach(r -> inRows.addAll(r.terms.keySet()));
        double least = 0;
        for (int sl : p.slacks) {
            if (p.fixed[sl] != null) {
                least += p.fixed[sl];
            } else if (!p.removed[sl] && !inRows.contains(sl)) {
                least += p.lower[sl];
            }
        }
        List<Row> saved = rows;
        rows = p.rows;
        try {
            java.util.Set<Integer> done = new java.util.HashSet<>();
            for (Row r : p.rows) {
                for (int x : r.terms.keySet()) {
                    if (!done.add(x)) {
                        continue;
                    }
                    List<Row> part = componentOf(x);
                    part.forEach(q -> done.addAll(q.terms.keySet()));
                    Program prog = built(new Program(part, p.lower, p.upper));
                    if (!prog.lp.feasible()) {
                        throw new IllegalStateException("the release's equations are inconsistent even with slack");
                    }
                    double[] cost = new double[prog.lp.structurals()];
                    boolean any = false;
                    for (Map.Entry<Integer, Integer> c : prog.column.entrySet()) {
                        if (slacks.contains(c.getKey())) {
                            cost[c.getValue()] = 1;
                            any = true;
                        }
                    }
                    if (any) {
                        solve(prog, cost);
                        least += prog.lp.objective();
                    }
                }
            }
        } finally {
            rows = saved;
        }
        return least;
    }

    int variableCount() {
        return variableCount;
    }
}
