package org.followupmonitor.privacy;

/**
 * The work a plan's linear programs do, counted deterministically (never by the clock: the stream's plan must equal
 * the batch plan on the same counts, and a test must not depend on the machine's load), and the limit past which a
 * plan stops searching ({@link SuppressionPlanner}). A program's work is the size of its simplex tableau (rows times
 * columns, slack and artificial columns included) times the pivots it took plus its set-up: Commons Math's dense
 * {@code SimplexSolver} touches the whole tableau at each pivot and several times more to build it and to leave its
 * first phase, so this is proportional to its time on any one machine.
 */
final class PlanningWork {
    /** No limit (the audits, and planning without history). */
    static final long UNLIMITED = Long.MAX_VALUE;

    /** The limit was reached: the plan falls back to withholding all it can. */
    static final class Exhausted extends RuntimeException {
        Exhausted() {
            super("planning work limit reached", null, false, false);
        }
    }

    private final long limit;
    private long work;
    private int programs;

    PlanningWork(long limit) {
        this.limit = limit;
    }

    static PlanningWork unlimited() {
        return new PlanningWork(UNLIMITED);
    }

    /**
     * Counts one solved program.
     *
     * @param rows its constraints
     * @param columns its variables
     * @param pivots the simplex iterations it took
     * @throws Exhausted when the work so far is past the limit
     */
    void charge(int rows, int columns, int pivots) {
        long tableau = (long) (rows + 2) * (columns + rows + 2);
        work += tableau * (pivots + SETUP);
        programs++;
        if (work > limit) {
            throw new Exhausted();
        }
    }

    /** The tableau passes a program costs besides its pivots (building it, leaving phase 1, reading the solution). */
    private static final int SETUP = 4;

    long work() {
        return work;
    }

    int programs() {
        return programs;
    }

    long limit() {
        return limit;
    }
}
