package org.followupmonitor.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ParallelTasksTest {

    /** A deterministic, order-sensitive floating-point computation, heavy enough to overlap on threads. */
    private static Supplier<Double> sum(int seed) {
        return () -> {
            double s = 0;
            for (int i = 1; i < 200_000; i++) {
                s += Math.sin(seed * 0.001 + i) / i;
            }
            return s;
        };
    }

    @Test
    void parallelResultsEqualSequentialOnesInTaskOrder() {
        List<Supplier<Double>> tasks = new ArrayList<>();
        for (int t = 0; t < 7; t++) {
            tasks.add(sum(t));
        }
        List<Double> sequential = ParallelTasks.runAll(tasks, 1);
        List<Double> parallel = ParallelTasks.runAll(tasks, 4);
        assertThat(parallel).isEqualTo(sequential);
        assertThat(sequential).doesNotHaveDuplicates();
        assertThat(parallel.get(3)).isEqualTo(sum(3).get());
    }

    @Test
    void aFailingTaskFailsTheCallWithItsOwnException() {
        List<Supplier<Integer>> tasks = List.of(() -> 1, () -> {
            throw new IllegalArgumentException("bad model");
        }, () -> 3);
        assertThatThrownBy(() -> ParallelTasks.runAll(tasks, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad model");
    }
}
