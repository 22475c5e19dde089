package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.avro.SurvivalEstimates;
import org.followupmonitor.cohortstate.CohortCodec;
import org.followupmonitor.cohortstate.CohortDelta;
import org.followupmonitor.cohortstate.CohortKeys;
import org.followupmonitor.cohortstate.SubjectEntry;
import org.followupmonitor.events.AvroEvents;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.Payload;
import org.followupmonitor.events.avro.ErasureReason;
import org.followupmonitor.events.avro.PatientEvent;
import org.followupmonitor.events.avro.ReceptorStatus;
import org.followupmonitor.events.avro.SurgicalProcedure;
import org.followupmonitor.events.avro.ResectionMargin;
import org.followupmonitor.events.avro.ResponseCategory;
import org.followupmonitor.events.avro.DeathCause;
import org.followupmonitor.registry.SchemaRegistryClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The topology in TopologyTestDriver: names, dead letters, erasure, publishing. */
class MonitorTopologyTest {
    private static final List<AnalysisDefinition> ANALYSES = AnalysesLoader.parse("""
            analyses:
              - name: os-by-arm
                endpoint: overall-survival
                origin: index
                groupBy: arm
                milestonesDays: [365]
              - name: os-cox-grade
                endpoint: overall-survival
                origin: index
                cox:
                  covariates:
                    - {name: grade, reference: "3"}
            """, "test").analyses();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private SchemaRegistryClient registry;
    private TopologyTestDriver driver;
    private TestInputTopic<String, PatientEvent> events;
    private final List<AnalysisResult> published = new ArrayList<>();

