package org.followupmonitor.privacy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NoFeasibleSolutionException;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.linear.UnboundedSolutionException;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.followupmonitor.privacy.LinearSystem.Relation;
import org.followupmonitor.privacy.RangeSolver.Range;

/**
 * The test oracle for {@link RangeSolver}: the range solver as it was before its warm-started simplex
 * ({@link WarmSimplex}), every linear program solved from scratch by Commons Math's {@link SimplexSolver}; kept
 * verbatim apart from this comment, its name and the work meter ({@code RangeSolverOracleTest}). The presolve is the
 * same code as {@link RangeSolver}'s on purpose: a frozen copy of the checked solver, so that a later change to the
 * presolve there shows as a disagreement here, not only a change of the simplex.
 *
 * <p>The smallest and largest value of an unknown count consistent with a release: two linear programs over the
 * attacker's equations (Commons Math's {@link SimplexSolver}), rounded inwards to whole counts. This is the
 * linear-programming relaxation cell-suppression audits use (the "feasibility interval" of a suppressed cell:
 * Fischetti &amp; Salazar-González, Management Science 1999); an attacker who also used integrality could in
 * principle narrow a little more on systems that are not totally unimodular.
 *
 * <p>Published values are substituted first, then a presolve fixes counts pinned by a single equation (no LP
 * needed: such a count is disclosed exactly) and removes latent counts that appear in only one relation
 * (they turn an equation into an inequality). Each query then solves only the connected part of what remains.
 *
 * <p>A stream release may combine analyses recomputed a moment apart, so that relations between two
 * analyses' views of one population ({@link LinearSystem.Constraint#soft()}) do not hold exactly. When the
 * exact system has no solution, the attacker is taken to assume the least total disagreement that explains the
 * numbers: each soft relation gets a slack, their sum is minimised, and ranges are taken over every solution
 * with no more disagreement than that.
 */
final class CommonsMathRangeSolver {
    private static final double INF = Double.POSITIVE_INFINITY;

    private final LinearSystem system;
    private final Set<Integer> keep;
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
    CommonsMathRangeSolver(LinearSystem system, Set<Integer> keep) {
        this.system = system;
        this.keep = keep;
        Prepared exact = prepare(system, keep, false);
        if (exact != null) {
            use(exact, 0);
        } else {
            relax();
        }
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
    }

    /** Inconsistent as published: the least-disagreement attacker (see the class comment). */
    private void relax() {
        Prepared p = prepare(system, keep, true);
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

    /** Linear programs solved so far (for tests and measurements). */
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
        return bound(v, GoalType.MINIMIZE);
    }

    /** The largest feasible whole value of a kept variable; {@code Long.MAX_VALUE} when unbounded. */
    public long high(int v) {
        return bound(v, GoalType.MAXIMIZE);
    }

