package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The fitters' slots, with the clock, the rests' timer and the rest of the process' CPU time driven by the test. */
class FitterGateTest {
    private static final long W = FitterGate.IDLE_WINDOW_NANOS;

    private final long[] now = {0};
    private final List<Long> restNanos = new ArrayList<>();
    private final List<Runnable> rests = new ArrayList<>();
    /** The CPU time the rest of the process has used (outside the fitters), ns. */
    private final long[] cpu = {0};

    private FitterGate gate(int slots) {
        return new FitterGate(slots, 2, (nanos, then) -> {
            restNanos.add(nanos);
            rests.add(then);
        }, () -> now[0]);
    }

    @Test
    void aSlotGivenBackRestsTwiceAsLongAsItWasHeldThenGoesToTheLeastRemainingWork() throws Exception {
        FitterGate gate = gate(1);
        FitterGate.Ticket costly = gate.enter(new FitterGate.Claim(30_000, 0));
        assertThat(costly.granted()).as("a free slot is given at once").isTrue();
        FitterGate.Hold step = costly.await();
        FitterGate.Ticket cheap = gate.enter(new FitterGate.Claim(10_000, 1));
        FitterGate.Ticket cheapToo = gate.enter(new FitterGate.Claim(10_000, 2));
        assertThat(cheap.granted()).isFalse();

        now[0] = 5_000; // the costly refresh's first step took 5 µs: it gives the slot back and queues with the rest
        gate.release(step);
        FitterGate.Ticket costlyAgain = gate.enter(new FitterGate.Claim(25_000, 0));
        assertThat(restNanos).as("the rest: twice the time held").containsExactly(10_000L);
        assertThat(gate.freeSlots()).as("resting: nobody computes").isZero();
        assertThat(List.of(cheap.granted(), cheapToo.granted(), costlyAgain.granted())).containsOnly(false);

        rests.remove(0).run(); // the rest ends
        // Without preemption between steps the costly refresh would go on: here the least remaining work goes first.
        assertThat(cheap.granted()).isTrue();
        assertThat(List.of(cheapToo.granted(), costlyAgain.granted())).containsOnly(false);
        now[0] = 6_000;
        gate.release(cheap.await());
        rests.remove(0).run();
        assertThat(cheapToo.granted()).as("equal remaining work: in hand-out order").isTrue();
        assertThat(costlyAgain.granted()).isFalse();
        now[0] = 7_000;
        gate.release(cheapToo.await());
        rests.remove(0).run();
        assertThat(costlyAgain.granted()).isTrue();
        assertThat(restNanos).containsExactly(10_000L, 2_000L, 2_000L);
    }

    @Test
    void aSlotRestsOnlyWhenTheRestOfTheProcessUsedHalfACoreOrMoreWhileItWasHeld() throws Exception {
        long[] othersCpu = {1_000_000};
        FitterGate gate = new FitterGate(1, 2, (nanos, then) -> {
            restNanos.add(nanos);
            rests.add(then);
        }, () -> now[0], () -> othersCpu[0]);
        FitterGate.Hold step = gate.enter(new FitterGate.Claim(30_000, 0)).await();
        FitterGate.Ticket next = gate.enter(new FitterGate.Claim(10_000, 1));
        now[0] = 10_000;
        othersCpu[0] += 4_999; // the stream threads and the rest: under half a core while the step computed
        gate.release(step);
        assertThat(restNanos).as("no rest").isEmpty();
        assertThat(next.granted()).as("the next claim computes at once").isTrue();

        FitterGate.Hold busy = next.await();
        FitterGate.Ticket third = gate.enter(new FitterGate.Claim(10_000, 2));
        now[0] = 20_000;
        othersCpu[0] += 5_000; // half a core: the stream threads are at work
        gate.release(busy);
        assertThat(restNanos).as("twice the time held").containsExactly(20_000L);
        assertThat(third.granted()).isFalse();
        rests.remove(0).run();
        assertThat(third.granted()).isTrue();
    }

