package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.cohortstate.CohortCodec;
import org.followupmonitor.cohortstate.CohortDelta;
import org.followupmonitor.events.AvroEvents;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.avro.PatientTimelineState;
import org.followupmonitor.events.file.RegistryImporter;
import org.junit.jupiter.api.Test;

/**
 * A timeline task resumes without a reset when its last commit had every change flushed, and the cohort stage's
 * results still equal the batch's. The timeline and cohort stages are their processors on the stores they would have
 * (TopologyTestDriver wipes its state directory when it closes, so it cannot restart); a restart is new processors
 * on the same stores, as a restore leaves them after a commit that came after every record: a restart after a flush
 * is a clean one, a restart after an event not yet flushed a dirty one (a commit between a change and its flush).
 */
class TimelineResumeTopologyTest {
    private static final List<AnalysisDefinition> ANALYSES = AnalysesLoader.loadDefault().analyses();
    private static final Duration FLUSH = Duration.ofMillis(100);

    private Path dir;

    /** Both stages' stores, kept across restarts, and the processors of the current run. */
    private final class Stages {
        final KeyValueStore<String, PatientTimelineState> timelines = store(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(Names.TIMELINES_STORE), Serdes.String(),
                new AvroBinarySerde<>(PatientTimelineState.class)).withLoggingDisabled().build());
        final KeyValueStore<String, String> flushes = store(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(Names.FLUSHES_STORE), Serdes.String(), Serdes.String())
                .withLoggingDisabled().build());
        final KeyValueStore<String, int[]> cohort = store(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(Names.COHORT_STATE_STORE), Serdes.String(), CohortCodec.blockCounts())
                .withLoggingDisabled().build());
        final KeyValueStore<String, byte[]> subjects = store(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(Names.COHORT_SUBJECTS_STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build());
        MockProcessorContext<String, CohortDelta> timelineContext;
        MockProcessorContext<String, Unreleased> cohortContext;
        TimelineProcessor timeline;
        CohortProcessor cohortStage;
        long now;
        /** Every delta the timeline stage sent in this run. */
        final List<CohortDelta> sent = new ArrayList<>();

        private <S extends org.apache.kafka.streams.processor.StateStore> S store(S s) {
            s.init(new MockProcessorContext<>().getStateStoreContext(), s);
            return s;
        }

        /** New processors of {@code analyses} on the stores (a start, or a restart after a commit). */
        void start(List<AnalysisDefinition> analyses) {
            sent.clear();
            timelineContext = new MockProcessorContext<>();
            cohortContext = new MockProcessorContext<>();
            for (var s : List.of(timelines, flushes)) {
                timelineContext.addStateStore(s);
            }
            for (var s : List.of(cohort, subjects)) {
                cohortContext.addStateStore(s);
            }
            cohortContext.setCurrentSystemTimeMs(now);
            timelineContext.setCurrentSystemTimeMs(now);
            timeline = new TimelineProcessor(analyses, new SimpleMeterRegistry().counter("processed"), FLUSH, false, 1,
                    InputLag.UNKNOWN, DeltaFingerprint.of(analyses, 1));
            timeline.init(timelineContext);
            cohortStage = new CohortProcessor(analyses, StreamFixtures.SETTINGS,
                    new SimpleMeterRegistry().timer("recompute"), CoxFitting.inline());
            cohortStage.init(cohortContext);
        }

        void process(ClinicalEvent e) {
            timeline.process(new Record<>(e.patientId(), AvroEvents.toAvro(e), now));
        }

        /** A flush of the timeline stage, its deltas applied by the cohort stage. */
        void flush() {
            now += 1_000;
            timelineContext.resetForwards();
            timelineContext.scheduledPunctuators().get(0).getPunctuator().punctuate(now);
            cohortContext.setCurrentSystemTimeMs(now);
            for (var f : timelineContext.forwarded()) {
                sent.add(f.record().value());
                cohortStage.process(new Record<>(f.record().key(), f.record().value(), now));
            }
        }

        /** The events in order, a flush after every 7, and one at the end. */
        void feed(List<ClinicalEvent> events) {
            int i = 0;
            for (ClinicalEvent e : events) {
                process(e);
                if (++i % 7 == 0) {
                    flush();
                }
            }
            flush();
        }

        /** Every analysis as the cohort stage computes it once its Cox refreshes are due, against the batch's. */
        void assertEqualsBatch(List<AnalysisDefinition> analyses, List<ClinicalEvent> events) throws Exception {
            Path file = Files.createTempFile(dir, "events", ".jsonl");
            List<AnalysisResult> batch = BatchAnalysis.run(StreamFixtures.jsonLines(events, file), analyses,
                    RegistryImporter.Options.defaults(), 0, new org.followupmonitor.alerts.SequentialMonitoring(),
                    n -> { }).results();
            now += Duration.ofMinutes(10).toMillis(); // past any reset wait and Cox interval
            for (AnalysisResult expected : batch) {
                AnalysisDefinition def = analyses.stream().filter(d -> d.name().equals(expected.name())).findFirst()
                        .orElseThrow();
                AnalysisResult streamed = cohortStage.compute(def, now);
                assertThat(ResultDiff.first(expected, streamed)).as(expected.name()).isNull();
                assertThat(streamed).isEqualTo(expected);
            }
        }
    }

    private List<ClinicalEvent> cohort(int patients, long seed) throws Exception {
        if (dir == null) {
            dir = Files.createTempDirectory("timeline-resume"); // jqwik fills no @TempDir
        }
        return StreamFixtures.scramble(StreamFixtures.cohortEvents(patients, seed, dir), seed);
    }

    @Test
    void aCleanRestartSendsNoResetAndTheResultsStillEqualTheBatch() throws Exception {
        List<ClinicalEvent> events = cohort(80, 5);
        int cut = events.size() * 3 / 4;
        Stages stages = new Stages();
        stages.start(ANALYSES);
        stages.feed(events.subList(0, cut));
        assertThat(stages.sent).as("the first start resets").anyMatch(CohortDelta::reset);
        stages.start(ANALYSES);
        stages.flush();
        assertThat(stages.sent).as("no reset").noneMatch(CohortDelta::reset);
        assertThat(stages.sent).as("nothing but the caught-up marks: no spurious clock, counts or subjects")
                .hasSize(ANALYSES.size())
                .allSatisfy(d -> assertThat(d.size() == 0 && !d.clockChanged() && d.caughtUp()).isTrue());
        stages.feed(events.subList(cut, events.size()));
        assertThat(stages.sent).as("changes only").hasSizeGreaterThan(ANALYSES.size())
                .noneMatch(CohortDelta::reset);
        stages.assertEqualsBatch(ANALYSES, events);
    }

    @Test
    void aRestartAfterAChangeNotYetFlushedResets() throws Exception {
        List<ClinicalEvent> events = cohort(60, 6);
        int cut = events.size() / 2;
        Stages stages = new Stages();
        stages.start(ANALYSES);
        stages.feed(events.subList(0, cut));
        // A patient's first event, committed without its flush: it changes the timelines.
        ClinicalEvent change = events.stream().filter(e -> stages.timelines.get(e.patientId()) == null).findFirst()
                .orElseThrow();
        stages.process(change);
        stages.start(ANALYSES);
        stages.flush();
        assertThat(stages.sent.stream().filter(CohortDelta::reset).map(CohortDelta::analysis).distinct().toList())
                .as("every analysis reset").hasSize(ANALYSES.size());
        stages.feed(events.subList(cut, events.size()));
        stages.assertEqualsBatch(ANALYSES, events);
    }

    @Test
    void aCleanRestartLongAfterTheLastFlushWithChangesResets() throws Exception {
        List<ClinicalEvent> events = cohort(60, 8);
        Stages stages = new Stages();
        stages.start(ANALYSES);
        stages.feed(events);
        // Within the limit, flushes without changes in between: clean.
        stages.now += TimelineProcessor.RESUME_MAX_AGE.toMillis() - 60_000;
        stages.start(ANALYSES);
        stages.flush();
        assertThat(stages.sent).as("a restart within the limit").noneMatch(CohortDelta::reset);
        // The flag still dates from the last flush with changes: past the limit now, a tombstone the cohort stores
        // missed could be gone from their changelogs, so only a reset is safe.
        stages.now += 120_000;
        stages.start(ANALYSES);
        stages.flush();
        assertThat(stages.sent.stream().filter(CohortDelta::reset).map(CohortDelta::analysis).distinct().toList())
                .as("every analysis reset").hasSize(ANALYSES.size());
        stages.assertEqualsBatch(ANALYSES, events);
    }

    @Test
    void aRestartWithOtherAnalysesResets() throws Exception {
        List<ClinicalEvent> events = cohort(60, 7);
        List<AnalysisDefinition> fewer = ANALYSES.subList(1, ANALYSES.size());
        Stages stages = new Stages();
        stages.start(ANALYSES);
        stages.feed(events);
        stages.start(fewer);
        stages.flush();
        assertThat(stages.sent.stream().filter(CohortDelta::reset).map(CohortDelta::analysis).distinct().toList())
                .as("every analysis reset").hasSize(fewer.size());
        stages.assertEqualsBatch(fewer, events);
        // Back to the first analyses: the last flush stored the other fingerprint.
        stages.start(ANALYSES);
        stages.flush();
        assertThat(stages.sent).anyMatch(CohortDelta::reset);
        stages.assertEqualsBatch(ANALYSES, events);
        // And once more with them: clean.
        stages.start(ANALYSES);
        stages.flush();
        assertThat(stages.sent).noneMatch(CohortDelta::reset);
        stages.assertEqualsBatch(ANALYSES, events);
    }

    /**
     * Restarts at random points of a scrambled feed (duplicates, retractions, an erasure), each clean (after a flush)
     * or dirty (after an event not yet flushed): the results equal the batch's of all the events, and a clean restart
     * sends no reset (a dirty one resets unless its event changed no timeline, a duplicate: the test above has one that
     * does).
     */
    @Property(tries = 6)
    void restartsAtRandomPointsStillEqualTheBatch(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 1, max = 5) int restarts) throws Exception {
        List<ClinicalEvent> events = cohort(50, seed);
        Random random = new Random(seed);
        List<Integer> cuts = new ArrayList<>();
        for (int i = 0; i < restarts; i++) {
            cuts.add(1 + random.nextInt(events.size() - 1));
        }
        cuts.add(events.size());
        cuts.sort(Integer::compareTo);
        Stages stages = new Stages();
        int from = 0;
        boolean dirty = false;
        for (int k = 0; k < cuts.size(); k++) {
            stages.start(ANALYSES);
            stages.feed(events.subList(from, Math.max(from, cuts.get(k))));
            if (k == 0) {
                assertThat(stages.sent).as("the first start resets (seed %d)", seed).anyMatch(CohortDelta::reset);
            } else if (!dirty) {
                assertThat(stages.sent).as("clean restart %d (seed %d)", k, seed).noneMatch(CohortDelta::reset);
            }
            from = Math.max(from, cuts.get(k));
            dirty = k < cuts.size() - 1 && from < events.size() && random.nextBoolean();
            if (dirty) {
                stages.process(events.get(from++)); // not flushed before the restart
            }
        }
        stages.assertEqualsBatch(ANALYSES, events);
        stages.start(ANALYSES);
        stages.flush();
        assertThat(stages.sent).as("nothing left to send (seed %d)", seed).noneMatch(CohortDelta::reset);
        stages.assertEqualsBatch(ANALYSES, events);
    }
}