    /** One end of a kept variable's range, rounded inwards to a whole count, remembered until a relaxation. */
    private long bound(int v, GoalType goal) {
        boolean min = goal == GoalType.MINIMIZE;
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
     * one linear program over everything (a count that the solution does not settle is solved on its own).
     */
    public Map<Integer, Double> witness(java.util.Collection<Integer> targets, Double cap) {
        return exactOrRelaxed(() -> solveWitness(targets, cap));
    }

    private Map<Integer, Double> solveWitness(java.util.Collection<Integer> targets, Double cap) {
        Map<Integer, Integer> column = new LinkedHashMap<>();
        for (Row r : rows) {
            for (int x : r.terms.keySet()) {
                column.putIfAbsent(x, column.size());
            }
        }
        Map<Integer, Double> out = new HashMap<>();
        List<Integer> inRows = new ArrayList<>();
        for (int v : targets) {
            if (fixed[v] != null) {
                out.put(v, fixed[v]);
            } else if (removed[v]) {
                throw new IllegalArgumentException("variable " + v + " was eliminated: pass it in 'keep'");
            } else if (!column.containsKey(v)) {
                // In no relation: anything within its bounds.
                out.put(v, cap == null ? lower[v] : Math.min(upper[v], Math.max(lower[v], cap)));
            } else {
                inRows.add(v);
            }
        }
        if (inRows.isEmpty()) {
            return out;
        }
        int base = column.size();
        int m = base + (cap == null ? 0 : inRows.size());
        List<LinearConstraint> constraints = shiftedConstraints(rows, column, m, lower, upper);
        double[] objective = new double[m];
        for (int k = 0; k < inRows.size(); k++) {
            int v = inRows.get(k);
            if (cap == null) {
                objective[column.get(v)] = 1;
            } else {
                // y <= x and y <= cap, y >= 0; x is shifted by its lower bound.
                double[] a = new double[m];
                a[base + k] = 1;
                a[column.get(v)] = -1;
                constraints.add(new LinearConstraint(a, Relationship.LEQ, lower[v]));
                double[] b = new double[m];
                b[base + k] = 1;
                constraints.add(new LinearConstraint(b, Relationship.LEQ, Math.max(0, cap)));
                objective[base + k] = 1;
            }
        }
        try {
            PointValuePair p = simplex(objective, constraints, cap == null ? GoalType.MINIMIZE : GoalType.MAXIMIZE);
            for (int v : inRows) {
                out.put(v, p.getPoint()[column.get(v)] + lower[v]);
            }
            seen(column, p.getPoint());
            return out;
        } catch (NoFeasibleSolutionException e) {
            throw new Inconsistent();
        }
    }

    /**
     * Whether the exact equations have a solution (a release whose analyses were computed from the same data
     * always does); solves one program over everything.
     */
    public boolean consistent() {
        if (relaxed) {
            return false;
        }
        if (rows.isEmpty()) {
            return true;
        }
        try {
            int any = rows.get(0).terms.keySet().iterator().next();
            optimise(rows, any, GoalType.MINIMIZE);
            return true;
        } catch (Inconsistent e) {
            return false;
        }
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
        List<Row> shape = component(v).stream().filter(r -> !r.published).toList();
        try {
            return shape.isEmpty() ? roundUp(shapeLower[v])
                    : roundUp(optimise(shape, v, GoalType.MINIMIZE, shapeLower, shapeUpper));
        } catch (Inconsistent e) {
            return 0; // the shape alone is no bound then; 0 errs on the strict side
        }
    }

    private List<Row> component(int v) {
        if (removed[v]) {
            throw new IllegalArgumentException("variable " + v + " was eliminated: pass it in 'keep'");
        }
        return componentOf(v);
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
    }

    /** Substitutes, presolves; null when the system is infeasible. */
    private static Prepared prepare(LinearSystem system, Set<Integer> keep, boolean withSlack) {
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
        for (int i = 0; i < n; i++) {
            LinearSystem.Variable var = system.variables().get(i);
            p.lower[i] = var.lowerBound();
            p.shapeLower[i] = var.lowerBound();
            if (var.known() != null) {
                p.fixed[i] = (double) var.known();
            }
        }
        boolean anySoft = system.constraints().stream().anyMatch(LinearSystem.Constraint::soft);
        p.rows = new ArrayList<>();
        int next = n;
        for (LinearSystem.Constraint c : system.constraints()) {
            Row r = new Row(c.relation(), c.rhs(), c.soft());
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
                        if (!r.published) {
                            p.shapeUpper[v] = Math.min(p.shapeUpper[v], bound);
                        }
                    } else {
                        p.lower[v] = Math.max(p.lower[v], bound);
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

    /**
     * The rows and the variables' upper bounds as the solver's constraints over {@code m} columns, each column
     * shifted by its lower bound so that the solver's x' >= 0 is x >= lower (columns from {@code column}; any beyond
     * them are the caller's).
     */
    private static List<LinearConstraint> shiftedConstraints(List<Row> rows, Map<Integer, Integer> column, int m,
            double[] lower, double[] upper) {
        List<LinearConstraint> constraints = new ArrayList<>();
        for (Row r : rows) {
            double[] a = new double[m];
            double rhs = r.rhs;
            for (Map.Entry<Integer, Double> t : r.terms.entrySet()) {
                a[column.get(t.getKey())] = t.getValue();
                rhs -= t.getValue() * lower[t.getKey()];
            }
            constraints.add(new LinearConstraint(a, relationship(r.relation), rhs));
        }
        for (Map.Entry<Integer, Integer> c : column.entrySet()) {
            if (upper[c.getKey()] != INF) {
                double[] a = new double[m];
                a[c.getValue()] = 1;
                constraints.add(new LinearConstraint(a, Relationship.LEQ, upper[c.getKey()] - lower[c.getKey()]));
            }
        }
        return constraints;
    }

    /** Optimises {@code x[target]} over the rows; +infinity when unbounded above. */
    private double optimise(List<Row> component, int target, GoalType goal) {
        return optimise(component, target, goal, lower, upper);
    }

    /** The same with the given bounds on the variables. */
    private double optimise(List<Row> component, int target, GoalType goal, double[] lower, double[] upper) {
        Map<Integer, Integer> column = new LinkedHashMap<>();
        column.put(target, 0);
        for (Row r : component) {
            for (int x : r.terms.keySet()) {
                column.putIfAbsent(x, column.size());
            }
        }
        int m = column.size();
        List<LinearConstraint> constraints = shiftedConstraints(component, column, m, lower, upper);
        double[] objective = new double[m];
        objective[0] = 1;
        if (Boolean.getBoolean("followup.privacy.debug")) {
            System.err.println("lp " + constraints.size() + "x" + m);
        }
        try {
            PointValuePair p = simplex(objective, constraints, goal);
            if (lower == this.lower && upper == this.upper) {
                seen(column, p.getPoint());
            }
            return p.getValue() + lower[target];
        } catch (UnboundedSolutionException e) {
            return INF;
        } catch (NoFeasibleSolutionException e) {
            if (Boolean.getBoolean("followup.privacy.debug")) {
                System.err.println("infeasible component " + component.size() + " rows, relaxed " + relaxed
                        + ", drift " + drift + ", budget in it " + component.stream().anyMatch(r -> !r.soft
                        && r.terms.size() > 0 && r.relation == Relation.LE && r.terms.values().stream().allMatch(c -> c == 1.0)));
            }
            throw new Inconsistent();
        }
    }

    /**
     * Takes in a solution of the system's rows (the columns of {@code column}, shifted by their lower bounds): each
     * value in it is a feasible value of its count, so the least and greatest seen bound its range from inside.
     */
    private void seen(Map<Integer, Integer> column, double[] point) {
        if (seenLeast == null) {
            seenLeast = new double[variableCount];
            seenMost = new double[variableCount];
            java.util.Arrays.fill(seenLeast, INF);
            java.util.Arrays.fill(seenMost, -INF);
        }
        for (Map.Entry<Integer, Integer> c : column.entrySet()) {
            int v = c.getKey();
            if (v < variableCount) {
                double x = point[c.getValue()] + lower[v];
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
        if (removed[v]) {
            return false;
        }
        for (Row r : rows) {
            if (r.terms.containsKey(v)) {
                return false;
            }
        }
        return true;
    }

    /** One linear program over non-negative columns, counted on the work meter (after it is solved). */
    private PointValuePair simplex(double[] objective, List<LinearConstraint> constraints, GoalType goal) {
        solves++;
        SimplexSolver solver = new SimplexSolver();
        try {
            return solver.optimize(new MaxIter(1_000_000), new LinearObjectiveFunction(objective, 0),
                    new LinearConstraintSet(constraints), goal, new NonNegativeConstraint(true));
        } finally {
            if (Boolean.getBoolean("followup.privacy.profile")) {
                System.err.printf("    lp %d x %d, %d pivots%n", constraints.size(), objective.length,
                        solver.getIterations());
            }
        }
    }

    private static Relationship relationship(Relation r) {
        return switch (r) {
            case EQ -> Relationship.EQ;
            case LE -> Relationship.LEQ;
            case GE -> Relationship.GEQ;
        };
    }

    /** The least sum of slacks that makes the relaxed system feasible. */
    private double minimiseSlack(Prepared p) {
        Map<Integer, Integer> column = new LinkedHashMap<>();
        for (Row r : p.rows) {
            for (int x : r.terms.keySet()) {
                column.putIfAbsent(x, column.size());
            }
        }
        // Slack already bounded or fixed by the presolve counts too (the program below shifts by lower bounds).
        double base = 0;
        for (int sl : p.slacks) {
            base += p.fixed[sl] != null ? p.fixed[sl] : p.removed[sl] ? 0 : p.lower[sl];
        }
        int m = column.size();
        if (m == 0) {
            return base;
        }
        List<LinearConstraint> constraints = new ArrayList<>();
        for (Row r : p.rows) {
            double[] a = new double[m];
            double rhs = r.rhs;
            for (Map.Entry<Integer, Double> t : r.terms.entrySet()) {
                a[column.get(t.getKey())] = t.getValue();
                rhs -= t.getValue() * p.lower[t.getKey()];
            }
            constraints.add(new LinearConstraint(a, relationship(r.relation), rhs));
        }
        for (Map.Entry<Integer, Integer> c : column.entrySet()) {
            if (p.upper[c.getKey()] != INF) {
                double[] a = new double[m];
                a[c.getValue()] = 1;
                constraints.add(new LinearConstraint(a, Relationship.LEQ, p.upper[c.getKey()] - p.lower[c.getKey()]));
            }
        }
        double[] objective = new double[m];
        for (int s : p.slacks) {
            Integer col = column.get(s);
            if (col != null) {
                objective[col] = 1;
            }
        }
        try {
            return base + simplex(objective, constraints, GoalType.MINIMIZE).getValue();
        } catch (NoFeasibleSolutionException e) {
            throw new IllegalStateException("the release's equations are inconsistent even with slack", e);
        }
    }

    int variableCount() {
        return variableCount;
    }
}
