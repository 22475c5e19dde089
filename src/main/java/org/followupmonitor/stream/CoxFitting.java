package org.followupmonitor.stream;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
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
 * @param resetWait     after a task restart, how long at most the first refresh of an analysis restored from the
 *                      stores waits for the timeline stage's resets of it ({@link CoxRefresher#awaitResets}); zero:
 *                      it does not wait (tests, and any fitting but the app's, {@link #awaitingResets})
 */
public record CoxFitting(Executor executor, LongConsumer afterEachStep, int paceFactor, Duration resetWait) {
    /** How long the background fitter rests after a step, in multiples of the step's time. */
    static final int REST_FACTOR = 2;
    /**
     * The app's pace factor: a refresh of a small cohort costs milliseconds and waits only for the interval, one of a
     * large cohort (seconds) takes at most a twentieth of the fitter's time, so its result is stale at most
     * max(interval, 20 x its cost).
     */
    static final int PACE_FACTOR = 20;

    /**
     * The app's {@link #resetWait}. Why a minute: after {@code kill -9} at 10^6 patients the timeline tasks sent their
     * resets about 100 s after the start, the cohort tasks being restored long before (docs/scale-measurements.md); the
     * wait counts from the cohort task's start and, once a reset has begun, from the first reset's start (the timeline
     * stage's backlog follows the resets; {@link CoxRefresher#awaitResets}), so it bounds how long a cohort task that
     * restarts alone (whose timeline tasks send no reset) keeps its restored analyses' parts from before, marked stale,
     * or none after a process start, and how long any waits after the resets for the timeline stage to catch up.
     */
    public static final Duration RESET_WAIT = Duration.ofMinutes(1);

    public CoxFitting {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(afterEachStep, "afterEachStep");
        Objects.requireNonNull(resetWait, "resetWait");
        if (paceFactor < 0) {
            throw new IllegalArgumentException("paceFactor must be >= 0, was " + paceFactor);
        }
        if (resetWait.isNegative()) {
            throw new IllegalArgumentException("resetWait must not be negative, was " + resetWait);
        }
    }

    /** Not waiting for resets after a restart. */
    public CoxFitting(Executor executor, LongConsumer afterEachStep, int paceFactor) {
        this(executor, afterEachStep, paceFactor, Duration.ZERO);
    }

    /**
     * The same fitting, with a restored analysis' first refresh after a task restart waiting up to {@code wait} for the
     * timeline stage's resets ({@link CoxRefresher#awaitResets}).
     */
    public CoxFitting awaitingResets(Duration wait) {
        return new CoxFitting(executor, afterEachStep, paceFactor, wait);
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
     * On the given background fitters, resting {@link #REST_FACTOR} times as long as each step took: a fitter then
     * computes at most a third of the time, in slices no longer than one model's fit, so on a small machine it never
     * starves the stream threads for long. On the app's fitters ({@link #fitters}) the rest is the slot's
     * ({@link FitterGate}): between two steps the refresh gives its slot back and queues again with the work it has
     * left, so a cheaper refresh runs before its next step, and the slot rests only while the rest of the process is
     * busy; on any other executor the thread that computed sleeps.
     * Paced by {@link #PACE_FACTOR}.
     */
    public static CoxFitting background(Executor threads) {
        LongConsumer rest = threads instanceof Fitters f ? f::betweenSteps : CoxFitting::sleepRest;
        return new CoxFitting(threads, rest, PACE_FACTOR);
    }

    private static void sleepRest(long took) {
        try {
            TimeUnit.NANOSECONDS.sleep(REST_FACTOR * took);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down: the fit's result is of no use any more
        }
    }

    /**
     * How many fitters (refreshes computing at once, {@link #fitters}) the app uses on a machine with this many
     * processors: one per core but one, at least one.
     *
     * <p>Why more than one: after a restart every analysis that keeps subjects queues a refresh of its whole cohort at
     * once; at 10^6 patients seven of them, up to 10 s of computing each, waited for one another on one thread for
     * about 48 s before the result was exact (docs/scale-measurements.md). Each fitter slot rests twice as long as it was
     * held while the rest of the process is busy, so it then computes at most a third of a core; one core is left to the
     * stream threads whatever the count, lent to the fitters only while they are idle ({@link #lentFitterSlots}).
     */
    public static int fitterThreads(int processors) {
        return Math.max(1, processors - 1);
    }

    /**
     * How many more slots the app's fitters may lend while the rest of the process is idle ({@link FitterGate}): the
     * cores {@link #fitterThreads} leaves to the stream threads, so one on a machine with two or more processors.
     *
     * <p>Why: after a restart the analyses' first refreshes come due once the input is caught up, when the stream
     * threads have nothing left to do; on 2 cores the one base slot then computed them one after another while the
     * other core was idle (at 10^6 patients os-by-arm's waited 7.4 s of a 45.3 s restart; README "Known limits").
     */
    public static int lentFitterSlots(int processors) {
        return Math.max(1, processors) - fitterThreads(processors);
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
     * The app's fitters: up to {@code slots} refreshes computing at once ({@link FitterGate}), each resting
     * {@link #REST_FACTOR} times as long as it computed, with the waiting work expected to be cheapest given the next
     * free slot: a refresh not yet begun by its {@link Estimated} cost, one between two steps by that cost less what its
     * steps have taken so far (equal ones, and tasks without an estimate after all estimated ones, in the order they
     * were handed out). Each refresh handed out gets a daemon thread of its own, which computes only while it holds a
     * slot; a thread idle for a minute ends. Through {@link #background} a refresh gives its slot back after each step
     * ({@link Fitters#betweenSteps}); through any other {@link CoxFitting} it holds the slot from start to end.
     *
     * <p>Why cheapest first: after a restart every analysis that keeps subjects queues a refresh of its whole cohort at
     * once, and each analysis' result is exact only once its refresh has run. On one fitter, running the waiting jobs
     * in order of increasing processing time minimises the mean (and total) time until each is done (the SPT rule:
     * W. E. Smith, "Various optimizers for single-stage production", Naval Research Logistics Quarterly 3, 1956; the
     * exchange argument: swapping two adjacent jobs where the longer runs first shortens the shorter's wait by the
     * longer's time and lengthens the longer's by the shorter's). In order of hand-out, a refresh of tenths of a second
     * (os-by-arm's) waited 28.5 s at 10^5 patients behind a time-varying Cox model's of 9 s (docs/scale-measurements.md).
     *
     * <p>Why between steps too: jobs arrive while others run. At 10^6 patients the time-varying model's refresh (18 s
     * of computing, 55 s with its rests) was handed out first to the idle fitter, and os-by-arm's (1 s), handed out a
     * moment later, waited until it had finished: the exact result came 148.7 s after the restart. Giving the slot to
     * the least remaining work at each step boundary is the shortest-remaining-processing-time rule, which with
     * arrivals minimises the mean time until each job is done (L. Schrage, Operations Research 16(3), 1968); so a
     * cheap refresh waits for at most one step of a costly one and its rest, not for all of them. The costs are
     * estimates (the last measured one, or {@link RefreshEstimate}), so the order is only as good as they are. The cost
     * of the rule: a costly refresh waits while cheaper ones keep arriving, and a refresh put down between steps keeps
     * its snapshot in memory meanwhile. The paces bound the first: a refresh occupies a slot for about 3 × its cost (its
     * rests included) and starts at most every 20 × its cost (twice when its input stops), so each analysis holds a
     * slot a small share of the time and the costly refresh goes on when no cheaper one waits; only with many analyses
     * under continuous input at once can it wait longer than in hand-out order (its parts say {@code stale}
     * meanwhile). The second is at most one snapshot per analysis (an overtaken refresh stops at its next step,
     * {@link CoxRefresher}).
     */
    public static ExecutorService fitters(int slots) {
        return fitters(slots, 0);
    }

    /**
     * The app's fitters ({@link #fitters(int)}) with up to {@code lent} more slots, given only while the rest of the
     * process (all but the fitters' own threads) is idle ({@link FitterGate}).
     */
    public static ExecutorService fitters(int slots, int lent) {
        FitterThreads threads = new FitterThreads();
        return new Fitters(new FitterGate(slots, lent, REST_FACTOR,
                FitterGate.scheduled("followup-monitor-cox-rests"), System::nanoTime, threads.othersCpu()), threads);
    }

    /**
     * The fitters' threads and the measure of the CPU time the rest of the process used ({@link FitterGate}'s
     * {@code othersCpu}): the process' less every fitter thread's, those alive (read by thread) and those ended
     * (added up as each ends, on its own thread, since an ended thread's time can no longer be read).
     *
     * <p>Why every fitter thread's and not only the caller's: with more than one slot computing, one fitter's time
     * counted as "the rest of the process" would make the other's slot rest and stop the lending while the stream
     * threads are idle. A fitter thread computes only while it holds a slot, so its time is the fitters' work (and a
     * little bookkeeping between steps).
     */
    static final class FitterThreads implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger made = new AtomicInteger();
        /** Alive fitter threads by id. */
        private final java.util.Set<Long> alive = java.util.concurrent.ConcurrentHashMap.newKeySet();
        /** CPU time of the fitter threads that have ended, ns. */
        private final AtomicLong ended = new AtomicLong();
        private final java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();

        @Override
        public Thread newThread(Runnable r) {
            Thread[] self = new Thread[1];
            Thread t = new Thread(() -> {
                try {
                    r.run();
                } finally {
                    long cpu = mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : -1;
                    // Read on its own thread: an ended thread's time can no longer be read. Leaving the alive ones
                    // before its time is added, a reading in between counts it as the rest of the process': it errs
                    // on the busy side, which at worst makes a slot rest or withholds a lent one once.
                    alive.remove(self[0].getId());
                    if (cpu > 0) {
                        ended.addAndGet(cpu);
                    }
                }
            }, "followup-monitor-cox-fits-" + made.incrementAndGet());
            self[0] = t;
            t.setDaemon(true);
            alive.add(t.getId());
            return t;
        }

        /**
         * The CPU time the process has used outside the fitters' threads, ns (readable on any thread); null when the
         * JVM measures the process' or a thread's not, so that a slot always rests and none is lent.
         */
        java.util.function.LongSupplier othersCpu() {
            if (!(java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.OperatingSystemMXBean os)
                    || !mx.isThreadCpuTimeSupported() || !mx.isCurrentThreadCpuTimeSupported()
                    || os.getProcessCpuTime() < 0) {
                return null;
            }
            if (!mx.isThreadCpuTimeEnabled()) {
                mx.setThreadCpuTimeEnabled(true);
            }
            return () -> {
                long process = os.getProcessCpuTime();
                long fitters = ended.get();
                for (long id : alive) {
                    fitters += Math.max(0, mx.getThreadCpuTime(id)); // -1: not started yet, or just ended
                }
                return process - fitters;
            };
        }
    }

    /**
     * The app's fitters: a thread per refresh in progress, computing only while it holds one of the gate's slots.
     */
    static final class Fitters extends ThreadPoolExecutor {
        /** The refresh the current thread runs, so that {@link #betweenSteps} knows whose slot to give back. */
        private final ThreadLocal<Running> current = new ThreadLocal<>();

        private final FitterGate gate;
        /** Hand-out order, the tie-break: deterministic for equal estimates. */
        private final AtomicLong handedOut = new AtomicLong();

        Fitters(FitterGate gate, FitterThreads threads) {
            // No queue of tasks: each gets a thread at once and queues in the gate.
            super(0, Integer.MAX_VALUE, 1, TimeUnit.MINUTES, new SynchronousQueue<>(), threads);
            this.gate = gate;
        }

        @Override
        public void execute(Runnable task) {
            Objects.requireNonNull(task, "task");
            long estimate = task instanceof Estimated e ? e.estimateNanos() : Long.MAX_VALUE;
            long sequence = handedOut.getAndIncrement();
            // Queued in the gate now, on the caller's thread: the order is the hand-out's, not the threads' start's.
            FitterGate.Ticket ticket = gate.enter(new FitterGate.Claim(estimate, sequence));
            try {
                super.execute(() -> run(task, new Running(estimate, sequence), ticket));
            } catch (RuntimeException e) {
                ticket.cancel();
                throw e;
            }
        }

        private void run(Runnable task, Running running, FitterGate.Ticket ticket) {
            current.set(running);
            try {
                running.hold = ticket.await();
                task.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // shut down before it began: its result is of no use
            } finally {
                current.remove();
                if (running.hold != null) {
                    gate.release(running.hold);
                }
            }
        }

        /**
         * After a step of the current thread's refresh, which took {@code took} ns: gives its slot back (to rest) and
         * waits for one again, queued with the work it has left. Off a fitter's thread the thread sleeps the rest.
         *
         * @throws java.util.concurrent.CancellationException when the fitters shut down meanwhile
         */
        void betweenSteps(long took) {
            Running running = current.get();
            if (running == null || running.hold == null) {
                sleepRest(took);
                return;
            }
            running.spent += took;
            // Queued again as the slot is given back: a slot that does not rest (FitterGate) then goes to the least
            // remaining work, this refresh's included.
            FitterGate.Ticket ticket = gate.releaseAndEnter(running.hold, new FitterGate.Claim(
                    Math.max(0, running.estimate - running.spent), running.sequence));
            running.hold = null;
            try {
                running.hold = ticket.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CancellationException("the fitters are shutting down");
            }
        }
    }

    /** A refresh in progress on a fitter's thread: its estimate, place, computing so far (ns) and slot if held. */
    private static final class Running {
        final long estimate;
        final long sequence;
        long spent;
        FitterGate.Hold hold;

        Running(long estimate, long sequence) {
            this.estimate = estimate;
            this.sequence = sequence;
        }
    }
}
