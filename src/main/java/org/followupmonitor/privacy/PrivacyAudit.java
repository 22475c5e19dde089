package org.followupmonitor.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.followupmonitor.privacy.AttackerModel.Cell;
import org.followupmonitor.privacy.RangeSolver.Range;

/**
 * The attacker as code: for every withheld count of a release, the smallest and largest value consistent
 * with everything published in it ({@link AttackerModel}, {@link RangeSolver}), and whether that still hides
 * it ({@link Protection}). Releases are audited one at a time here: each release's counts are its own unknowns;
 * {@link GrowthAudit} audits a sequence of releases for the attacker who holds them all.
 */
public final class PrivacyAudit {
    private PrivacyAudit() {}

    /** Solutions of the whole system {@link #verdicts} tries before checking the counts left one by one. */
    private static final int WITNESS_ROUNDS = 4;

    /**
     * One withheld count.
     *
     * @param range its feasible whole values given the release
     * @param structural the least value the release's shape alone implies
     * @param protectedCell whether the range still hides it ({@link Protection})
     */
    public record Finding(String cell, Range range, long structural, boolean protectedCell) {}

    /**
     * @param findings withheld counts in a stable order
     * @param drift the least disagreement between analyses the attacker had to assume (0 when consistent)
     * @param linearPrograms linear programs solved
     */
    public record Report(List<Finding> findings, double drift, int linearPrograms) {
        public Report {
            findings = List.copyOf(findings);
        }

        public boolean passes() {
            return findings.stream().allMatch(Finding::protectedCell);
        }

        public List<Finding> narrowed() {
            return findings.stream().filter(f -> !f.protectedCell()).toList();
        }
    }

    /** Audits every withheld count of the release, with each range in full. */
    public static Report audit(Release release, int minCellSize) {
        return audit(AttackerModel.of(release), minCellSize, true);
    }

    /**
     * @param exact whether to compute each range in full; otherwise only as far as the verdict needs (the
     *     planner's check), an unneeded end reported as the bound known so far
     */
    static Report audit(AttackerModel model, int minCellSize, boolean exact) {
        Checker checker = new Checker(model, minCellSize);
        List<Finding> findings = new ArrayList<>();
        for (Cell c : model.cells()) {
            findings.add(checker.check(c, exact));
        }
        return new Report(findings, checker.solver.drift(), checker.solves());
    }

    /**
     * The verdicts of {@link #audit(AttackerModel, int, boolean)} for a large model, with fewer linear programs: two
     * solutions of the whole system first ({@link RangeSolver#witness}), one with every withheld count as small as it
     * can be together and one with each as large as it can be up to minimum - 1. A count that is at most what its
     * markers imply in the first and at least minimum - 1 in the second is protected ({@link Protection}); its
     * finding's range is then the span of those two feasible values, inside its true range. Every other count is
     * checked on its own, its range in full. The verdicts are the same as the full audit's.
     */
    static Report verdicts(AttackerModel model, int minCellSize) {
        return verdicts(model, minCellSize, Cell::structural);
    }