    @Test
    void aSlotThatDoesNotRestGoesToTheLeastRemainingWorkIncludingItsHoldersNextStep() throws Exception {
        long[] othersCpu = {0};
        FitterGate gate = new FitterGate(1, 2, (nanos, then) -> {
            restNanos.add(nanos);
            rests.add(then);
        }, () -> now[0], () -> othersCpu[0]);
        FitterGate.Hold step = gate.enter(new FitterGate.Claim(30_000, 0)).await();
        FitterGate.Ticket waiting = gate.enter(new FitterGate.Claim(10_000, 1));
        now[0] = 25_000; // idle meanwhile: no rest
        FitterGate.Ticket again = gate.releaseAndEnter(step, new FitterGate.Claim(5_000, 0));
        assertThat(restNanos).isEmpty();
        assertThat(again.granted()).as("5 µs left against 10 µs: the holder's next step").isTrue();
        assertThat(waiting.granted()).isFalse();
    }

    @Test
    void withoutAMeasureASlotAlwaysRests() throws Exception {
        FitterGate gate = gate(1);
        FitterGate.Hold step = gate.enter(new FitterGate.Claim(30_000, 0)).await();
        now[0] = 10_000;
        gate.release(step);
        assertThat(restNanos).containsExactly(20_000L);
    }

    @Test
    void aClaimWithLessLeftThanAWaitingOneGoesOnFirst() throws Exception {
        FitterGate gate = gate(1);
        FitterGate.Hold step = gate.enter(new FitterGate.Claim(30_000, 0)).await();
        FitterGate.Ticket waiting = gate.enter(new FitterGate.Claim(10_000, 1));
        now[0] = 25_000;
        gate.release(step);
        FitterGate.Ticket almostDone = gate.enter(new FitterGate.Claim(5_000, 0));
        rests.remove(0).run();
        assertThat(almostDone.granted()).isTrue();
        assertThat(waiting.granted()).isFalse();
    }

    @Test
    void aSlotHeldForNoTimeIsFreeAtOnceAndACancelledClaimLeavesTheQueue() throws Exception {
        FitterGate gate = gate(2);
        FitterGate.Hold first = gate.enter(new FitterGate.Claim(1, 0)).await();
        FitterGate.Hold second = gate.enter(new FitterGate.Claim(1, 1)).await();
        FitterGate.Ticket cancelled = gate.enter(new FitterGate.Claim(1, 2));
        FitterGate.Ticket third = gate.enter(new FitterGate.Claim(2, 3));
        assertThat(gate.waitingClaims()).isEqualTo(2);
        cancelled.cancel();
        assertThat(gate.waitingClaims()).isEqualTo(1);
        gate.release(first);
        gate.release(first); // twice: once counts
        assertThat(restNanos).isEmpty();
        assertThat(third.granted()).isTrue();
        assertThat(gate.freeSlots()).isZero();
        gate.release(second);
        assertThat(gate.freeSlots()).isEqualTo(1);
    }

    /** One base slot and one lent, with the rest of the process' CPU time from {@link #cpu}. */
    private FitterGate lending() {
        return new FitterGate(1, 1, 2, (nanos, then) -> {
            restNanos.add(nanos);
            rests.add(then);
        }, () -> now[0], () -> cpu[0]);
    }

    /** Runs the probe that was due a window after it was asked for (the lent slot's look at the rest of the process). */
    private void probe() {
        int i = restNanos.indexOf(W);
        assertThat(i).as("a probe is due").isNotNegative();
        restNanos.remove(i);
        rests.remove(i).run();
    }

    @Test
    void aLentSlotIsGivenOnceTheRestOfTheProcessHasBeenIdleForAWindowAndTwoClaimsThenComputeAtOnce() throws Exception {
        FitterGate gate = lending();
        FitterGate.Ticket first = gate.enter(new FitterGate.Claim(30_000_000, 0));
        FitterGate.Ticket second = gate.enter(new FitterGate.Claim(10_000_000, 1));
        assertThat(first.granted()).as("the base slot, at once").isTrue();
        assertThat(second.granted()).as("no window measured yet").isFalse();
        assertThat(restNanos).as("a probe a window later").containsExactly(W);

        now[0] = W;
        cpu[0] += 4 * W / 10; // the stream threads used 0.4 of a core over the window
        probe();
        assertThat(second.granted()).isTrue();
        FitterGate.Hold base = first.await();
        FitterGate.Hold lent = second.await();
        assertThat(base.lent()).isFalse();
        assertThat(lent.lent()).isTrue();
        assertThat(gate.freeSlots() + gate.freeLentSlots()).as("two steps computing at once").isZero();
        FitterGate.Ticket third = gate.enter(new FitterGate.Claim(1_000_000, 2));
        assertThat(third.granted()).as("no third slot").isFalse();

        now[0] = W + 5_000_000; // the lent step took 5 ms, the rest of the process still idle
        cpu[0] += 1_000_000;
        gate.release(lent);
        assertThat(third.granted()).as("given again at once: a lent slot does not rest").isTrue();
        assertThat(third.await().lent()).isTrue();
        assertThat(restNanos).isEmpty();
    }

