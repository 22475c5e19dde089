package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.cohortstate.CohortCodec;
import org.followupmonitor.cohortstate.CohortDelta;
import org.followupmonitor.events.AvroEvents;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.avro.PatientTimelineState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A timeline task's start-up: the shares it rebuilds from the stored timelines, and so the reset it sends first, are
 * the same byte for byte whether the patients are derived on the stream thread alone or in batches on helper threads.
 */
class TimelineProcessorInitTest {
    private static final List<AnalysisDefinition> ANALYSES = AnalysesLoader.loadDefault().analyses();
    private static final Duration FLUSH = Duration.ofMillis(200);

    @TempDir
    Path dir;

    @Test
    void theSharesRebuiltInParallelAreTheSharesRebuiltOnOneThread() throws Exception {
        MockProcessorContext<String, CohortDelta> ctx = new MockProcessorContext<>();
        KeyValueStore<String, PatientTimelineState> timelines = StreamFixtures.timelinesIn(ctx);
        // More patients than the batches two helpers may read ahead (2 x 2 x 512), so the read-ahead bound is reached.
        List<ClinicalEvent> events = StreamFixtures.cohortEvents(2_500, 11, dir);
        TimelineProcessor writer = processor(1);
        writer.init(ctx);
        Set<String> patients = new HashSet<>();
        for (ClinicalEvent e : events) {
            writer.process(new Record<>(e.patientId(), AvroEvents.toAvro(e), 0L));
            patients.add(e.patientId());
        }
        assertThat(timelines.approximateNumEntries()).isEqualTo(patients.size());
        assertThat(patients.size()).isGreaterThan(4 * TimelineProcessor.INIT_BATCH);

        List<String> alone = firstFlush(ctx, processor(1));
        List<String> helped = firstFlush(ctx, processor(2));
        List<String> three = firstFlush(ctx, processor(3));

        assertThat(alone).as("a reset per analysis at least").hasSizeGreaterThanOrEqualTo(ANALYSES.size());
        assertThat(ctx.forwarded()).allSatisfy(f -> assertThat(f.record().value().analysis()).isNotBlank());
        assertThat(ctx.forwarded().get(0).record().value().reset()).isTrue();
        assertThat(helped).containsExactlyElementsOf(alone);
        assertThat(three).containsExactlyElementsOf(alone);
    }

    private static TimelineProcessor processor(int initThreads) {
        return new TimelineProcessor(ANALYSES, new SimpleMeterRegistry().counter("processed"), FLUSH, false,
                initThreads);
    }

    /** Starts the processor on the stored timelines and returns the deltas of its first flush, encoded (Base64). */
    private static List<String> firstFlush(MockProcessorContext<String, CohortDelta> ctx, TimelineProcessor p) {
        ctx.resetForwards();
        int before = ctx.scheduledPunctuators().size();
        p.init(ctx);
        ctx.scheduledPunctuators().get(before).getPunctuator().punctuate(1_000L);
        List<String> out = new ArrayList<>();
        try (Serde<CohortDelta> serde = CohortCodec.deltas()) {
            for (var forwarded : ctx.forwarded()) {
                out.add(java.util.Base64.getEncoder().encodeToString(
                        serde.serializer().serialize(Names.COHORT_DELTAS, forwarded.record().value())));
            }
        }
        return out;
    }
}
