package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fitters' slots, with the clock and the rests' timer driven by the test. */
class FitterGateTest {
    private final long[] now = {0};
    private final List<Long> restNanos = new ArrayList<>();
    private final List<Runnable> rests = new ArrayList<>();

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
}
