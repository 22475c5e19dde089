package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.Collections;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
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
        // A fitter that keeps a refresh from its first step to its last would run the cheap one after step 2.
        assertThat(twoStepRefreshBesideAnother("costly", 1_000, "cheap"))
                .containsExactly("costly, step 1", "cheap", "costly, step 2");
    }

    @Test
    void aRefreshWithLessLeftThanTheWaitingOneGoesOnFirst() throws Exception {
        // Its first step took 25 ms of the 30 expected: 5 ms left, less than the waiting one's 10.
        assertThat(twoStepRefreshBesideAnother("almost done", 25_000_000, "waiting"))
                .containsExactly("almost done, step 1", "almost done, step 2", "waiting");
    }

    /**
     * On the app's one fitter, a refresh expected to take 30 ms computes its first step, which is held until a second
     * refresh, expected to take 10 ms, has been handed out; the first step is then reported to have taken
     * {@code firstStepNanos}. Returns the order in which the steps and the second refresh ran.
     */
    private static List<String> twoStepRefreshBesideAnother(String name, long firstStepNanos, String other)
            throws InterruptedException {
        ExecutorService fitters = CoxFitting.fitters(1);
        CoxFitting fits = CoxFitting.background(fitters);
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch computing = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(2);
        try {
            fits.handOut(30_000_000).execute(() -> {
                ran.add(name + ", step 1");
                computing.countDown();
                await(go);
                fits.afterEachStep().accept(firstStepNanos);
                ran.add(name + ", step 2");
                fits.afterEachStep().accept(1_000);
                done.countDown();
            });
            assertThat(computing.await(30, TimeUnit.SECONDS)).as("the first refresh holds the one fitter").isTrue();
            fits.handOut(10_000_000).execute(record(other, ran, done));
            go.countDown();
            assertThat(done.await(30, TimeUnit.SECONDS)).as("both ran").isTrue();
            return List.copyOf(ran);
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

    @Test
    void theLastCoreIsLentOnMachinesWithMoreThanOne() {
        assertThat(CoxFitting.lentFitterSlots(1)).isZero();
        assertThat(CoxFitting.lentFitterSlots(2)).isEqualTo(1);
        assertThat(CoxFitting.lentFitterSlots(8)).isEqualTo(1);
        assertThat(CoxFitting.fitterThreads(2) + CoxFitting.lentFitterSlots(2)).isEqualTo(2);
    }

    @Test
    void theRestOfTheProcessCpuLeavesOutTheFittersThreadsAliveAndEnded() throws Exception {
        CoxFitting.FitterThreads threads = new CoxFitting.FitterThreads();
        LongSupplier others = threads.othersCpu();
        assumeThat(others).as("the JVM measures CPU time").isNotNull();
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, 1, 1, TimeUnit.MILLISECONDS, new SynchronousQueue<>(),
                threads);
        AtomicReference<Thread> fitter = new AtomicReference<>();
        // The process' CPU time less the measure, read back to back: the fitter threads' CPU time, whatever else
        // (JIT, GC, other tests' threads) the process does meanwhile. A measure that counted the fitter as the rest
        // of the process would leave about 0 here.
        long fittersBefore = os.getProcessCpuTime() - others.getAsLong();
        try {
            // A fitter thread computes for 300 ms of its CPU time while this thread waits for it.
            Future<Long> spun = pool.submit(() -> {
                fitter.set(Thread.currentThread());
                long start = mx.getCurrentThreadCpuTime();
                long spent = 0;
                while (spent < 300_000_000L) {
                    spent = mx.getCurrentThreadCpuTime() - start;
                }
                return spent;
            });
            long fitterCpu = spun.get(60, TimeUnit.SECONDS);
            // Within 50 ms: the process' time may be read in clock ticks (10 ms), and the thread spent a little
            // outside the measured loop.
            assertThat(os.getProcessCpuTime() - others.getAsLong() - fittersBefore).as("while the fitter thread is alive")
                    .isBetween(fitterCpu - 50_000_000L, fitterCpu + 50_000_000L);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !fitter.get().isAlive()); // idle for 1 ms: it ends
            assertThat(os.getProcessCpuTime() - others.getAsLong() - fittersBefore).as("once it has ended")
                    .isBetween(fitterCpu - 50_000_000L, fitterCpu + 50_000_000L);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withTheRestOfTheProcessIdleTwoRefreshesComputeAtOnceOnOneSlotAndALentOne() throws Exception {
        ExecutorService fitters = CoxFitting.fitters(1, 1);
        CountDownLatch both = new CountDownLatch(2);
        CountDownLatch done = new CountDownLatch(2);
        List<Boolean> metTheOther = Collections.synchronizedList(new ArrayList<>());
        try {
            for (int i = 0; i < 2; i++) {
                fitters.execute(() -> {
                    both.countDown();
                    try {
                        // On the one base slot alone the other refresh waits behind this one: this would time out.
                        metTheOther.add(both.await(30, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    done.countDown();
                });
            }
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(metTheOther).containsExactly(true, true);
        } finally {
            fitters.shutdownNow();
        }
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