    @BeforeEach
    void start() {
        registry = StreamFixtures.registry();
        driver = new TopologyTestDriver(StreamFixtures.topology(ANALYSES, registry, published::add),
                StreamFixtures.driverProperties(), T0);
        events = driver.createInputTopic(Names.PATIENT_EVENTS, Serdes.String().serializer(),
                StreamFixtures.serdes(registry).events().serializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    /** Store, repartition topic and processor names are part of the deployed state: pin them. */
    @Test
    void namesOfStoresTopicsAndProcessorsArePinned() {
        TopologyDescription d = StreamFixtures.topology(ANALYSES, registry, ResultListener.NONE).describe();
        String text = d.toString();
        assertThat(text).contains("Source: " + Names.SOURCE + " (topics: [" + Names.PATIENT_EVENTS + "])")
                .containsAnyOf("Processor: " + Names.TIMELINE_PROCESSOR + " (stores: [" + Names.TIMELINES_STORE + ", "
                        + Names.FLUSHES_STORE + "])", "Processor: " + Names.TIMELINE_PROCESSOR + " (stores: ["
                        + Names.FLUSHES_STORE + ", " + Names.TIMELINES_STORE + "])")
                .contains(Names.COHORT_DELTAS + "-repartition")
                .contains("Processor: " + Names.COHORT_PROCESSOR + " (stores: [")
                // The combined topology of the tests (the app splits it in two applications: TopologyFactory.front).
                .contains("Sink: " + Names.RELEASE_INPUTS_SINK + " (topic: " + Names.RELEASE_INPUTS + ")")
                .contains("Source: " + Names.RELEASE_INPUTS_SOURCE + " (topics: [" + Names.RELEASE_INPUTS + "])")
                .contains("Processor: " + Names.RELEASE_PROCESSOR + " (stores: [")
                .contains("Sink: " + Names.ESTIMATES_SINK + " (topic: " + Names.SURVIVAL_ESTIMATES + ")")
                .contains("Sink: " + Names.COMPARISONS_SINK + " (topic: " + Names.COHORT_COMPARISONS + ")");
        for (String store : List.of(Names.COHORT_STATE_STORE, Names.COHORT_SUBJECTS_STORE, Names.RESULTS_STORE,
                Names.UNRELEASED_STORE, Names.ALERTS_STORE)) {
            assertThat(text).contains(store);
        }
        assertThat(d.subtopologies()).hasSize(3);
    }

    /**
     * The app's two applications are the combined topology cut at release-inputs: the front ends at the topic it is
     * given and holds the timeline and cohort stores, the release application starts there and holds the others.
     */
    @Test
    void theFrontAndTheReleaseApplicationMeetAtTheReleaseInputsTopic() {
        String topic = Names.releaseInputs("app");
        var serdes = StreamFixtures.serdes(registry);
        var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        String front = TopologyFactory.front(ANALYSES, serdes, StreamFixtures.SETTINGS, meters, ResultListener.NONE,
                CoxFitting.inline(), topic).describe().toString();
        TopologyDescription releaseDescription = TopologyFactory.release(ANALYSES, serdes, StreamFixtures.SETTINGS,
                meters, ResultListener.NONE, ReleasePlanning.inline(), topic).describe();
        String release = releaseDescription.toString();
        assertThat(front).contains("Sink: " + Names.RELEASE_INPUTS_SINK + " (topic: " + topic + ")")
                .contains(Names.COHORT_DELTAS + "-repartition").doesNotContain(Names.RELEASE_PROCESSOR);
        assertThat(release).contains("Source: " + Names.RELEASE_INPUTS_SOURCE + " (topics: [" + topic + "])")
                .contains("Processor: " + Names.RELEASE_PROCESSOR + " (stores: [")
                .doesNotContain(Names.TIMELINE_PROCESSOR).doesNotContain(Names.COHORT_PROCESSOR);
        assertThat(releaseDescription.subtopologies()).hasSize(1);
        for (String store : List.of(Names.TIMELINES_STORE, Names.COHORT_STATE_STORE, Names.COHORT_SUBJECTS_STORE)) {
            assertThat(front).contains(store);
            assertThat(release).doesNotContain(store);
        }
        for (String store : List.of(Names.RESULTS_STORE, Names.UNRELEASED_STORE, Names.ALERTS_STORE,
                Names.FLOORS_STORE, Names.WINDOW_STORE)) {
            assertThat(release).contains(store);
            assertThat(front).doesNotContain(store);
        }
    }

    private static ClinicalEvent event(String id, String patient, String date, Payload p) {
        return new ClinicalEvent(id, patient, "LNH", LocalDate.parse(date), null, p);
    }

    private static List<ClinicalEvent> patient(String p, boolean operated, boolean dies) {
        List<ClinicalEvent> out = new ArrayList<>(List.of(
                event(p + "-dx", p, "2015-01-10", new Payload.Diagnosis(50, 2, 3, 1, 2, ReceptorStatus.POSITIVE,
                        ReceptorStatus.POSITIVE, ReceptorStatus.NEGATIVE, 30.0, null, List.of("bone"))),
                // Operated patients reach control a month earlier: every time origin (index) is 2015-06-01.
                event(p + "-ctl", p, operated ? "2015-05-01" : "2015-06-01",
                        new Payload.SystemicResponse(ResponseCategory.PARTIAL, true))));
        if (operated) {
            out.add(event(p + "-op", p, "2015-06-01", new Payload.Surgery(SurgicalProcedure.MASTECTOMY,
                    ResectionMargin.R0)));
        }
        if (dies) {
            out.add(event(p + "-death", p, "2016-03-01", new Payload.Death(DeathCause.BREAST_CANCER)));
        } else {
            // Seen on the day of the deaths too: a data cut then knows the patient was still at risk.
            out.add(event(p + "-fu0", p, "2016-03-01", new Payload.FollowUp(null)));
            out.add(event(p + "-fu", p, "2018-01-01", new Payload.FollowUp(null)));
        }
        return out;
    }

    private void send(List<ClinicalEvent> list) {
        list.forEach(e -> events.pipeInput(e.patientId(), AvroEvents.toAvro(e), T0));
    }

    @Test
    void publishesEstimatesAfterTheDebounceAndErasureLeavesNoTrace() {
        send(patient("P1", true, false));
        send(patient("P2", false, true));
        send(patient("P3", true, true));
        assertThat(published).isEmpty();
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        driver.advanceWallClockTime(Duration.ofSeconds(2)); // the partition's deltas arrive, then publication
        assertThat(published).isNotEmpty();
        AnalysisResult r = latest("os-by-arm");
        assertThat(r.subjects()).isEqualTo(3);
        assertThat(r.events()).isEqualTo(2);
        TestOutputTopic<String, SurvivalEstimates> out = driver.createOutputTopic(Names.SURVIVAL_ESTIMATES,
                Serdes.String().deserializer(), StreamFixtures.serdes(registry).estimates().deserializer());
        List<KeyValue<String, SurvivalEstimates>> records = out.readKeyValuesToList();
        assertThat(records).extracting(kv -> kv.key).contains("os-by-arm", "os-cox-grade")
                .containsOnly("os-by-arm", "os-cox-grade");

        events.pipeInput("P3", AvroEvents.toAvro(event("P3-erase", "P3", "2019-01-01",
                new Payload.Erasure(ErasureReason.CONSENT_WITHDRAWN))), T0);
        // A late event for the erased patient stays erased.
        events.pipeInput("P3", AvroEvents.toAvro(event("P3-late", "P3", "2019-02-01", new Payload.FollowUp(null))), T0);
        KeyValueStore<String, byte[]> subjects = driver.getKeyValueStore(Names.COHORT_SUBJECTS_STORE);
        assertThat(keys(subjects)).hasSize(3).anyMatch(k -> k.endsWith(CohortKeys.subjectOf("P3")));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        AnalysisResult after = latest("os-by-arm");
        assertThat(after.subjects()).isEqualTo(2);
        assertThat(after.events()).isEqualTo(1);
        assertThat(latest("os-cox-grade").subjects()).isEqualTo(2);
        // Only the Cox analysis keeps subjects (os-by-arm is all counts), and the erased one is gone.
        assertThat(keys(subjects)).hasSize(2).noneMatch(k -> k.endsWith(CohortKeys.subjectOf("P3")))
                .allMatch(k -> k.startsWith("os-cox-grade"));
        assertThat(driver.getKeyValueStore(Names.TIMELINES_STORE).get("P3").toString()).doesNotContain("2015");
    }

    /** Input that changes nothing is reported with its offsets, so a reader knows the last result covers it. */
    @Test
    void aDuplicateChangesNoResultAndIsReportedAsCoveredByTheStandingOne() {
        List<String> unchanged = new ArrayList<>();
        List<java.util.Map<Integer, Long>> offsets = new ArrayList<>();
        ResultListener listener = new ResultListener() {
            @Override
            public void published(AnalysisResult result) {
                published.add(result);
            }

            @Override
            public void published(AnalysisResult result, java.util.Map<Integer, Long> inputOffsets) {
                published(result);
                offsets.add(inputOffsets);
            }

            @Override
            public void unchanged(String analysis, java.util.Map<Integer, Long> inputOffsets) {
                unchanged.add(analysis);
                offsets.add(inputOffsets);
            }
        };
        try (TopologyTestDriver d = new TopologyTestDriver(StreamFixtures.topology(ANALYSES, registry, listener,
                StreamFixtures.SETTINGS.withInputOffsets(true)),
                StreamFixtures.driverProperties(), T0)) {
            java.util.function.Consumer<List<ClinicalEvent>> feed = feeder(d);
            List<ClinicalEvent> p1 = patient("P1", true, false);
            feed.accept(p1);
            d.advanceWallClockTime(Duration.ofSeconds(2));
            d.advanceWallClockTime(Duration.ofSeconds(2));
            int before = published.size();
            assertThat(before).isPositive();
            assertThat(offsets.get(offsets.size() - 1)).containsEntry(0, (long) p1.size());
            assertThat(unchanged).isEmpty();

            feed.accept(List.of(p1.get(0))); // the same event again
            d.advanceWallClockTime(Duration.ofSeconds(2));
            d.advanceWallClockTime(Duration.ofSeconds(2));
            assertThat(published).hasSize(before);
            assertThat(unchanged).containsExactlyInAnyOrder("os-by-arm", "os-cox-grade");
            assertThat(offsets.get(offsets.size() - 1)).containsEntry(0, (long) p1.size() + 1);
        }
    }

    /**
     * With the input-offset hook on (the bench), the listener is told each stage's instant for each analysis, in
     * pipeline order, up to the input the publication includes; with it off, nothing.
     */
    @Test
    void theStagesAResultPassesAreToldOnlyWithTheOffsetHookOn() {
        for (boolean hook : new boolean[] {false, true}) {
            java.util.Map<ResultListener.Stage, Long> reached = new java.util.EnumMap<>(ResultListener.Stage.class);
            List<ResultListener.Stage> order = new ArrayList<>();
            ResultListener listener = new ResultListener() {
                @Override
                public void published(AnalysisResult result) {
                }

                @Override
                public void reached(Stage stage, String analysis, long atMillis,
                        java.util.Map<Integer, Long> inputOffsets) {
                    if (analysis.equals("os-by-arm") && !reached.containsKey(stage)) {
                        reached.put(stage, inputOffsets.getOrDefault(0, -1L));
                        order.add(stage);
                    }
                }
            };
            try (TopologyTestDriver d = new TopologyTestDriver(StreamFixtures.topology(ANALYSES, registry, listener,
                    StreamFixtures.SETTINGS.withInputOffsets(hook)), StreamFixtures.driverProperties(), T0)) {
                List<ClinicalEvent> p1 = patient("P1", true, false);
                feeder(d).accept(p1);
                d.advanceWallClockTime(Duration.ofSeconds(2));
                d.advanceWallClockTime(Duration.ofSeconds(2));
            }
            if (hook) {
                List<ClinicalEvent> p1 = patient("P1", true, false);
                assertThat(order).containsExactly(ResultListener.Stage.values());
                assertThat(reached.values()).containsOnly((long) p1.size());
            } else {
                assertThat(order).isEmpty();
            }
        }
    }

    /**
     * Input that changes nothing sends no delta to the cohort stage; with the input-offset hook on (the bench), the
     * same input sends offset-only deltas, which is what the hook costs.
     */
    @Test
    void inputThatChangesNothingSendsNoDeltaUnlessTheOffsetHookIsOn() {
        for (boolean hook : new boolean[] {false, true}) {
            try (TopologyTestDriver d = new TopologyTestDriver(StreamFixtures.topology(ANALYSES, registry,
                    ResultListener.NONE, StreamFixtures.SETTINGS.withInputOffsets(hook)),
                    StreamFixtures.driverProperties(), T0)) {
                TestOutputTopic<String, CohortDelta> deltas = d.createOutputTopic(
                        "topology-test-" + Names.COHORT_DELTAS + "-repartition", Serdes.String().deserializer(),
                        CohortCodec.deltas().deserializer());
                java.util.function.Consumer<List<ClinicalEvent>> feed = feeder(d);
                List<ClinicalEvent> p1 = patient("P1", true, false);
                feed.accept(p1);
                d.advanceWallClockTime(Duration.ofSeconds(2));
                List<CohortDelta> first = deltas.readValuesToList();
                assertThat(first).extracting(CohortDelta::analysis).contains("os-by-arm", "os-cox-grade");
                assertThat(first).allMatch(x -> x.inputOffset() == (hook ? p1.size() : -1));

                feed.accept(List.of(p1.get(0))); // the same event again: no share changes
                d.advanceWallClockTime(Duration.ofSeconds(2));
                List<CohortDelta> again = deltas.readValuesToList();
                if (hook) {
                    assertThat(again).hasSize(2).allMatch(x -> x.size() == 0 && !x.clockChanged()
                            && x.inputOffset() == p1.size() + 1);
                } else {
                    assertThat(again).isEmpty();
                }

                // A real change still goes out, and only for what it changed.
                feed.accept(List.of(event("P1-death", "P1", "2016-03-01", new Payload.Death(DeathCause.BREAST_CANCER))));
                d.advanceWallClockTime(Duration.ofSeconds(2));
                assertThat(deltas.readValuesToList()).isNotEmpty().allMatch(x -> x.size() > 0);
            }
        }
    }

    private AnalysisResult latest(String analysis) {
        for (int i = published.size() - 1; i >= 0; i--) {
            if (published.get(i).name().equals(analysis)) {
                return published.get(i);
            }
        }
        throw new AssertionError("no result of " + analysis + " was published");
    }

    /** The subjects' keys in cohort-subjects (kind s; beside them, kind d holds the labels their entries number). */
    private static List<String> keys(KeyValueStore<String, byte[]> store) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            it.forEachRemaining(kv -> {
                if (kv.key.split("\u001f")[1].equals("s")) {
                    keys.add(kv.key);
                }
            });
        }
        return keys;
    }

