package org.followupmonitor.stream;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * Where the cohort stage computes the parts of a result that need individual subjects (Cox models, follow-up
 * completeness, the look history), and how it paces them.
 *
 * @param executor      runs each refresh; the caller's thread in topology tests (deterministic), background threads in
 *                      the app ({@link #fitters}), where a refresh of a large cohort (seconds) would otherwise hold up
 *                      every event and publication on its stream thread
 * @param afterEachStep told how long each step of a refresh took (ordering the Cox rows, each model, the follow-up,
 *                      the looks), in nanoseconds, before the next starts
 * @param paceFactor    an analysis' parts are refreshed at most every max(the Cox interval, this many times the last
 *                      refresh's computing time); 0 paces by the interval alone (topology tests, where wall-clock
 *                      time is simulated while computing time is real)
 */
public record CoxFitting(Executor executor, LongConsumer afterEachStep, int paceFactor) {
    /** How long the background fitter rests after a step, in multiples of the step's time. */
    static final int REST_FACTOR = 2;
    /**
     * The app's pace factor: a refresh of a small cohort costs milliseconds and waits only for the interval, one of a
     * large cohort (seconds) takes at most a twentieth of the fitter's time, so its result is stale at most
     * max(interval, 20 x its cost).
     */
    static final int PACE_FACTOR = 20;

    public CoxFitting {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(afterEachStep, "afterEachStep");
        if (paceFactor < 0) {
            throw new IllegalArgumentException("paceFactor must be >= 0, was " + paceFactor);
        }
    }

    /** Paced by the interval alone. */
    public CoxFitting(Executor executor, LongConsumer afterEachStep) {
        this(executor, afterEachStep, 0);
    }

    /** On the calling (stream) thread, without rests, paced by the interval alone: what topology tests use. */
    public static CoxFitting inline() {
        return new CoxFitting(Runnable::run, took -> { });
    }

    /**
     * How long after starting a refresh the next may start: max(floor, paceFactor x the last refresh's computing
     * time).
     *
     * @param floorMillis    the Cox interval, ms
     * @param lastCostMillis the last refresh's computing time (sum of its steps, without rests), ms
     */
    public long intervalMillis(long floorMillis, long lastCostMillis) {
        return Math.max(floorMillis, paceFactor * lastCostMillis);
    }

    /**
     * On the given background thread(s) ({@link #fitters}), each resting {@link #REST_FACTOR} times as long as each
     * step took: a fitter then uses at most a third of a core, in slices no longer than one model's fit, so on a small
     * machine it never starves the stream threads for long. Paced by {@link #PACE_FACTOR}.
     */
    public static CoxFitting background(Executor threads) {
        return new CoxFitting(threads, took -> {
            try {
                TimeUnit.NANOSECONDS.sleep(REST_FACTOR * took);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // shutting down: the fit's result is of no use any more
            }
        }, PACE_FACTOR);
    }

    /**
     * How many fitter threads the app uses on a machine with this many processors: one per core but one, at least one.
     *
     * <p>Why more than one: after a restart every analysis that keeps subjects queues a refresh of its whole cohort at
     * once; at 10^6 patients seven of them, up to 10 s of computing each, waited for one another on one thread for
     * about 48 s before the result was exact (README, Known limits -> Scale). Each fitter rests twice as long as it
     * computes, so it uses at most a third of a core; one core is left to the stream threads whatever the count.
     */
    public static int fitterThreads(int processors) {
        return Math.max(1, processors - 1);
    }

    /**
     * The app's fitters: up to {@code threads} daemon threads taking refreshes in the order they were handed out. A
     * second thread starts only when a refresh is handed out while the others are busy (a queue of refreshes), and a
     * thread idle for a minute ends, so a monitor whose refreshes come one at a time keeps one fitter.
     */
    public static ExecutorService fitters(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        AtomicInteger made = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "followup-monitor-cox-fits-" + made.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
