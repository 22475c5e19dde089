package org.followupmonitor.stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.cohortstate.CohortDelta;
import org.followupmonitor.events.AvroEvents;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.avro.PatientTimelineState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A timeline task's start-up per stored patient ({@link TimelineProcessor#init} on one thread): reading the stored
 * timeline from the store (Avro decoding), deriving all bundled analyses with follow-up dates and cut histories,
 * hashing the key and adding to the partition shares. The stored timelines are a synthetic study cohort's, as
 * {@code bench --scale} loads; the store is in memory, so RocksDB's own cost is not in the figure.
 * {@code mvn -Pbench test-compile exec:exec -Dbench.args='TimelineInitBenchmark -f 1 -wi 3 -i 5'}. On a loaded
 * machine the wall-clock figure is noisy; {@link #main} prints the stream thread's CPU time per patient instead
 * ({@code java -Dorg.apache.avro.SERIALIZABLE_PACKAGES=org.followupmonitor -cp TEST_CLASSPATH
 * org.followupmonitor.stream.TimelineInitBenchmark [rounds]}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// The store's Avro decoding trusts only these packages (Main sets the same).
@Fork(jvmArgsAppend = "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=org.followupmonitor")
public class TimelineInitBenchmark {
    static final int PATIENTS = 10_000;
    private static final List<AnalysisDefinition> ANALYSES = AnalysesLoader.loadDefault().analyses();

    private MockProcessorContext<String, CohortDelta> ctx;
    private KeyValueStore<String, PatientTimelineState> timelines;

    @Setup
    public void setUp() throws Exception {
        ctx = new MockProcessorContext<>();
        timelines = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(Names.TIMELINES_STORE), Serdes.String(),
                new AvroBinarySerde<>(PatientTimelineState.class)).withLoggingDisabled().build();
        timelines.init(ctx.getStateStoreContext(), timelines);
        ctx.addStateStore(timelines);
        Path dir = Files.createTempDirectory("timeline-init-bench");
        List<ClinicalEvent> events = StreamFixtures.cohortEvents(PATIENTS, 18, dir);
        TimelineProcessor writer = processor();
        writer.init(ctx);
        for (ClinicalEvent e : events) {
            writer.process(new Record<>(e.patientId(), AvroEvents.toAvro(e), 0L));
        }
        if (timelines.approximateNumEntries() != PATIENTS) {
            throw new IllegalStateException("expected " + PATIENTS + " stored patients");
        }
    }

    private static TimelineProcessor processor() {
        return new TimelineProcessor(ANALYSES, new SimpleMeterRegistry().counter("processed"), Duration.ofSeconds(1),
                false, 1);
    }

    /** Per stored patient. */
    @Benchmark
    @OperationsPerInvocation(PATIENTS)
    public TimelineProcessor initPerPatient() {
        // A fresh context each time: the mock keeps every scheduled punctuator, and with it each processor's shares.
        MockProcessorContext<String, CohortDelta> fresh = new MockProcessorContext<>();
        fresh.addStateStore(timelines);
        TimelineProcessor p = processor();
        p.init(fresh);
        return p;
    }

    /** Prints the CPU time per stored patient of {@code rounds} inits (after as many to warm up), one line a round. */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        TimelineInitBenchmark b = new TimelineInitBenchmark();
        b.setUp();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int r = -rounds; r < rounds; r++) {
            long cpu = mx.getCurrentThreadCpuTime();
            b.initPerPatient();
            long perPatient = (mx.getCurrentThreadCpuTime() - cpu) / PATIENTS;
            if (r >= 0) {
                System.out.printf("round %d: %.2f us CPU per patient%n", r, perPatient / 1000.0);
            }
        }
    }
}