    @Test
    void undecodableUnknownSchemaAndInvalidEventsGoToTheDeadLetterTopicAndTheStreamGoesOn() {
        TestInputTopic<String, byte[]> raw = driver.createInputTopic(Names.PATIENT_EVENTS,
                Serdes.String().serializer(), new ByteArraySerializer());
        raw.pipeInput("X1", "not avro at all".getBytes(StandardCharsets.UTF_8), T0);
        raw.pipeInput("X2", new byte[] {0, 0, 0, 0x7f, 0x12, 2, 3}, T0); // magic 0, unknown schema id
        // Valid Avro, but the event's patient is not the record's key.
        events.pipeInput("X3", AvroEvents.toAvro(event("X-dx", "someone-else", "2015-01-10",
                new Payload.FollowUp(null))), T0);
        send(patient("P1", true, false));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        driver.advanceWallClockTime(Duration.ofSeconds(2));

        TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic(Names.DEAD_LETTERS,
                Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).hasSize(3);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not avro at all");
        List<String> reasons = new ArrayList<>();
        for (TestRecord<byte[], byte[]> d : dead) {
            Header h = d.headers().lastHeader("__streams.errors.message");
            assertThat(h).isNotNull();
            reasons.add(new String(h.value(), StandardCharsets.UTF_8));
        }
        assertThat(reasons.get(0)).startsWith("BAD_MAGIC");
        assertThat(reasons.get(1)).startsWith("UNKNOWN_SCHEMA_ID");
        assertThat(reasons.get(2)).contains("does not match the record key").doesNotContain("someone-else");
        assertThat(latest("os-by-arm").subjects()).isEqualTo(1);
    }

