package org.followupmonitor.ingest;

/**
 * The wall clock a {@link Replayer} paces itself by. Injected so tests can replay years of events
 * without sleeping: a fake clock records the waits requested and advances its own time.
 */
public interface ReplayClock {
    /** A monotonic time in nanoseconds (only differences matter), as {@link System#nanoTime()}. */
    long nanoTime();

    /**
     * Waits about {@code nanos} nanoseconds.
     *
     * @throws InterruptedException when the replaying thread is interrupted (e.g. on Ctrl-C)
     */
    void sleepNanos(long nanos) throws InterruptedException;

    /** The real clock: {@link System#nanoTime()} and {@link Thread#sleep(long, int)}. */
    static ReplayClock system() {
        return SystemClock.INSTANCE;
    }

    /** The real clock as a singleton (an enum so it needs no synchronisation). */
    enum SystemClock implements ReplayClock {
        INSTANCE;

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            if (nanos > 0) {
                Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
            }
        }
    }
}
