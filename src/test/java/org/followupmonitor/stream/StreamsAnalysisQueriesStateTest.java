package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

/**
 * The monitor's state from its two applications ({@link StreamsAnalysisQueries#combined}): ready only when both run,
 * and a failed application never hidden behind the other's rebalance.
 */
class StreamsAnalysisQueriesStateTest {
    @Test
    void runningOnlyWhenBothRun() {
        assertThat(StreamsAnalysisQueries.combined(State.RUNNING, State.RUNNING)).isEqualTo(State.RUNNING);
        assertThat(StreamsAnalysisQueries.combined(State.RUNNING, State.REBALANCING)).isEqualTo(State.REBALANCING);
        assertThat(StreamsAnalysisQueries.combined(State.CREATED, State.RUNNING)).isEqualTo(State.CREATED);
    }

    @Test
    void theMoreFinalStateOfTwoNotRunningWinsWhicheverApplicationHasIt() {
        assertThat(StreamsAnalysisQueries.combined(State.REBALANCING, State.ERROR)).isEqualTo(State.ERROR);
        assertThat(StreamsAnalysisQueries.combined(State.ERROR, State.REBALANCING)).isEqualTo(State.ERROR);
        assertThat(StreamsAnalysisQueries.combined(State.PENDING_SHUTDOWN, State.REBALANCING))
                .isEqualTo(State.PENDING_SHUTDOWN);
        assertThat(StreamsAnalysisQueries.combined(State.CREATED, State.REBALANCING)).isEqualTo(State.REBALANCING);
    }
}