    /** A driver whose listener collects published results and alerts. */
    private TopologyTestDriver alertingDriver(List<AnalysisDefinition> analyses,
            List<org.followupmonitor.alerts.Alert> alerts) {
        ResultListener listener = new ResultListener() {
            @Override
            public void published(AnalysisResult result) {
                published.add(result);
            }

            @Override
            public void alerted(org.followupmonitor.alerts.Alert alert) {
                alerts.add(alert);
            }
        };
        return new TopologyTestDriver(StreamFixtures.topology(analyses, registry, listener),
                StreamFixtures.driverProperties(), T0);
    }

    private java.util.function.Consumer<List<ClinicalEvent>> feeder(TopologyTestDriver d) {
        TestInputTopic<String, PatientEvent> in = d.createInputTopic(Names.PATIENT_EVENTS,
                Serdes.String().serializer(), StreamFixtures.serdes(registry).events().serializer());
        return l -> l.forEach(e -> in.pipeInput(e.patientId(), AvroEvents.toAvro(e), T0));
    }

    @Test
    void alertsAreRaisedAndResolvedOnceOnChangeOfStateAndPublished() {
        List<AnalysisDefinition> monitored = AnalysesLoader.parse("""
                analyses:
                  - name: os-monitored
                    endpoint: overall-survival
                    origin: index
                    groupBy: arm
                    milestonesDays: [365]
                    monitoring: {plannedEvents: 40, spending: obrien-fleming, alpha: 0.05}
                    alerts:
                      - {rule: milestone-below, milestoneDays: 365, threshold: 0.70}
                      - {rule: data-quality, excludedAbove: 0.05}
                """, "test").analyses();
        List<org.followupmonitor.alerts.Alert> alerts = new ArrayList<>();
        try (TopologyTestDriver d = alertingDriver(monitored, alerts)) {
            java.util.function.Consumer<List<ClinicalEvent>> feed = feeder(d);
            for (int i = 0; i < 20; i++) {
                feed.accept(patient("N" + i, false, i < 16)); // no surgery: 16 of 20 die within a year
            }
            for (int i = 0; i < 12; i++) {
                feed.accept(patient("S" + i, true, false));
            }
            d.advanceWallClockTime(Duration.ofSeconds(2));
            d.advanceWallClockTime(Duration.ofSeconds(2));
            assertThat(alerts).extracting(org.followupmonitor.alerts.Alert::rule, org.followupmonitor.alerts.Alert::group,
                    org.followupmonitor.alerts.Alert::state).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("milestone-below", "no-surgery", "raised"));
            AnalysisResult r = published.get(published.size() - 1);
            assertThat(r.monitoring()).isNotNull();
            assertThat(r.monitoring().observedEvents()).isEqualTo(16);
            assertThat(r.monitoring().informationFraction()).isEqualTo(16 / 40.0);

            // Three records without a diagnosis: excluded for data quality, 3 of 35 > 5%.
            for (int i = 0; i < 3; i++) {
                feed.accept(List.of(event("Q" + i + "-fu", "Q" + i, "2016-01-01", new Payload.FollowUp(null))));
            }
            d.advanceWallClockTime(Duration.ofSeconds(2));
            d.advanceWallClockTime(Duration.ofSeconds(6)); // more recomputes, no new state: nothing re-raised
            assertThat(alerts).hasSize(2);
            assertThat(alerts.get(1).rule()).isEqualTo("data-quality");
            assertThat(alerts.get(1).state()).isEqualTo("raised");

            // The registry corrects itself: the stray records are retracted, and the alert resolves once.
            for (int i = 0; i < 3; i++) {
                feed.accept(List.of(event("Q" + i + "-fix", "Q" + i, "2016-01-02", new Payload.Retraction("Q" + i + "-fu"))));
            }
            d.advanceWallClockTime(Duration.ofSeconds(2));
            d.advanceWallClockTime(Duration.ofSeconds(6));
            assertThat(alerts).hasSize(3);
            assertThat(alerts.get(2).rule()).isEqualTo("data-quality");
            assertThat(alerts.get(2).state()).isEqualTo("resolved");

            TestOutputTopic<String, org.followupmonitor.analysis.avro.FollowupAlert> topic = d.createOutputTopic(
                    Names.ALERTS, Serdes.String().deserializer(), StreamFixtures.serdes(registry).alerts().deserializer());
            List<KeyValue<String, org.followupmonitor.analysis.avro.FollowupAlert>> records = topic.readKeyValuesToList();
            assertThat(records).hasSize(3).allSatisfy(kv -> assertThat(kv.key).isEqualTo("os-monitored"));
            assertThat(records.get(2).value.getState()).isEqualTo("resolved");
            AlertLog log = d.<String, AlertLog>getKeyValueStore(Names.ALERTS_STORE).get("os-monitored");
            assertThat(log.recent()).hasSize(3);
            assertThat(log.recent().get(0).state()).isEqualTo("resolved");
        }
    }

    @Test
    void boundaryAndOverdueFollowUpAlertsRaiseAndResolveOnceInTheStream() {
        List<AnalysisDefinition> monitored = AnalysesLoader.parse("""
                analyses:
                  - name: os-boundary
                    endpoint: overall-survival
                    origin: index
                    groupBy: arm
                    monitoring: {plannedEvents: 20, spending: obrien-fleming, alpha: 0.05, lookStep: 0.25}
                    alerts:
                      - {rule: boundary-crossed}
                      - {rule: follow-up-overdue, days: 455, completenessBelow: 0.80}
                """, "test").analyses();
        List<org.followupmonitor.alerts.Alert> alerts = new ArrayList<>();
        try (TopologyTestDriver d = alertingDriver(monitored, alerts)) {
            java.util.function.Consumer<List<ClinicalEvent>> feed = feeder(d);
            for (int i = 0; i < 20; i++) {
                feed.accept(patient("N" + i, false, i < 16)); // all 16 deaths in the no-surgery arm
            }
            for (int i = 0; i < 12; i++) {
                feed.accept(patient("S" + i, true, false));
            }
            d.advanceWallClockTime(Duration.ofSeconds(2));
            d.advanceWallClockTime(Duration.ofSeconds(2));
            AnalysisResult r = published.get(published.size() - 1);
            // 16 of 20 planned events, all on one day: that data cut reaches the looks at 0.25, 0.5 and 0.75 at once,
            // so it is one look, at information 0.8, and its boundary is that of a first look at 0.8.
            assertThat(r.monitoring().looks()).hasSize(1);
            org.followupmonitor.analysis.AnalysisResult.Look look = r.monitoring().looks().get(0);
            assertThat(look.cutDate()).isEqualTo("2016-03-01");
            assertThat(look.informationFraction()).isEqualTo(0.8);
            assertThat(look.crossed()).isTrue();
            assertThat(Math.abs(look.z())).isGreaterThan(look.boundary());
            assertThat(r.monitoring().basis().stale()).isFalse();
            assertThat(alerts).extracting(org.followupmonitor.alerts.Alert::rule,
                    org.followupmonitor.alerts.Alert::state).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("boundary-crossed", "raised"));

            // One late contact moves the analysis clock to 2021: the others, last seen in 2018, are overdue.
            feed.accept(List.of(event("S0-fu-2021", "S0", "2021-06-01", new Payload.FollowUp(null))));
            // Follow-up dates are refreshed from the subjects at the Cox interval (5 s here).
            d.advanceWallClockTime(Duration.ofSeconds(2));
            d.advanceWallClockTime(Duration.ofSeconds(6));
            assertThat(alerts).hasSize(2);
            assertThat(alerts.get(1).rule()).isEqualTo("follow-up-overdue");
            assertThat(alerts.get(1).state()).isEqualTo("raised");
            assertThat(alerts.get(1).at()).isEqualTo("2021-06-01");

            // Follow-up is completed for everyone alive: resolved, once.
            for (int i = 1; i < 12; i++) {
                feed.accept(List.of(event("S" + i + "-fu-2021", "S" + i, "2021-05-15", new Payload.FollowUp(null))));
            }
            for (int i = 16; i < 20; i++) {
                feed.accept(List.of(event("N" + i + "-fu-2021", "N" + i, "2021-05-15", new Payload.FollowUp(null))));
            }
            d.advanceWallClockTime(Duration.ofSeconds(2));
            d.advanceWallClockTime(Duration.ofSeconds(6));
            assertThat(alerts).hasSize(3);
            assertThat(alerts.get(2).rule()).isEqualTo("follow-up-overdue");
            assertThat(alerts.get(2).state()).isEqualTo("resolved");

            // Deaths retracted as data errors: the events dated on the look's cut date fall below its threshold, the
            // look is revised away, and the boundary alert resolves.
            for (int i = 0; i < 12; i++) {
                feed.accept(List.of(event("N" + i + "-fix", "N" + i, "2016-03-02", new Payload.Retraction("N" + i + "-death"))));
            }
            d.advanceWallClockTime(Duration.ofSeconds(2));
            d.advanceWallClockTime(Duration.ofSeconds(6));
            // ... and the twelve patients are alive again, last seen in 2016: overdue, raised again.
            assertThat(alerts).hasSize(5);
            assertThat(alerts.subList(3, 5)).extracting(org.followupmonitor.alerts.Alert::rule,
                    org.followupmonitor.alerts.Alert::state).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("boundary-crossed", "resolved"),
                    org.assertj.core.groups.Tuple.tuple("follow-up-overdue", "raised"));
        }
    }
}
