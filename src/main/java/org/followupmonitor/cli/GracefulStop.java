package org.followupmonitor.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C / SIGTERM handling for long-running commands. The JVM halts as soon as its shutdown hooks
 * return, so the hook here waits until the command has closed everything (Kafka Streams leaving its
 * group and writing its checkpoints); otherwise the next start finds no checkpoint and restores its
 * state from the changelogs, and waits out the session timeout of the vanished member.
 */
final class GracefulStop {
    private static final long MAX_CLOSE_SECONDS = 60;
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    private GracefulStop() {}

    static GracefulStop onSignal(String threadName) {
        GracefulStop stop = new GracefulStop();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.requested.countDown();
            try {
                stop.closed.await(MAX_CLOSE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, threadName));
        return stop;
    }

    /** Blocks until a stop is requested. */
    void await() throws InterruptedException {
        requested.await();
    }

    /** The command has released everything; the JVM may halt. */
    void closed() {
        closed.countDown();
    }
}