    @Test
    void noSlotIsLentWhileTheRestOfTheProcessIsBusyAndOneIsOnceItWasIdleOverTheLastWindow() throws Exception {
        FitterGate gate = lending();
        gate.enter(new FitterGate.Claim(30_000_000, 0)).await();
        FitterGate.Ticket waiting = gate.enter(new FitterGate.Claim(10_000_000, 1));
        now[0] = W;
        cpu[0] += W / 2; // half a core: busy, as for a base slot's rest
        probe();
        assertThat(waiting.granted()).as("half a core").isFalse();
        for (int i = 2; i <= 3; i++) {
            now[0] = i * W;
            cpu[0] += 3 * W / 2; // a core and a half: the stream threads at work
            probe();
            assertThat(waiting.granted()).as("busy over window %d", i).isFalse();
        }
        now[0] = 4 * W;
        cpu[0] += W / 10;
        probe();
        // Over the last four windows the rest of the process used 0.9 of a core: the share is the last window's.
        assertThat(waiting.granted()).as("idle over the last window").isTrue();
        assertThat(restNanos).as("no probe once nothing waits").isEmpty();
    }

    @Test
    void aLentSlotIsTakenBackWhenTheRestOfTheProcessGetsBusyWhileTheBaseSlotKeepsItsRests() throws Exception {
        FitterGate gate = lending();
        FitterGate.Hold base = gate.enter(new FitterGate.Claim(30_000_000, 0)).await();
        FitterGate.Ticket second = gate.enter(new FitterGate.Claim(20_000_000, 1));
        now[0] = W;
        probe(); // idle: the rest of the process used nothing
        FitterGate.Hold lent = second.await();
        assertThat(lent.lent()).isTrue();
        FitterGate.Ticket third = gate.enter(new FitterGate.Claim(10_000_000, 2));

        // Input comes during the lent step: the step computes to its end (steps are the only preemption points), but
        // no further step is given the lent slot while the stream threads are busy.
        now[0] = 2 * W;
        cpu[0] += W;
        FitterGate.Ticket secondAgain = gate.releaseAndEnter(lent, new FitterGate.Claim(15_000_000, 1));
        assertThat(List.of(third.granted(), secondAgain.granted())).containsOnly(false);
        assertThat(gate.freeLentSlots()).isEqualTo(1);
        assertThat(restNanos).as("the lent slot does not rest: a probe only").containsExactly(W);
        now[0] = 3 * W;
        cpu[0] += W;
        probe();
        assertThat(List.of(third.granted(), secondAgain.granted())).as("still busy").containsOnly(false);

        gate.release(base); // held for 3 windows while the rest of the process used 2/3 of a core: it rests
        assertThat(restNanos).containsExactly(W, 6 * W);
        assertThat(gate.freeSlots()).isZero();

        now[0] = 4 * W; // idle again for a window
        probe();
        assertThat(third.granted()).as("the least remaining work, on the lent slot").isTrue();
        assertThat(third.await().lent()).isTrue();
        assertThat(secondAgain.granted()).isFalse();
        rests.remove(restNanos.indexOf(6 * W)).run(); // the base slot's rest ends
        assertThat(secondAgain.granted()).isTrue();
        assertThat(secondAgain.await().lent()).isFalse();
    }

    @Test
    void aReadingMoreThanTwoWindowsOldDoesNotSayWhetherTheRestOfTheProcessIsIdleNow() throws Exception {
        FitterGate gate = lending();
        gate.enter(new FitterGate.Claim(30_000_000, 0)).await();
        FitterGate.Ticket waiting = gate.enter(new FitterGate.Claim(10_000_000, 1)); // read at 0
        now[0] = 10 * W;
        cpu[0] += W / 2; // busy over the last half window: 0.05 of a core since 0
        probe(); // late
        assertThat(waiting.granted()).isFalse();
        now[0] = 11 * W;
        cpu[0] += W / 10;
        probe();
        assertThat(waiting.granted()).isTrue();
    }

