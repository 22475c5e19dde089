package org.followupmonitor.ingest;

import java.util.ArrayList;
import java.util.List;

/** A clock whose time moves only when asked to sleep (or by {@link #advance}); records each wait requested. */
final class FakeClock implements ReplayClock {
    private long now = 1_000_000_000_000L;
    final List<Long> sleeps = new ArrayList<>();

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void sleepNanos(long nanos) {
        sleeps.add(nanos);
        now += nanos;
    }

    void advance(long nanos) {
        now += nanos;
    }

    long totalSlept() {
        return sleeps.stream().mapToLong(Long::longValue).sum();
    }
}
