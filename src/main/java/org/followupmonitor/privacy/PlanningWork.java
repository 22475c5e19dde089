package org.followupmonitor.privacy;

/**
 * The work a plan's linear programs do, counted deterministically (never by the clock: the stream's plan must equal
 * the batch plan on the same counts, and a test must not depend on the machine's load), and the limit past which a
 * plan stops searching ({@link SuppressionPlanner}). The unit is one entry of a dense simplex tableau touched: a
 * pivot costs the tableau's size (rows times columns, logical columns included), and so does each pass over the
 * whole tableau to build it or leave phase 1 ({@link WarmSimplex} counts its own work in these units). A program is
 * one objective optimised; the work of building a tableau is charged to the plan when it is built.
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

    /**
     * {@code -Dfollowup.privacy.profile=true}: the planner, its solver, the audit and the history's floors print their
     * counted work and time to standard error.
     */
    static final boolean PROFILE = Boolean.getBoolean("followup.privacy.profile");

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
     * Counts work done.
     *
     * @param units tableau entries touched
     * @param programs objectives optimised in that work
     * @throws Exhausted when the work so far is past the limit
     */
    void charge(long units, int programs) {
        work += units;
        this.programs += programs;
        if (work > limit) {
            throw new Exhausted();
        }
    }

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
