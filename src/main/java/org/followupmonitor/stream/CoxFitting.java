package org.followupmonitor.stream;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Where the cohort stage fits its Cox models, and how the fitter paces itself.
 *
 * @param executor      runs each refit; the caller's thread in topology tests (deterministic), one background
 *                      thread in the app, where a refit of a large cohort (seconds) would otherwise hold up every
 *                      event and publication on its stream thread
 * @param afterEachStep told how long each step of a refit took (ordering the rows, then each model), in
 *                      nanoseconds, before the next starts
 */
public record CoxFitting(Executor executor, LongConsumer afterEachStep) {
    /** How long the background fitter rests after a step, in multiples of the step's time. */
    static final int REST_FACTOR = 2;

    public CoxFitting {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(afterEachStep, "afterEachStep");
    }

    /** On the calling (stream) thread, without rests: what topology tests use. */
    public static CoxFitting inline() {
        return new CoxFitting(Runnable::run, took -> { });
    }

    /**
     * On the given single background thread, resting {@link #REST_FACTOR} times as long as each step took: the
     * fitter then uses at most a third of a core, in slices no longer than one model's fit, so on a small
     * machine it never starves the stream threads for long.
     */
    public static CoxFitting background(Executor thread) {
        return new CoxFitting(thread, took -> {
            try {
                TimeUnit.NANOSECONDS.sleep(REST_FACTOR * took);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // shutting down: the fit's result is of no use any more
            }
        });
    }
}
