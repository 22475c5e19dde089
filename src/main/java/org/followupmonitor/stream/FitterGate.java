package org.followupmonitor.stream;

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
 * stream threads, their helpers, the garbage collector: all but the thread that held the slot) used at least
 * {@link #IDLE_SHARE} of a core on average while the slot was held ({@link #othersCpu}); below that it goes to the next
 * claim at once. After a restart at 10^6 patients the refreshes of all subjects came once the input was caught up, and
 * computed a third of the time on an otherwise idle machine (docs/scale-measurements.md). Under input the stream
 * threads use the cores and the slots rest as before; the measure looks back over one step only, so a step taken while
 * the process was idle can delay input that arrives during it by at most that step.
 */
final class FitterGate {
    /** Runs {@code then} after {@code nanos}: where the rests are timed (a scheduler in the app, by hand in tests). */
    interface Delays {
        void after(long nanos, Runnable then);
    }

    /**
     * Below this share of a core used by the rest of the process while a slot was held, the slot does not rest: the
     * stream threads, using most of a core when they have input, were idle.
     */
    static final double IDLE_SHARE = 0.5;

    /** A claim on a slot: the work its refresh has left (ns, estimated) and its place in the hand-out order. */
    record Claim(long remainingNanos, long sequence) {
        static final Comparator<Claim> ORDER = Comparator.comparingLong(Claim::remainingNanos)
                .thenComparingLong(Claim::sequence);
    }

    /** One claim waiting or holding: granted when a slot was given to it, at {@code grantedAt} (the gate's clock). */
    private static final class Waiter {
        final Claim claim;
        boolean granted;
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
    }

    private final int restFactor;
    private final Delays delays;
    private final LongSupplier clock;
    /**
     * CPU time (ns, monotonic) the process has used outside the calling thread, read on the thread that holds a slot
     * when it takes the slot up and when it gives it back; null: not measured, a slot always rests.
     */
    private final LongSupplier othersCpu;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition granted = lock.newCondition();
    private final PriorityQueue<Waiter> waiting = new PriorityQueue<>((x, y) -> Claim.ORDER.compare(x.claim, y.claim));
    private int free;

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
     * @param othersCpu CPU time the process has used outside the calling thread, ns ({@link #othersCpu()} in the app);
     *                  null: a slot always rests
     */
    FitterGate(int slots, int restFactor, Delays delays, LongSupplier clock, LongSupplier othersCpu) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be >= 1, was " + slots);
        }
        if (restFactor < 0) {
            throw new IllegalArgumentException("restFactor must be >= 0, was " + restFactor);
        }
        this.free = slots;
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
            long held = Math.max(0, clock.getAsLong() - hold.waiter.grantedAt);
            boolean othersIdle = hold.othersCpuAtStart >= 0
                    && othersCpu.getAsLong() - hold.othersCpuAtStart < IDLE_SHARE * held;
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
        giveBack(w, restFactor * Math.max(0, clock.getAsLong() - w.grantedAt));
    }

    private void giveBack(Waiter w, long rest) {
        if (rest == 0) {
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

    /** Gives free slots to the claims with the least remaining work. */
    private void dispatch() {
        boolean any = false;
        while (free > 0 && !waiting.isEmpty()) {
            Waiter w = waiting.poll();
            w.granted = true;
            w.grantedAt = clock.getAsLong();
            free--;
            any = true;
        }
        if (any) {
            granted.signalAll();
        }
    }

    /** Slots free now (neither held nor resting). */
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

    /**
     * The app's measure of the rest of the process' CPU time: the process' less the calling thread's (ns); null when
     * the JVM measures either not, so that a slot always rests.
     */
    static LongSupplier othersCpu() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        if (!(java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os)
                || !threads.isCurrentThreadCpuTimeSupported() || os.getProcessCpuTime() < 0) {
            return null;
        }
        if (!threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
        return () -> os.getProcessCpuTime() - threads.getCurrentThreadCpuTime();
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
