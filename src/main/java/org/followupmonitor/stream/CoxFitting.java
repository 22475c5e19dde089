package org.followupmonitor.stream;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
     * The executor for one refresh expected to compute for {@code estimateNanos}: it hands the refresh to
     * {@link #executor} marked with that estimate ({@link Estimated}), which the app's fitters order by; any other
     * executor runs it as it is (the inline path runs it at once).
     */
    Executor handOut(long estimateNanos) {
        return refresh -> executor.execute(new Estimated(refresh, estimateNanos));
    }

    /** A refresh with the computing time it is expected to take (ns), for the fitters to order by. */
    record Estimated(Runnable refresh, long estimateNanos) implements Runnable {
        @Override
        public void run() {
            refresh.run();
        }
    }

    /**
     * The app's fitters: up to {@code threads} daemon threads taking the waiting refresh expected to be cheapest first
     * (its {@link Estimated} cost; equal ones, and tasks without an estimate after all estimated ones, in the order
     * they were handed out). A second thread starts only when a refresh is handed out while the others are busy (a
     * queue of refreshes), and a thread idle for a minute ends, so a monitor whose refreshes come one at a time keeps
     * one fitter.
     *
     * <p>Why cheapest first: after a restart every analysis that keeps subjects queues a refresh of its whole cohort at
     * once, and each analysis' result is exact only once its refresh has run. On one fitter, running the waiting jobs
     * in order of increasing processing time minimises the mean (and total) time until each is done (the SPT rule:
     * W. E. Smith, "Various optimizers for single-stage production", Naval Research Logistics Quarterly 3, 1956; the
     * exchange argument: swapping two adjacent jobs where the longer runs first shortens the shorter's wait by the
     * longer's time and lengthens the longer's by the shorter's). In order of hand-out, a refresh of tenths of a second
     * (os-by-arm's) waited 28.5 s at 10^5 patients behind a time-varying Cox model's of 9 s (README, Known limits →
     * Scale). A refresh already running is not interrupted, and the costs are estimates (the last measured one, or
     * {@link RefreshEstimate}), so the order is only as good as they are. The cost of the rule: a costly refresh waits
     * while cheaper ones keep arriving. The paces bound that: a refresh occupies a fitter for about 3 × its cost (its
     * rests included) and starts at most every 20 × its cost (twice when its input stops), so each analysis holds a
     * fitter a small share of the time and the costly refresh starts when no cheaper one waits; only with many
     * analyses under continuous input at once can it wait longer than in hand-out order (its parts say {@code stale}
     * meanwhile).
     */
    public static ExecutorService fitters(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        AtomicInteger made = new AtomicInteger();
        ThreadPoolExecutor pool = new CheapestFirst(threads, r -> {
            Thread t = new Thread(r, "followup-monitor-cox-fits-" + made.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** A thread pool whose queue gives out the task with the lowest estimate first, then the earliest handed out. */
    private static final class CheapestFirst extends ThreadPoolExecutor {
        /** Hand-out order, the tie-break: deterministic for equal estimates. */
        private final AtomicLong handedOut = new AtomicLong();

        CheapestFirst(int threads, java.util.concurrent.ThreadFactory factory) {
            // Every task reaches the queue through execute, so every element is a Queued (naturally ordered).
            super(threads, threads, 1, TimeUnit.MINUTES, new PriorityBlockingQueue<>(), factory);
        }

        @Override
        public void execute(Runnable task) {
            Objects.requireNonNull(task, "task");
            long estimate = task instanceof Estimated e ? e.estimateNanos() : Long.MAX_VALUE;
            super.execute(new Queued(task, estimate, handedOut.getAndIncrement()));
        }
    }

    /** A task in the fitters' queue: its estimate (ns) and its place in the hand-out order. */
    private record Queued(Runnable task, long estimateNanos, long sequence) implements Runnable, Comparable<Queued> {
        @Override
        public void run() {
            task.run();
        }

        @Override
        public int compareTo(Queued other) {
            int byEstimate = Long.compare(estimateNanos, other.estimateNanos);
            return byEstimate != 0 ? byEstimate : Long.compare(sequence, other.sequence);
        }
    }
}