    @Test
    void aShortStepOverWhichTheMeasureWentBackDoesNotRest() throws Exception {
        FitterGate gate = lending();
        cpu[0] = 10_000_000;
        FitterGate.Hold step = gate.enter(new FitterGate.Claim(30_000_000, 0)).await();
        now[0] = 3_000_000;
        cpu[0] -= 3_000_000; // the process' time not yet a tick further, the fitter's 3 ms more
        gate.release(step);
        assertThat(restNanos).isEmpty();
        assertThat(gate.freeSlots()).isEqualTo(1);
    }

    @Test
    void withoutAMeasureNoSlotIsLent() {
        FitterGate gate = new FitterGate(1, 1, 2, (nanos, then) -> {
            restNanos.add(nanos);
            rests.add(then);
        }, () -> now[0], null);
        gate.enter(new FitterGate.Claim(30_000, 0));
        FitterGate.Ticket second = gate.enter(new FitterGate.Claim(10_000, 1));
        assertThat(second.granted()).isFalse();
        assertThat(gate.freeLentSlots()).isZero();
        assertThat(restNanos).isEmpty();
    }

    /**
     * Any sequence of claims, steps given back and time passing: never more steps computing than base and lent slots,
     * never more on lent slots than lent, never a base slot free while a claim waits, and, when the rest of the
     * process uses half a core or more all the time, never a lent slot given.
     */
    @Property(tries = 300)
    void theSlotsHeldStayWithinTheirBoundsAndNoneIsLentWhileTheRestOfTheProcessIsBusy(
            @ForAll @IntRange(min = 1, max = 3) int slots, @ForAll @IntRange(min = 0, max = 2) int lent,
            @ForAll boolean alwaysBusy, @ForAll @Size(max = 80) List<@IntRange(min = 0, max = 99) Integer> ops)
            throws Exception {
        long[] clock = {0};
        long[] others = {0};
        record Due(long at, long order, Runnable then) {
        }
        List<Due> timer = new ArrayList<>();
        long[] scheduled = {0};
        FitterGate gate = new FitterGate(slots, lent, 2,
                (nanos, then) -> timer.add(new Due(clock[0] + nanos, scheduled[0]++, then)), () -> clock[0],
                () -> others[0]);
        List<FitterGate.Ticket> queued = new ArrayList<>();
        List<FitterGate.Hold> holding = new ArrayList<>();
        long sequence = 0;
        for (int op : ops) {
            switch (op % 4) {
                case 0 -> queued.add(gate.enter(new FitterGate.Claim(op * 1_000_000L, sequence++)));
                case 1 -> {
                    if (!holding.isEmpty()) {
                        gate.release(holding.remove(0));
                    }
                }
                case 2 -> {
                    if (!holding.isEmpty()) {
                        queued.add(gate.releaseAndEnter(holding.remove(0),
                                new FitterGate.Claim(op * 500_000L, sequence++)));
                    }
                }
                default -> {
                    long step = (op + 1) * W / 20;
                    clock[0] += step;
                    // Busy: from half a core to two; otherwise anything from none to two cores.
                    others[0] += (long) (step * (alwaysBusy ? 0.5 + op / 66.0 : op / 50.0));
                    timer.sort(Comparator.comparingLong(Due::at).thenComparingLong(Due::order));
                    while (!timer.isEmpty() && timer.get(0).at() <= clock[0]) {
                        timer.remove(0).then().run();
                    }
                }
            }
            for (var it = queued.iterator(); it.hasNext(); ) {
                FitterGate.Ticket t = it.next();
                if (t.granted()) {
                    it.remove();
                    holding.add(t.await()); // granted: returns at once
                }
            }
            long lentHeld = holding.stream().filter(FitterGate.Hold::lent).count();
            assertThat(holding.size()).isLessThanOrEqualTo(slots + lent);
            assertThat(lentHeld).isLessThanOrEqualTo(lent);
            if (alwaysBusy) {
                assertThat(lentHeld).as("lent while busy").isZero();
            }
            if (!queued.isEmpty()) {
                assertThat(gate.freeSlots()).as("a base slot free while a claim waits").isZero();
            }
            assertThat(gate.waitingClaims()).isEqualTo(queued.size());
        }
    }
}