    /**
     * @param shape a least value the shape alone implies for a count, cheaper than the whole model's (for a sequence:
     *     its own release's shape, whose relations the sequence's shape holds too); at most the model's own
     */
    static Report verdicts(AttackerModel model, int minCellSize, java.util.function.ToLongFunction<Cell> shape) {
        Checker checker = new Checker(model, minCellSize);
        Set<Integer> targets = new TreeSet<>();
        model.cells().forEach(c -> targets.add(c.variable()));
        java.util.Map<Integer, Long> smallest = new java.util.HashMap<>();
        model.cells().forEach(c -> smallest.merge(c.variable(), Math.max(1, c.structural()), Math::min));
        // Counts that trade off against each other (two withheld groups of a published total) cannot all be at their
        // least, or all at minimum - 1, in one solution: a few more solutions over those left unsettled.
        java.util.Map<Integer, Double> low = new java.util.HashMap<>();
        java.util.Map<Integer, Double> high = new java.util.HashMap<>();
        Set<Integer> lowLeft = new TreeSet<>(targets);
        Set<Integer> highLeft = new TreeSet<>(targets);
        for (int round = 0; round < WITNESS_ROUNDS; round++) {
            int before = lowLeft.size() + highLeft.size();
            if (!lowLeft.isEmpty()) {
                checker.solver.witness(lowLeft, null).forEach((v, x) -> low.merge(v, x, Math::min));
                lowLeft.removeIf(v -> low.get(v) <= smallest.get(v) + 1e-6);
            }
            if (!highLeft.isEmpty()) {
                checker.solver.witness(highLeft, (double) (minCellSize - 1)).forEach((v, x) -> high.merge(v, x, Math::max));
                highLeft.removeIf(v -> high.get(v) >= minCellSize - 1 - 1e-6);
            }
            if (lowLeft.size() + highLeft.size() == before) {
                break;
            }
        }
        if (Boolean.getBoolean("followup.privacy.debug")) {
            System.err.printf("verdicts: %d counts, %d left low, %d left high%n", targets.size(), lowLeft.size(),
                    highLeft.size());
            for (Cell c : model.cells()) {
                if (lowLeft.contains(c.variable()) || highLeft.contains(c.variable())) {
                    System.err.printf("  left: %s low %s high %s structural %d%n", c.name(), low.get(c.variable()),
                            high.get(c.variable()), c.structural());
                }
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (Cell c : model.cells()) {
            double a = low.get(c.variable());
            double b = high.get(c.variable());
            long s = c.structural();
            if (a > Math.max(1, s) + 1e-6 && a < minCellSize) {
                s = Math.max(s, shape.applyAsLong(c));
            }
            boolean lowSettled = a <= Math.max(1, s) + 1e-6;
            if (lowSettled && b < minCellSize - 1 - 1e-6) {
                // The least value is small enough; the greatest on its own (one program instead of the check's).
                long h = checker.solver.high(c.variable());
                b = Math.max(b, h == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : h);
            }
            if (lowSettled && b >= minCellSize - 1 - 1e-6) {
                findings.add(new Finding(c.name(), new Range(Math.round(Math.ceil(a - 1e-6)),
                        b == Double.POSITIVE_INFINITY ? Long.MAX_VALUE : Math.round(Math.floor(b + 1e-6))), s, true));
            } else {
                findings.add(checker.check(c, true));
            }
        }
        return new Report(findings, checker.solver.drift(), checker.solves());
    }

    /** Verdicts on one model's withheld counts, solving only what each verdict needs. */
    static final class Checker {
        final RangeSolver solver;
        private final int minCellSize;
        private final AttackerModel model;
        private final Set<Integer> keep = new TreeSet<>();
        /** The release's shape alone ({@link LinearSystem#shapeOnly}), solved only when a verdict needs it. */
        private RangeSolver shape;

        private final PlanningWork work;

        Checker(AttackerModel model, int minCellSize) {
            this(model, minCellSize, PlanningWork.unlimited());
        }

        /** Its programs counted on {@code work}, which stops them past its limit ({@link PlanningWork.Exhausted}). */
        Checker(AttackerModel model, int minCellSize, PlanningWork work) {
            this.minCellSize = minCellSize;
            this.model = model;
            this.work = work;
            model.cells().forEach(c -> keep.add(c.variable()));
            this.solver = new RangeSolver(model.system(), keep, work);
        }

        /**
         * The first withheld count, in the model's order, that is not protected (null when all are): the verdict of
         * {@link #check} for each, with fewer programs. Every solution of the system a program finds is a feasible
         * value for each count in it, so the least and greatest value seen so far bound each count's range from inside
         * ({@link RangeSolver#seenLeast}). A count seen at most at its least shape value and at least at minimum - 1 is
         * protected whatever its own programs would say ({@link Protection}). Solutions chosen for many verdicts come
         * first, as in {@link PrivacyAudit#verdicts}: every withheld count as small as it can be together, and each as
         * large as it can be up to minimum - 1, again over those left while that settles at least two more. Only the
         * counts left are checked on their own, in order, up to the first one narrowed, and a count whose least value is
         * settled needs only its greatest. So the answer is the one checking every count in order gives.
         */
        Cell firstNarrowed() {
            List<Cell> cells = model.cells();
            if (cells.isEmpty()) {
                return null;
            }
            Set<Integer> lowLeft = new TreeSet<>();
            Set<Integer> highLeft = new TreeSet<>();
            cells.forEach(c -> {
                lowLeft.add(c.variable());
                highLeft.add(c.variable());
            });
            java.util.Map<Integer, Long> least = new java.util.HashMap<>();
            cells.forEach(c -> least.merge(c.variable(), Math.max(1, c.structural()), Math::min));
            for (int round = 0; round < WITNESS_ROUNDS; round++) {
                int before = lowLeft.size() + highLeft.size();
                if (!lowLeft.isEmpty()) {
                    solver.witness(lowLeft, null);
                    lowLeft.removeIf(v -> lowSeen(v, least.get(v)));
                }
                if (!highLeft.isEmpty()) {
                    solver.witness(highLeft, (double) (minCellSize - 1));
                    highLeft.removeIf(this::highSeen);
                }
                if (lowLeft.size() + highLeft.size() > before - 2) {
                    break;
                }
            }
            int checked = 0;
            try {
                for (Cell c : cells) {
                    int v = c.variable();
                    long s = Math.max(1, c.structural());
                    boolean lowSettled = lowSeen(v, s);
                    if (lowSettled && highSeen(v)) {
                        continue;
                    }
                    checked++;
                    if (lowSettled && s < minCellSize) {
                        // Its least value is at most its shape's (so below the minimum): protected iff its greatest
                        // reaches minimum - 1, as check decides it.
                        if (solver.high(v) < minCellSize - 1) {
                            return c;
                        }
                    } else if (!check(c, false).protectedCell()) {
                        return c;
                    }
                }
                return null;
            } finally {
                if (PlanningWork.PROFILE) {
                    System.err.printf("  firstNarrowed: %d cells, %d low and %d high left after the witnesses, %d "
                            + "checked%n", cells.size(), lowLeft.size(), highLeft.size(), checked);
                }
            }
        }

        private boolean lowSeen(int v, long s) {
            return solver.seenLeast(v) <= s + 1e-6;
        }

        private boolean highSeen(int v) {
            return solver.seenMost(v) >= minCellSize - 1 - 1e-6;
        }

        /**
         * The least value the release's shape alone implies: the presolve of the full system derives values from
         * the shape and published numbers together, so its shape-only rows miss part of the shape (e.g. two
         * listed exclusions of a subset analysis make a withheld total at least 2).
         */
        private long shapeLow(int variable) {
            if (shape == null) {
                shape = new RangeSolver(model.system().shapeOnly(), keep, work);
            }
            return shape.low(variable);
        }

        Finding check(Cell c, boolean exact) {
            return check(c, exact, null);
        }

        /**
         * The same, with the count's least and greatest value from {@code ends} when given (a planner trial's
         * warm-started program, {@link RangeSolver#widen}: the same optimum as this solver's, from less work).
         */
        Finding check(Cell c, boolean exact, RangeSolver.Widened ends) {
            long low = ends != null ? ends.low() : solver.low(c.variable());
            long s = c.structural();
            if (low > Math.max(1, s) && low < minCellSize) {
                s = Math.max(s, solver.structuralLow(c.variable()));
            }
            if (low > Math.max(1, s) && low < minCellSize) {
                s = Math.max(s, shapeLow(c.variable()));
            }
            boolean needHigh = exact || (low < minCellSize && low <= Math.max(1, s));
            long high = !needHigh ? Long.MAX_VALUE : ends != null ? ends.high() : solver.high(c.variable());
            Range r = new Range(low, high);
            boolean ok = needHigh ? Protection.protects(r, s, minCellSize) : low >= minCellSize;
            return new Finding(c.name(), r, s, ok);
        }

        int solves() {
            return solver.solves();
        }
    }
}
