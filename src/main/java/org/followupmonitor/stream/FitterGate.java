package org.followupmonitor.stream;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The fitters' computing slots, given out one step of a refresh at a time: a refresh holds a slot while it computes a
 * step and gives it back between steps; a slot given back stays idle for {@code restFactor} times as long as it was
 * held (the rest), then goes to the waiting claim with the least remaining work, the earliest handed out among equal
 * ones.
 *
 * <p>Why slots rather than threads: a refresh is one call (the analysis package computes its steps one after another
 * and only reports each one's time), so a thread cannot put it down between steps. Here each refresh has its own thread
 * that computes only while it holds a slot; between two steps it gives the slot back and queues again with what it has
 * left, so a cheaper refresh handed out meanwhile computes before the costly one's next step, not after all of them.
 * That is the shortest-remaining-processing-time rule (L. Schrage, "A proof of the optimality of the shortest remaining
 * processing time discipline", Operations Research 16(3), 1968: with preemption it minimises the number of jobs in
 * the system at every moment, hence the mean time until each is done), preempting at step boundaries only, with
 * estimated work.
 *
 * <p>Why the rest belongs to the slot, not to the refresh: it is what bounds the fitters' share of the cores. A slot
 * held for h is idle for {@code restFactor} × h before anyone computes on it again, so each slot computes at most
 * 1/(1 + restFactor) of the time whichever refreshes use it (while the rest of the process is busy, below), as when
 * each fitter thread slept after its own steps. The
 * rest is a delay ({@link Delays}), not a sleep on the thread that computed, so the queue is decided when it ends and a
 * refresh resting does not keep its place.
 *
 * <p>Why no rest when the rest of the process was idle: the rest leaves the cores to the stream threads, and when they
 * have nothing to do it only delays the result. So a slot given back rests only when the rest of the process (its
 * stream threads, their helpers, the garbage collector: all but the fitters' threads) used at least
 * {@link #IDLE_SHARE} of a core on average while the slot was held ({@link #othersCpu}); below that it goes to the next
 * claim at once. After a restart at 10^6 patients the refreshes of all subjects came once the input was caught up, and
 * computed a third of the time on an otherwise idle machine (docs/scale-measurements.md). Under input the stream
 * threads use the cores and the slots rest as before; the measure looks back over one step only, so a step taken while
 * the process was idle can delay input that arrives during it by at most that step.
 *
 * <p>Lent slots: beside its {@code slots} (the base ones, one per core but one in the app) the gate may lend up to
 * {@code lent} more (the last core), each only while the rest of the process is idle. A lent slot is given to the
 * waiting claim with the least remaining work, like a base one, but only when no base slot is free and the rest of
 * the process used less than {@link #IDLE_SHARE} of a core over the last {@link #IDLE_WINDOW_NANOS} or so (between
 * one and two windows, sampled when a lent slot could be given and by a probe every window while one could; none is
 * lent before a window has been measured). A lent step runs to its end (steps are the only preemption points); then
 * its slot goes back to the lent ones without a rest and is given again only if the rest of the process is still idle:
 * so once the stream threads are busy again no further step starts on it. Why: after a restart every analysis' first
 * refresh comes due once the input is caught up, and on 2 cores one base slot computed them one after another while
 * the second core had nothing to do (at 10^6 patients os-by-arm's waited 7.4 s of a 45.3 s restart behind other
 * analyses' Cox models; README "Known limits").
 *
 * <p>Why this is safe for latency under input. (1) A lent slot is never given while the rest of the process is
 * busy, so under continuous input the fitters compute only on the base slots, whose rests bound their share as
 * above; the lent slots add at most one step each, the one running when the input began. (2) That step delays the
 * input arriving during it by at most its length, and less: the kernel shares the cores among the runnable threads
 * (Linux's completely fair scheduler gives runnable threads of equal weight equal shares of the CPUs,
 * Documentation/scheduler/sched-design-CFS.rst), so a stream thread woken by input during a lent step runs beside the
 * fitters on {@code base + lent} cores at about (base + lent) / (base + lent + 1) of a core (two thirds on 2 cores)
 * rather than waiting for the step to end. (3) For the same reason the measure is not fooled by fitters that crowd
 * the stream threads out: a stream thread with work gets at least that fair share, above {@link #IDLE_SHARE}, so it
 * is seen busy. What the measure leaves out: other processes on the machine (the broker, when it runs apart) and the
 * first window's delay; the fitters' own threads are left out of it on purpose ({@code othersCpu}: the app's measure
 * subtracts every fitter thread's CPU time, {@link CoxFitting}), so that one fitter computing does not make another's
 * slot rest or stop lending.
 */
final class FitterGate {
    /** Debug only: each lent step and each rest, with the share of a core the rest of the process used (no data). */
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FitterGate.class);

    /**
     * Runs {@code then} after {@code nanos}: where the rests and the lent slots' probes are timed (a scheduler in the
     * app, by hand in tests).
     */
    interface Delays {
        void after(long nanos, Runnable then);
    }

    /**
     * Below this share of a core used by the rest of the process while a slot was held, the slot does not rest: the
     * stream threads, using most of a core when they have input, were idle.
     */
    static final double IDLE_SHARE = 0.5;

    /**
     * The shortest window over which the rest of the process must have been idle for a lent slot to be given (ns).
     * Why 200 ms: the JDK reads the process' CPU time in clock ticks (10 ms with the usual 100 Hz), so over 200 ms the
     * share errs by at most a twentieth of a core; and it is one commit interval of the stream threads
     * ({@code AppConfig.COMMIT_INTERVAL}), so a thread committing its input at that pace is seen busy. The cost: after
     * a quiet spell the first lent step starts up to a window late.
     */
    static final long IDLE_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    /** A claim on a slot: the work its refresh has left (ns, estimated) and its place in the hand-out order. */
    record Claim(long remainingNanos, long sequence) {
        static final Comparator<Claim> ORDER = Comparator.comparingLong(Claim::remainingNanos)
                .thenComparingLong(Claim::sequence);
    }

    /** One claim waiting or holding: granted when a slot was given to it, at {@code grantedAt} (the gate's clock). */
    private static final class Waiter {
        final Claim claim;
        boolean granted;
        /** Whether the slot given is a lent one ({@link FitterGate}): given back without a rest. */
        boolean lent;
        long grantedAt;

        Waiter(Claim claim) {
            this.claim = claim;
        }
    }

    /** A slot held, to be given back with {@link #release}. */
    final class Hold {
        private final Waiter waiter;
        /** {@link #othersCpu} when the holder took the slot up, on its thread; -1 when not measured. */
        private final long othersCpuAtStart;
        private boolean released;

        private Hold(Waiter waiter, long othersCpuAtStart) {
            this.waiter = waiter;
            this.othersCpuAtStart = othersCpuAtStart;
        }

        /** Whether the slot is a lent one (given while the rest of the process was idle, never resting). */
        boolean lent() {
            return waiter.lent;
        }
    }

    /** A reading of {@link #othersCpu} at {@code at} (the gate's clock), for the lent slots' window. */
    private record Sample(long at, long cpu) {
    }

    private final int restFactor;
    private final Delays delays;
    private final LongSupplier clock;
    /**
     * CPU time (ns) the process has used outside the fitters' threads (with one slot: outside the thread that holds
     * it), read when a slot is taken up and given back, and for the lent slots' window; null: not measured, a slot
     * always rests and none is lent.
     */
    private final LongSupplier othersCpu;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition granted = lock.newCondition();
    private final PriorityQueue<Waiter> waiting = new PriorityQueue<>((x, y) -> Claim.ORDER.compare(x.claim, y.claim));
    /** Base slots free (neither held nor resting). */
    private int free;
    /** Lent slots not held (they never rest). */
    private int lentFree;
    /** Readings of {@link #othersCpu}, oldest first: the newest at least a window old, then the later ones. */
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    /** Whether a probe ({@link #probe}) is due. */
    private boolean probing;

    /**
     * @param slots      how many steps may compute at once
     * @param restFactor how long a slot given back stays idle, in multiples of how long it was held
     * @param delays     times the rests
     * @param clock      nanoseconds, monotonic ({@link System#nanoTime} in the app)
     */
    FitterGate(int slots, int restFactor, Delays delays, LongSupplier clock) {
        this(slots, restFactor, delays, clock, null);
    }

    /**
     * @param othersCpu CPU time the process has used outside the fitters' threads, ns (the app's:
     *                  {@link CoxFitting}); null: a slot always rests
     */
    FitterGate(int slots, int restFactor, Delays delays, LongSupplier clock, LongSupplier othersCpu) {
        this(slots, 0, restFactor, delays, clock, othersCpu);
    }

    /**
     * @param slots     base slots: how many steps may compute at once whatever the rest of the process does
     * @param lent      how many more may compute while the rest of the process is idle (none without
     *                  {@code othersCpu})
     * @param othersCpu CPU time the process has used outside the fitters' threads, ns (the app's:
     *                  {@link CoxFitting}); null: a slot always rests and none is lent
     */
    FitterGate(int slots, int lent, int restFactor, Delays delays, LongSupplier clock, LongSupplier othersCpu) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be >= 1, was " + slots);
        }
        if (lent < 0) {
            throw new IllegalArgumentException("lent must be >= 0, was " + lent);
        }
        if (restFactor < 0) {
            throw new IllegalArgumentException("restFactor must be >= 0, was " + restFactor);
        }
        this.free = slots;
        this.lentFree = othersCpu == null ? 0 : lent;
        this.restFactor = restFactor;
        this.delays = delays;
        this.clock = clock;
        this.othersCpu = othersCpu;
    }

    /**
     * Queues a claim at once (on the caller's thread, so the order does not depend on when a thread gets to run): the
     * returned ticket is waited on with {@link Ticket#await}.
     */
    Ticket enter(Claim claim) {
        Waiter w = new Waiter(claim);
        lock.lock();
        try {
            waiting.add(w);
            dispatch();
        } finally {
            lock.unlock();
        }
        return new Ticket(w);
    }

    /** A queued claim. */
    final class Ticket {
        private final Waiter waiter;

        private Ticket(Waiter waiter) {
            this.waiter = waiter;
        }

        /** Blocks until the claim holds a slot; interrupted, it leaves the queue (or gives back the slot it got). */
        Hold await() throws InterruptedException {
            lock.lock();
            try {
                while (!waiter.granted) {
                    granted.await();
                }
                return new Hold(waiter, othersCpu == null ? -1 : othersCpu.getAsLong());
            } catch (InterruptedException e) {
                if (waiter.granted) {
                    giveBack(waiter);
                } else {
                    waiting.remove(waiter);
                }
                throw e;
            } finally {
                lock.unlock();
            }
        }

        /** Whether a slot has been given to this claim (it may not have been taken up by {@link #await} yet). */
        boolean granted() {
            lock.lock();
            try {
                return waiter.granted;
            } finally {
                lock.unlock();
            }
        }

        /** Leaves the queue without computing (a task that will not run); a slot already granted is given back. */
        void cancel() {
            lock.lock();
            try {
                if (waiter.granted) {
                    giveBack(waiter);
                } else {
                    waiting.remove(waiter);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Gives the slot back: it rests {@code restFactor} times as long as it was held, then goes to the next claim. */
    void release(Hold hold) {
        lock.lock();
        try {
            if (hold.released) {
                return;
            }
            hold.released = true;
            if (hold.waiter.lent) {
                giveBack(hold.waiter, 0);
                return;
            }
            long held = Math.max(0, clock.getAsLong() - hold.waiter.grantedAt);
            boolean measured = hold.othersCpuAtStart >= 0;
            // May be below 0 over a short step: the process' time is read in clock ticks, the fitters' exactly.
            long used = measured ? othersCpu.getAsLong() - hold.othersCpuAtStart : 0;
            boolean othersIdle = measured && used < IDLE_SHARE * held;
            if (!othersIdle && LOG.isDebugEnabled()) {
                LOG.debug("a slot rests {} ms: the rest of the process used {} of a core over its {} ms step",
                        restFactor * held / 1_000_000, measured ? String.format("%.2f", used / (double) held) : "?",
                        held / 1_000_000);
            }
            giveBack(hold.waiter, othersIdle ? 0 : restFactor * held);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives the slot back ({@link #release}) with {@code next} already queued, so that when the slot does not rest it
     * goes to the least remaining work among the waiting claims and this one (between two steps of a refresh), not to
     * a waiting claim only because it was queued before the holder could queue again.
     */
    Ticket releaseAndEnter(Hold hold, Claim next) {
        Waiter w = new Waiter(next);
        lock.lock();
        try {
            waiting.add(w);
            release(hold); // the lock is reentrant
            dispatch();
        } finally {
            lock.unlock();
        }
        return new Ticket(w);
    }

    private void giveBack(Waiter w) {
        giveBack(w, w.lent ? 0 : restFactor * Math.max(0, clock.getAsLong() - w.grantedAt));
    }

    private void giveBack(Waiter w, long rest) {
        if (w.lent) {
            // Never rests: it is given again only while the rest of the process is idle (dispatch).
            lentFree++;
            dispatch();
        } else if (rest == 0) {
            free++;
            dispatch();
        } else {
            // Under the lock, which is reentrant: delays that run it at once (a test's) are fine.
            delays.after(rest, this::restEnded);
        }
    }

    private void restEnded() {
        lock.lock();
        try {
            free++;
            dispatch();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives free slots to the claims with the least remaining work: base slots first, then lent ones while the rest of
     * the process is idle ({@link #othersIdle}); when a lent one could be given but the rest of the process is busy
     * (or not yet measured over a window), a probe looks again a window later.
     */
    private void dispatch() {
        boolean any = false;
        Boolean idle = null; // measured once, when first needed
        while (!waiting.isEmpty()) {
            boolean lend = false;
            if (free == 0) {
                if (lentFree == 0) {
                    break;
                }
                if (idle == null) {
                    idle = othersIdle(clock.getAsLong());
                }
                if (!idle) {
                    if (!probing) {
                        probing = true;
                        delays.after(IDLE_WINDOW_NANOS, this::probe);
                    }
                    break;
                }
                lend = true;
            }
            Waiter w = waiting.poll();
            w.granted = true;
            w.lent = lend;
            w.grantedAt = clock.getAsLong();
            if (lend) {
                lentFree--;
            } else {
                free--;
            }
            any = true;
        }
        if (any) {
            granted.signalAll();
        }
    }

    private void probe() {
        lock.lock();
        try {
            probing = false;
            dispatch();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the rest of the process used less than {@link #IDLE_SHARE} of a core from the newest reading at least a
     * window old to now, that reading being at most two windows old; records a reading now. Without such a reading
     * (the first look after a quiet spell) it is not known, and taken as busy.
     */
    private boolean othersIdle(long now) {
        long cpu = othersCpu.getAsLong();
        while (samples.size() > 1 && now - nth(samples, 1).at() >= IDLE_WINDOW_NANOS) {
            samples.pollFirst(); // the next is at least a window old too: a shorter, more recent window
        }
        Sample from = samples.peekFirst();
        if (from != null && now - from.at() > 2 * IDLE_WINDOW_NANOS) {
            samples.pollFirst(); // too long ago to say whether the rest of the process is idle now
            from = null;
        }
        Sample last = samples.peekLast();
        if (last == null || now - last.at() >= IDLE_WINDOW_NANOS / 4) {
            samples.addLast(new Sample(now, cpu)); // at most about nine readings kept
        }
        if (from == null || now - from.at() < IDLE_WINDOW_NANOS) {
            return false;
        }
        boolean idle = cpu - from.cpu() < IDLE_SHARE * (now - from.at());
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} a slot: the rest of the process used {} of a core over the last {} ms", idle ? "lending"
                    : "not lending", String.format("%.2f", (cpu - from.cpu()) / (double) (now - from.at())),
                    (now - from.at()) / 1_000_000);
        }
        return idle;
    }

    private static Sample nth(ArrayDeque<Sample> samples, int n) {
        var it = samples.iterator();
        for (int i = 0; i < n; i++) {
            it.next();
        }
        return it.next();
    }

    /** Lent slots not held now. */
    int freeLentSlots() {
        lock.lock();
        try {
            return lentFree;
        } finally {
            lock.unlock();
        }
    }

    /** Base slots free now (neither held nor resting). */
    int freeSlots() {
        lock.lock();
        try {
            return free;
        } finally {
            lock.unlock();
        }
    }

    /** Claims waiting for a slot. */
    int waitingClaims() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** The app's rests: a scheduler thread that ends when idle for a minute. */
    static Delays scheduled(String threadName) {
        java.util.concurrent.ScheduledThreadPoolExecutor timer = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                r -> {
                    Thread t = new Thread(r, threadName);
                    t.setDaemon(true);
                    return t;
                });
        timer.setKeepAliveTime(1, TimeUnit.MINUTES);
        timer.allowCoreThreadTimeOut(true);
        timer.setRemoveOnCancelPolicy(true);
        return (nanos, then) -> timer.schedule(then, nanos, TimeUnit.NANOSECONDS);
    }
}
