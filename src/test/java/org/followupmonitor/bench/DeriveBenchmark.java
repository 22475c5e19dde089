package org.followupmonitor.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.SubjectRows;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.EventSamples;
import org.followupmonitor.events.PatientTimeline;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost of the per-patient step shared by batch and streaming: build a timeline from a patient's events
 * and derive the rows of every bundled analysis.
 * {@code mvn -Pbench test-compile exec:exec -Dbench.args='DeriveBenchmark -f 1 -wi 3 -i 5'}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DeriveBenchmark {
    private List<ClinicalEvent> events;
    private PatientTimeline timeline;
    private List<AnalysisDefinition> analyses;

    @Setup
    public void setUp() {
        // The nine sample events minus the erasure: a full, consistent patient with a retraction.
        events = new ArrayList<>(EventSamples.onePerType().subList(0, 8));
        timeline = PatientTimeline.of(events);
        analyses = AnalysesLoader.loadDefault().analyses();
    }

    @Benchmark
    public PatientTimeline buildTimeline() {
        return PatientTimeline.of(events);
    }

    @Benchmark
    public void deriveAllBundledAnalyses(Blackhole bh) {
        for (AnalysisDefinition a : analyses) {
            bh.consume(SubjectRows.derive(timeline, a));
        }
    }
}
