package org.followupmonitor.stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.CutHistory;
import org.followupmonitor.analysis.Derivation;
import org.followupmonitor.analysis.FollowUpRecord;
import org.followupmonitor.analysis.PatientFacts;
import org.followupmonitor.analysis.SubjectRows;
import org.followupmonitor.analysis.SubjectSnapshot;
import org.followupmonitor.cohortstate.CohortDelta;
import org.followupmonitor.events.AvroEvents;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.PatientTimeline;
import org.followupmonitor.events.avro.PatientEvent;
import org.followupmonitor.events.avro.PatientTimelineState;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.ingest.ReplayEvents;
import org.followupmonitor.synthetic.StudyCohortParameters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The timeline stage's own work per event, without Kafka, against the timeline floor's ({@code bench}): what bounds
 * the pipeline/floor ratio (README, Known limits → Streaming). The events are the bench's: the synthetic study cohort
 * ({@link StudyCohortParameters#EXAMPLE_SEED}) imported as {@code bench} imports it, in the same order (a patient's
 * events one after another), so each patient is derived once per event with the timeline so far, as in the bench.
 * <ul>
 *   <li>{@code floorPerEvent}: what {@code TimelineFloor} does per event: read the stored timeline (Avro bytes,
 *       decoded), add the event, encode and store it.</li>
 *   <li>{@code timelineStagePerEvent}: {@link TimelineProcessor#process} on an in-memory store, as the monitor's
 *       stream threads run it (the floor's work, deriving every bundled analysis, the shares).</li>
 *   <li>{@code derivePerEvent}: what {@code TimelineProcessor.derive} does on the timeline after each event (patient
 *       facts, the 21 bundled analyses' rows, follow-up dates where a rule needs them, the cut history of the monitored
 *       analysis); {@code facts}, {@code rows}, {@code followUps} and {@code cuts} its parts.</li>
 *   <li>{@code recentMissPerEvent}: what a miss of the recent-patients cache adds to an event: reading the stored
 *       timeline before the event (Avro decoding) and deriving its old contribution.</li>
 *   <li>{@code deriveWholeTimelinePerPatient}: deriving a patient's complete timeline once (a typical patient after
 *       its last event).</li>
 * </ul>
 * {@code java -cp target/test-classes:CLASSPATH org.openjdk.jmh.Main TimelineEventBenchmark -f 1 -wi 3 -i 5}; on a
 * loaded machine {@link #main} prints each one's CPU time per event on the calling thread instead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(jvmArgsAppend = "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=org.followupmonitor")
public class TimelineEventBenchmark {
    /** Patients of the cohort: a timeline task's recent-patients cache holds all of them, as in the bench. */
    static final int PATIENTS = 2_000;
    /** Events of {@link #PATIENTS} patients (what {@link #setUp} finds; checked there). */
    static final int EVENTS = 11_251;
    private static final List<AnalysisDefinition> ANALYSES = AnalysesLoader.loadDefault().analyses();

    private List<PatientEvent> avroEvents;
    private List<String> keys;
    /** The patient's timeline after each event, and before it (Avro, encoded as the store holds it). */
    private PatientTimeline[] after;
    private byte[][] storedBefore;
    private PatientFacts[] factsAfter;
    private Derivation[][] rowsAfter;
    private PatientTimeline[] wholeTimelines;
    private SubjectRows.Plan[] plans;
    private boolean[] followUpRule;
    private boolean[] monitored;
    private final Serde<PatientTimelineState> stateSerde = new AvroBinarySerde<>(PatientTimelineState.class);

    @Setup
    public void setUp() throws Exception {
        List<ClinicalEvent> events = ReplayEvents.fromGenerator(
                StudyCohortParameters.study(StudyCohortParameters.EXAMPLE_SEED).withPatients(PATIENTS),
                RegistryImporter.Options.defaults()).events();
        if (events.size() != EVENTS) {
            throw new IllegalStateException("expected " + EVENTS + " events, found " + events.size());
        }
        plans = ANALYSES.stream().map(SubjectRows::plan).toArray(SubjectRows.Plan[]::new);
        followUpRule = new boolean[ANALYSES.size()];
        monitored = new boolean[ANALYSES.size()];
        for (int i = 0; i < ANALYSES.size(); i++) {
            followUpRule[i] = SubjectSnapshot.needsFollowUp(ANALYSES.get(i));
            monitored[i] = ANALYSES.get(i).monitoring().isPresent();
        }
        avroEvents = new ArrayList<>();
        keys = new ArrayList<>();
        after = new PatientTimeline[events.size()];
        storedBefore = new byte[events.size()][];
        factsAfter = new PatientFacts[events.size()];
        rowsAfter = new Derivation[events.size()][];
        Map<String, PatientTimeline> so = new LinkedHashMap<>();
        for (int n = 0; n < events.size(); n++) {
            ClinicalEvent e = events.get(n);
            avroEvents.add(AvroEvents.toAvro(e));
            keys.add(e.patientId());
            PatientTimeline before = so.getOrDefault(e.patientId(), PatientTimeline.empty());
            storedBefore[n] = stateSerde.serializer().serialize("t", AvroEvents.toAvro(before));
            after[n] = before.with(e);
            so.put(e.patientId(), after[n]);
            factsAfter[n] = PatientFacts.of(after[n]);
            rowsAfter[n] = new Derivation[ANALYSES.size()];
            for (int i = 0; i < ANALYSES.size(); i++) {
                rowsAfter[n][i] = SubjectRows.derive(factsAfter[n], plans[i]);
            }
        }
        wholeTimelines = so.values().toArray(PatientTimeline[]::new);
    }

    /** As {@code TimelineProcessor.derive}: the patient's contribution to every analysis. */
    private Object derive(PatientTimeline t, Blackhole bh) {
        PatientFacts facts = PatientFacts.of(t);
        for (int i = 0; i < plans.length; i++) {
            Derivation row = SubjectRows.derive(facts, plans[i]);
            bh.consume(row);
            if (followUpRule[i]) {
                bh.consume(FollowUpRecord.of(facts, ANALYSES.get(i), row).orElse(null));
            }
            if (monitored[i]) {
                bh.consume(SubjectRows.cutHistory(facts, plans[i]));
            }
        }
        return facts;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void floorPerEvent(Blackhole bh) {
        Map<String, byte[]> store = new HashMap<>();
        for (int n = 0; n < EVENTS; n++) {
            byte[] bytes = store.get(keys.get(n));
            PatientTimeline t = bytes == null ? PatientTimeline.empty()
                    : AvroEvents.fromAvro(stateSerde.deserializer().deserialize("t", bytes));
            PatientTimeline next = t.with(AvroEvents.fromAvro(avroEvents.get(n)));
            store.put(keys.get(n), stateSerde.serializer().serialize("t", AvroEvents.toAvro(next)));
        }
        bh.consume(store);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public TimelineProcessor timelineStagePerEvent() {
        MockProcessorContext<String, CohortDelta> ctx = new MockProcessorContext<>();
        KeyValueStore<String, PatientTimelineState> timelines = StreamFixtures.timelinesIn(ctx);
        TimelineProcessor p = new TimelineProcessor(ANALYSES, new SimpleMeterRegistry().counter("processed"),
                Duration.ofSeconds(1), false, 1);
        p.init(ctx);
        for (int n = 0; n < EVENTS; n++) {
            p.process(new Record<>(keys.get(n), avroEvents.get(n), 0L));
        }
        return p;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void derivePerEvent(Blackhole bh) {
        for (int n = 0; n < EVENTS; n++) {
            bh.consume(derive(after[n], bh));
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void factsPerEvent(Blackhole bh) {
        for (int n = 0; n < EVENTS; n++) {
            bh.consume(PatientFacts.of(after[n]));
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void rowsPerEvent(Blackhole bh) {
        for (int n = 0; n < EVENTS; n++) {
            for (SubjectRows.Plan plan : plans) {
                bh.consume(SubjectRows.derive(factsAfter[n], plan));
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void followUpsPerEvent(Blackhole bh) {
        for (int n = 0; n < EVENTS; n++) {
            for (int i = 0; i < plans.length; i++) {
                if (followUpRule[i]) {
                    bh.consume(FollowUpRecord.of(factsAfter[n], ANALYSES.get(i), rowsAfter[n][i]));
                }
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void cutsPerEvent(Blackhole bh) {
        for (int n = 0; n < EVENTS; n++) {
            for (int i = 0; i < plans.length; i++) {
                if (monitored[i]) {
                    CutHistory c = SubjectRows.cutHistory(factsAfter[n], plans[i]);
                    bh.consume(c);
                }
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void recentMissPerEvent(Blackhole bh) {
        for (int n = 0; n < EVENTS; n++) {
            PatientTimeline before = AvroEvents.fromAvro(stateSerde.deserializer().deserialize("t", storedBefore[n]));
            bh.consume(derive(before, bh));
        }
    }

    @Benchmark
    @OperationsPerInvocation(PATIENTS)
    public void deriveWholeTimelinePerPatient(Blackhole bh) {
        for (PatientTimeline t : wholeTimelines) {
            bh.consume(derive(t, bh));
        }
    }

    /**
     * Prints each benchmark's CPU time per event (per patient for the last) on this thread, the median of {@code
     * rounds} rounds after {@code warmUp} rounds: {@code java -Xbatch
     * -Dorg.apache.avro.SERIALIZABLE_PACKAGES=org.followupmonitor -cp TEST_CLASSPATH
     * org.followupmonitor.stream.TimelineEventBenchmark [rounds [warmUp]]}. Why {@code -Xbatch}: on a loaded machine
     * the JIT compiler threads get little CPU, so without it the rounds ran partly interpreted code long after the
     * warm-up (medians up to ten times the compiled figure, load 24-32 on 2 cores); with it a method waits for its
     * compilation, which costs this thread no CPU time.
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 2 * rounds;
        TimelineEventBenchmark b = new TimelineEventBenchmark();
        b.setUp();
        Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        Map<String, Runnable> runs = new LinkedHashMap<>();
        runs.put("floorPerEvent", () -> b.floorPerEvent(bh));
        runs.put("timelineStagePerEvent", b::timelineStagePerEvent);
        runs.put("derivePerEvent", () -> b.derivePerEvent(bh));
        runs.put("factsPerEvent", () -> b.factsPerEvent(bh));
        runs.put("rowsPerEvent", () -> b.rowsPerEvent(bh));
        runs.put("followUpsPerEvent", () -> b.followUpsPerEvent(bh));
        runs.put("cutsPerEvent", () -> b.cutsPerEvent(bh));
        runs.put("recentMissPerEvent", () -> b.recentMissPerEvent(bh));
        runs.put("deriveWholeTimelinePerPatient", () -> b.deriveWholeTimelinePerPatient(bh));
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (Map.Entry<String, Runnable> r : runs.entrySet()) {
            int ops = r.getKey().endsWith("PerPatient") ? PATIENTS : EVENTS;
            double[] us = new double[rounds];
            for (int k = -warmUp; k < rounds; k++) {
                long cpu = mx.getCurrentThreadCpuTime();
                r.getValue().run();
                if (k >= 0) {
                    us[k] = (mx.getCurrentThreadCpuTime() - cpu) / 1e3 / ops;
                }
            }
            java.util.Arrays.sort(us);
            System.out.printf(java.util.Locale.ROOT, "%s: %.2f us CPU (median of %d; %.2f-%.2f)%n", r.getKey(),
                    us[rounds / 2], rounds, us[0], us[rounds - 1]);
        }
    }
}
