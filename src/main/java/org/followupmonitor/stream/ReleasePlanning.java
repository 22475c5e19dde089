package org.followupmonitor.stream;

import java.util.Objects;
import java.util.concurrent.Executor;
import org.followupmonitor.privacy.Disclosure;

/**
 * Where the release stage ({@link ReleaseProcessor}) plans each release, and within what work.
 *
 * <p>A release's plan against the last five releases that reaches the work limit is followed at once by a plan
 * against the last three within the same limit ({@link ReleaseProcessor#WINDOWS}); a release whose plans both reach it
 * withholds every analysis whole, and that release stands until new input brings the next plan, so a stream that
 * falls quiet right after it shows every analysis withheld. Where plans run in the background (the app), such a
 * release is followed, when no newer input waits, by one second plan of the same inputs against three releases
 * within a larger, still bounded limit, published if it completes. Where plans run on the stream thread
 * (topology tests) there is no second plan, by this choice rather than by the kind of executor: there a plan of
 * minutes holds up the stream thread and the test with it (a second plan without a limit once ran past 15 min of CPU
 * in {@code StreamingEqualsBatchTopologyTest}), and the tests' releases stay those of the first plans. Either way each
 * plan is a function of its inputs, the history and its limit alone, so where it runs changes when a release comes,
 * never what a plan says.
 *
 * @param executor        runs each plan: the caller's (stream) thread in topology tests, a background thread in the
 *                        app
 * @param workLimit       the limit of each of a release's plans with history, against five releases and, when that
 *                        reaches it, against three ({@link Disclosure#WORK_LIMIT})
 * @param secondWorkLimit the limit of the second plan, against three releases, after a release whose plans reached
 *                        {@code workLimit}, or {@link #NO_SECOND_PLAN}
 */
public record ReleasePlanning(Executor executor, long workLimit, long secondWorkLimit) {
    /** No second plan after a plan that reached its limit. */
    public static final long NO_SECOND_PLAN = 0;

    public ReleasePlanning {
        Objects.requireNonNull(executor, "executor");
        if (workLimit <= 0) {
            throw new IllegalArgumentException("workLimit must be > 0, was " + workLimit);
        }
        if (secondWorkLimit != NO_SECOND_PLAN && secondWorkLimit <= workLimit) {
            throw new IllegalArgumentException("secondWorkLimit must exceed workLimit (" + workLimit + "), was "
                    + secondWorkLimit);
        }
    }

    /** On the calling (stream) thread, with no second plan: what topology tests use. */
    public static ReleasePlanning inline() {
        return new ReleasePlanning(Runnable::run, Disclosure.WORK_LIMIT, NO_SECOND_PLAN);
    }

    /** On {@code executor}, a background thread: what the app uses, with a second plan of ten times the limit. */
    public static ReleasePlanning background(Executor executor) {
        return new ReleasePlanning(executor, Disclosure.WORK_LIMIT, Disclosure.SECOND_WORK_LIMIT);
    }

    /** Whether a plan that reached {@link #workLimit} is followed by a second plan. */
    boolean plansAgain() {
        return secondWorkLimit != NO_SECOND_PLAN;
    }
}
