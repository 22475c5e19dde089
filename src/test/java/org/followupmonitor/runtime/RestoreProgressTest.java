package org.followupmonitor.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams.State;
import org.followupmonitor.api.AnalysisQueries;
import org.junit.jupiter.api.Test;

class RestoreProgressTest {
    private static final String STARTED = "restoring local state from the changelogs (after an unclean stop or a "
            + "moved task); the API answers once it is done";
    private final List<String> lines = new ArrayList<>();
    private long now = 5_000_000_000L;
    private final RestoreProgress progress = new RestoreProgress(lines::add, () -> now);
    private final TopicPartition a = new TopicPartition("app-cohort-subjects-changelog", 0);
    private final TopicPartition b = new TopicPartition("app-patient-timelines-changelog", 1);
    private final TopicPartition c = new TopicPartition("app-release-window-changelog", 0);

    @Test
    void aRoundIsOneLineAtItsStartOneEvery30SecondsAndOneWhenTheAppRunsAgain() {
        progress.onChange(State.REBALANCING, State.CREATED);
        progress.onRestoreStart(a, "cohort-subjects", 100, 1_100);
        progress.onRestoreStart(b, "patient-timelines", 0, 3_000);
        assertThat(progress.current()).contains(new AnalysisQueries.Restoring(0, 4_000));
        progress.onBatchRestored(a, "cohort-subjects", 600, 500);
        assertThat(lines).containsExactly(STARTED);
        now += 29_000_000_000L;
        progress.onBatchRestored(b, "patient-timelines", 1_000, 1_000);
        assertThat(lines).hasSize(1);
        now += 1_000_000_000L;
        progress.onBatchRestored(b, "patient-timelines", 2_000, 1_000);
        assertThat(lines).hasSize(2).last()
                .isEqualTo("restoring local state: 2,500 records so far, of at most 4,000 known yet (62%), 30 s");
        progress.onBatchRestored(a, "cohort-subjects", 1_100, 480);
        progress.onRestoreEnd(a, "cohort-subjects", 980);
        progress.onBatchRestored(b, "patient-timelines", 3_000, 990);
        progress.onRestoreEnd(b, "patient-timelines", 2_990);
        // Another task registers its store after the first ones are done: still the same round.
        progress.onRestoreStart(c, "release-window", 0, 10);
        progress.onBatchRestored(c, "release-window", 10, 9);
        progress.onRestoreEnd(c, "release-window", 9);
        assertThat(lines).hasSize(2);
        assertThat(progress.current()).contains(new AnalysisQueries.Restoring(3_979, 4_010));
        now += 2_400_000_000L;
        progress.onChange(State.RUNNING, State.REBALANCING);
        assertThat(lines).hasSize(3).last().isEqualTo("local state restored: 3,979 records in 3 store partitions, 32 s");
        assertThat(progress.current()).isEmpty();
    }

    @Test
    void aNewRoundCountsFromZeroAndARoundWithNothingRestoredSaysNothing() {
        progress.onRestoreStart(a, "cohort-subjects", 0, 10);
        progress.onBatchRestored(a, "cohort-subjects", 10, 10);
        progress.onRestoreEnd(a, "cohort-subjects", 10);
        progress.onChange(State.RUNNING, State.REBALANCING);
        progress.onChange(State.REBALANCING, State.RUNNING);
        progress.onRestoreStart(b, "patient-timelines", 7, 7);
        progress.onRestoreEnd(b, "patient-timelines", 0);
        progress.onChange(State.RUNNING, State.REBALANCING);
        progress.onRestoreStart(b, "patient-timelines", 0, 20);
        progress.onBatchRestored(b, "patient-timelines", 20, 20);
        progress.onRestoreEnd(b, "patient-timelines", 20);
        assertThat(lines).containsExactly(STARTED, "local state restored: 10 records in 1 store partition, 0 s",
                STARTED, "local state restored: 20 records in 1 store partition, 0 s");
    }

    @Test
    void aSuspendedPartitionTakesItsRemainderOutOfTheTotal() {
        progress.onRestoreStart(a, "cohort-subjects", 0, 100);
        progress.onRestoreStart(b, "patient-timelines", 0, 50);
        progress.onBatchRestored(a, "cohort-subjects", 40, 40);
        progress.onRestoreSuspended(a, "cohort-subjects", 40);
        assertThat(progress.current()).contains(new AnalysisQueries.Restoring(40, 90));
        progress.onBatchRestored(b, "patient-timelines", 50, 50);
        progress.onRestoreEnd(b, "patient-timelines", 50);
        assertThat(progress.current()).isPresent();
        progress.onChange(State.RUNNING, State.REBALANCING);
        assertThat(lines).last().isEqualTo("local state restored: 90 records in 2 store partitions, 0 s");
    }

    @Test
    void aPartitionRestartedInTheRoundCountsOnce() {
        progress.onRestoreStart(a, "cohort-subjects", 0, 100);
        progress.onBatchRestored(a, "cohort-subjects", 40, 40);
        progress.onRestoreSuspended(a, "cohort-subjects", 40);
        progress.onRestoreStart(a, "cohort-subjects", 40, 100); // the task came back to this instance
        progress.onBatchRestored(a, "cohort-subjects", 100, 60);
        progress.onRestoreEnd(a, "cohort-subjects", 60);
        progress.onChange(State.RUNNING, State.REBALANCING);
        assertThat(lines).last().isEqualTo("local state restored: 100 records in 1 store partition, 0 s");
    }
}
