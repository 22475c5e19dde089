package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.events.AvroEvents;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.avro.PatientEvent;
import org.followupmonitor.registry.SchemaRegistryClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In the app, Cox models are fitted on a background thread and joined to a later publication. Here the
 * background is a queue the test runs by hand: until a fit has run the standing Cox summary stays, once it
 * has run the next publication carries it, a fit overtaken by a newer one is dropped, and the end result
 * equals fitting on the stream thread (which {@link StreamingEqualsBatchTopologyTest} holds equal to batch).
 */
class BackgroundCoxFitTopologyTest {
    private static final List<AnalysisDefinition> ANALYSES = AnalysesLoader.parse("""
            analyses:
              - name: os-cox-grade
                endpoint: overall-survival
                origin: index
                cox:
                  covariates:
                    - {name: grade, reference: "3"}
            """, "test").analyses();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration STEP = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    /** One driver with its own published results. */
    private static final class Run implements AutoCloseable {
        final List<AnalysisResult> published = new ArrayList<>();
        final TopologyTestDriver driver;
        final TestInputTopic<String, PatientEvent> events;

        Run(Executor coxFits) {
            this(new CoxFitting(coxFits, took -> { }));
        }

        Run(CoxFitting coxFits) {
            SchemaRegistryClient registry = StreamFixtures.registry();
            driver = new TopologyTestDriver(TopologyFactory.build(ANALYSES, StreamFixtures.serdes(registry),
                    StreamFixtures.SETTINGS, new SimpleMeterRegistry(), published::add, coxFits),
                    StreamFixtures.driverProperties(), T0);
            events = driver.createInputTopic(Names.PATIENT_EVENTS, Serdes.String().serializer(),
                    StreamFixtures.serdes(registry).events().serializer());
        }

        void send(List<ClinicalEvent> list) {
            list.forEach(e -> events.pipeInput(e.patientId(), AvroEvents.toAvro(e), T0));
        }

        void advance(int steps) {
            for (int i = 0; i < steps; i++) {
                driver.advanceWallClockTime(STEP);
            }
        }

        AnalysisResult latest() {
            return published.get(published.size() - 1);
        }

        @Override
        public void close() {
            driver.close();
        }
    }

    @Test
    void aFitJoinsTheNextPublicationAndAnOvertakenFitIsDropped() throws Exception {
        List<ClinicalEvent> all = StreamFixtures.cohortEvents(120, 11, dir);
        List<ClinicalEvent> first = all.subList(0, all.size() / 2);
        List<ClinicalEvent> second = all.subList(all.size() / 2, all.size());
        List<Runnable> queue = new ArrayList<>();
        List<Long> steps = new ArrayList<>();
        try (Run inline = new Run(Runnable::run); Run background = new Run(new CoxFitting(queue::add, steps::add))) {
            inline.send(first);
            inline.advance(2);
            AnalysisResult inlineFirst = inline.latest();
            assertThat(inlineFirst.cox()).isNotNull();

            background.send(first);
            background.advance(2);
            // The counts are published at once; the fit waits in the queue, so no Cox summary yet.
            assertThat(background.latest().subjects()).isEqualTo(inlineFirst.subjects());
            assertThat(background.latest().cox()).isNull();
            assertThat(queue).hasSize(1);
            Runnable firstFit = queue.remove(0);
            firstFit.run();
            // The fitter heard of each step: collecting the subjects, ordering the rows, then the one model (a single
            // covariate); the stream thread only handed over the subjects.
            assertThat(steps).hasSize(3).allMatch(nanos -> nanos >= 0);
            int before = background.published.size();
            background.advance(1);
            assertThat(background.published).hasSizeGreaterThan(before);
            assertThat(background.latest()).usingRecursiveComparison().isEqualTo(inlineFirst);

            // The rest of the cohort: a new fit after the Cox interval; an older fit finishing late is dropped.
            inline.send(second);
            inline.advance(5);
            AnalysisResult inlineAll = inline.latest();
            background.send(second);
            background.advance(5);
            assertThat(queue).hasSize(1);
            // Until the refit runs, the published Cox part says it reflects the first half, and is stale.
            AnalysisResult waiting = background.latest();
            assertThat(waiting.subjects()).isEqualTo(inlineAll.subjects());
            assertThat(waiting.cox().basis().stale()).isTrue();
            assertThat(waiting.cox().basis().subjects()).isEqualTo(inlineFirst.subjects());
            assertThat(waiting.cox().basis().asOf()).isEqualTo(inlineFirst.asOf());
            assertThat(waiting.cox().terms()).isEqualTo(inlineFirst.cox().terms());
            Runnable secondFit = queue.remove(0);
            secondFit.run();
            background.advance(1);
            assertThat(background.latest()).usingRecursiveComparison().isEqualTo(inlineAll);
            firstFit.run(); // the first fit, run again as if it finished now: stale, so nothing changes
            before = background.published.size();
            background.advance(3);
            assertThat(background.published.subList(before, background.published.size()))
                    .allSatisfy(r -> assertThat(r).usingRecursiveComparison().isEqualTo(inlineAll));
            assertThat(inlineAll.cox().n()).isGreaterThan(inlineFirst.cox().n());
            assertThat(inlineAll.cox().basis()).isEqualTo(new AnalysisResult.Basis(inlineAll.asOf(),
                    inlineAll.subjects(), inlineAll.events(), false));
        }
    }

    @Test
    void refreshesArePacedByTheirCostAboveTheInterval() {
        CoxFitting app = CoxFitting.background(Runnable::run);
        assertThat(app.paceFactor()).isEqualTo(20);
        // A 50 ms refresh waits for the 2 s floor; a 500 ms one for 10 s; a refresh of a second for 20 s.
        assertThat(app.intervalMillis(2_000, 50)).isEqualTo(2_000);
        assertThat(app.intervalMillis(2_000, 500)).isEqualTo(10_000);
        assertThat(app.intervalMillis(2_000, 1_000)).isEqualTo(20_000);
        // Topology tests simulate wall-clock time while computing time is real: paced by the interval alone.
        assertThat(CoxFitting.inline().intervalMillis(5_000, 10_000)).isEqualTo(5_000);
    }
}
