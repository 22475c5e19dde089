package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The app's fitters: which waiting refresh, or which step of one, they take next. */
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
    void betweenTwoStepsOfACostlyRefreshACheaperOneHandedOutMeanwhileRunsFirst() throws Exception {
        ExecutorService fitters = CoxFitting.fitters(1);
        CoxFitting fits = CoxFitting.background(fitters);
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch computing = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(2);
        try {
            fits.handOut(30_000_000).execute(() -> {
                ran.add("costly, step 1");
                computing.countDown();
                await(go);
                fits.afterEachStep().accept(1_000);
                ran.add("costly, step 2");
                fits.afterEachStep().accept(1_000);
                done.countDown();
            });
            assertThat(computing.await(30, TimeUnit.SECONDS)).as("the costly refresh holds the one fitter").isTrue();
            fits.handOut(10_000_000).execute(record("cheap", ran, done));
            go.countDown();
            assertThat(done.await(30, TimeUnit.SECONDS)).as("both ran").isTrue();
            // A fitter that keeps a refresh from its first step to its last would run the cheap one after step 2.
            assertThat(ran).containsExactly("costly, step 1", "cheap", "costly, step 2");
        } finally {
            go.countDown();
            fitters.shutdownNow();
        }
    }

    @Test
    void aRefreshWithLessLeftThanTheWaitingOneGoesOnFirst() throws Exception {
        ExecutorService fitters = CoxFitting.fitters(1);
        CoxFitting fits = CoxFitting.background(fitters);
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch computing = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(2);
        try {
            fits.handOut(30_000_000).execute(() -> {
                ran.add("almost done, step 1");
                computing.countDown();
                await(go);
                fits.afterEachStep().accept(25_000_000); // 5 ms left of 30: less than the waiting one's 10
                ran.add("almost done, step 2");
                done.countDown();
            });
            assertThat(computing.await(30, TimeUnit.SECONDS)).isTrue();
            fits.handOut(10_000_000).execute(record("waiting", ran, done));
            go.countDown();
            assertThat(done.await(30, TimeUnit.SECONDS)).as("both ran").isTrue();
            assertThat(ran).containsExactly("almost done, step 1", "almost done, step 2", "waiting");
        } finally {
            go.countDown();
            fitters.shutdownNow();
        }
    }

    @Test
    void theInlinePathRunsAnEstimatedRefreshAtOnce() {
        List<String> ran = new ArrayList<>();
        CoxFitting.inline().handOut(5).execute(() -> ran.add("now"));
        assertThat(ran).containsExactly("now");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Runnable record(String name, List<String> ran, CountDownLatch done) {
        return () -> {
            ran.add(name);
            done.countDown();
        };
    }
}
