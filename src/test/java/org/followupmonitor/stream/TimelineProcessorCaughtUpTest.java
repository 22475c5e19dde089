package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.stream.Collectors;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.cohortstate.CohortDelta;
import org.followupmonitor.events.AvroEvents;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.avro.PatientTimelineState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a timeline task's deltas carry the caught-up mark ({@link CohortDelta#caughtUp}): once per task start and
 * analysis, on the analysis' last record of the flush; with the reset when there is no lag information, otherwise at
 * the second flush in a row at which the consumer had read the partition to its end.
 */
class TimelineProcessorCaughtUpTest {
    private static final List<AnalysisDefinition> ANALYSES = AnalysesLoader.loadDefault().analyses();

    @TempDir
    Path dir;

    private final MockProcessorContext<String, CohortDelta> ctx = new MockProcessorContext<>();

    private TimelineProcessor started(InputLag lag) {
        KeyValueStore<String, PatientTimelineState> timelines = StreamFixtures.timelinesIn(ctx);
        TimelineProcessor p = new TimelineProcessor(ANALYSES, new SimpleMeterRegistry().counter("processed"),
                Duration.ofMillis(200), false, 1, lag);
        p.init(ctx);
        return p;
    }

    private List<CohortDelta> flush(long now) {
        ctx.resetForwards();
        ctx.scheduledPunctuators().get(0).getPunctuator().punctuate(now);
        return ctx.forwarded().stream().<CohortDelta>map(f -> f.record().value()).toList();
    }

    private void process(TimelineProcessor p, List<ClinicalEvent> events) {
        for (ClinicalEvent e : events) {
            p.process(new Record<>(e.patientId(), AvroEvents.toAvro(e), 0L));
        }
    }

    /** Per analysis, whether its records of one flush carry the mark: only the last of them, or none. */
    private static Map<String, List<Boolean>> marks(List<CohortDelta> flushed) {
        return flushed.stream().collect(Collectors.groupingBy(CohortDelta::analysis,
                Collectors.mapping(CohortDelta::caughtUp, Collectors.toList())));
    }

    @Test
    void withoutLagInformationTheResetsLastRecordOfEveryAnalysisCarriesTheMarkAndNothingAfter() throws Exception {
        TimelineProcessor p = started(InputLag.UNKNOWN);
        process(p, StreamFixtures.cohortEvents(50, 3, dir));
        List<CohortDelta> first = flush(200);
        assertThat(first.get(0).reset()).isTrue();
        assertThat(marks(first)).hasSize(ANALYSES.size()).allSatisfy((a, m) -> {
            assertThat(m.get(m.size() - 1)).as(a).isTrue();
            assertThat(m.subList(0, m.size() - 1)).as(a).doesNotContain(true);
        });
        process(p, StreamFixtures.cohortEvents(60, 4, dir));
        assertThat(flush(400)).isNotEmpty().noneMatch(CohortDelta::caughtUp);
    }

    @Test
    void withLagInformationTheMarkComesAtTheSecondFlushInARowWithTheWholePartitionRead() throws Exception {
        Queue<OptionalLong> lags = new ArrayDeque<>(List.of(OptionalLong.empty(), OptionalLong.of(0),
                OptionalLong.of(120), OptionalLong.of(0), OptionalLong.of(0)));
        TimelineProcessor p = started(partition -> lags.remove());
        List<CohortDelta> reset = flush(200); // not fetched yet
        assertThat(reset).isNotEmpty().noneMatch(CohortDelta::caughtUp);
        assertThat(flush(400)).as("nothing changed, and read to the end only once").isEmpty();
        process(p, StreamFixtures.cohortEvents(50, 3, dir)); // the backlog
        assertThat(flush(600)).isNotEmpty().noneMatch(CohortDelta::caughtUp);
        assertThat(flush(800)).as("read to the end once").noneMatch(CohortDelta::caughtUp);
        List<CohortDelta> marked = flush(1_000);
        assertThat(marks(marked)).as("every analysis once, an otherwise empty record")
                .hasSize(ANALYSES.size()).allSatisfy((a, m) -> assertThat(m).as(a).containsExactly(true));
        assertThat(marked).allSatisfy(d -> {
            assertThat(d.size()).isZero();
            assertThat(d.reset()).isFalse();
            assertThat(d.last()).isTrue();
        });
        assertThat(lags).isEmpty();
        assertThat(flush(1_200)).as("once per task start, and the lag is not read any more").isEmpty();
    }
}
