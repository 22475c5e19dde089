package org.followupmonitor.bench;

import java.util.concurrent.TimeUnit;
import org.followupmonitor.survival.GroupSequentialState;
import org.followupmonitor.survival.SpendingFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of one more Lan-DeMets look after k earlier ones: it should not grow with k, because the state carries
 * the density of the last look only.
 * Run: mvn -Pbench test-compile exec:exec -Dbench.args='GroupSequentialBenchmark'
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GroupSequentialBenchmark {
    @Param({"1", "10", "50"})
    int earlierLooks;

    GroupSequentialState state;
    double nextFraction;

    @Setup
    public void setUp() {
        state = GroupSequentialState.start(SpendingFunction.OBRIEN_FLEMING, 0.05);
        for (int k = 1; k <= earlierLooks; k++) {
            state = state.look(0.9 * k / earlierLooks);
        }
        nextFraction = 0.95;
    }

    @Benchmark
    public GroupSequentialState nextLook() {
        return state.look(nextFraction);
    }
}
