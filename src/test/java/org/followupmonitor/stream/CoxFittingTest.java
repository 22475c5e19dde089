package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The app's fitters: which waiting refresh they take next. */
class CoxFittingTest {
    @Test
    void withTheFitterBusyTheCheapestWaitingRefreshRunsFirstAndEqualOnesInHandOutOrder() throws Exception {
        ExecutorService fitters = CoxFitting.fitters(1);
        CoxFitting fits = new CoxFitting(fitters, took -> { });
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(5);
        try {
            // The one fitter takes this at once and holds on until the others are queued.
            fitters.execute(() -> {
                busy.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(busy.await(30, TimeUnit.SECONDS)).as("the fitter is busy").isTrue();
            fits.handOut(30_000_000).execute(record("slow", ran, done));
            fits.handOut(10_000_000).execute(record("quick", ran, done));
            fits.handOut(20_000_000).execute(record("middle", ran, done));
            fits.handOut(10_000_000).execute(record("quick-too", ran, done));
            fitters.execute(record("without an estimate", ran, done));
            release.countDown();
            assertThat(done.await(30, TimeUnit.SECONDS)).as("all ran").isTrue();
            // In hand-out order (FIFO) this would be slow, quick, middle, quick-too.
            assertThat(ran).containsExactly("quick", "quick-too", "middle", "slow", "without an estimate");
        } finally {
            release.countDown();
            fitters.shutdownNow();
        }
    }

    @Test
    void theInlinePathRunsAnEstimatedRefreshAtOnce() {
        List<String> ran = new ArrayList<>();
        CoxFitting.inline().handOut(5).execute(() -> ran.add("now"));
        assertThat(ran).containsExactly("now");
    }

    private static Runnable record(String name, List<String> ran, CountDownLatch done) {
        return () -> {
            ran.add(name);
            done.countDown();
        };
    }
}
