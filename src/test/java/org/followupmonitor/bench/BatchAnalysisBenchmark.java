package org.followupmonitor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.analysis.Monitor;
import org.followupmonitor.events.file.RegistryImportException;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.synthetic.StudyCohortGenerator;
import org.followupmonitor.synthetic.StudyCohortParameters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The batch face of the engine ({@code analyze} without output) on a generated registry: reading the CSV,
 * deriving, Kaplan-Meier, log-rank and Cox. {@code rJob} is the job of
 * {@code src/test/resources/org/followupmonitor/bench/r_analyze_1m.R}; {@code allBundled} the 18 default
 * analyses and Table 1.
 * {@code mvn -Pbench test-compile exec:exec -Dbench.args='BatchAnalysisBenchmark -f 1 -wi 2 -i 3'}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BatchAnalysisBenchmark {
    @Param({"200000"})
    public int patients;

    private Path csv;
    private List<AnalysisDefinition> rJob;
    private List<AnalysisDefinition> bundled;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        csv = Files.createTempFile("batch-bench", ".csv");
        new StudyCohortGenerator(StudyCohortParameters.study(7L).withPatients(patients)).writeCsv(csv);
        rJob = AnalysesLoader.load(Path.of("src/test/resources/org/followupmonitor/bench/r-job-analyses.yaml"))
                .analyses();
        bundled = AnalysesLoader.loadDefault().analyses();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(csv);
    }

    @Benchmark
    public BatchAnalysis.Outcome rJob() throws IOException, RegistryImportException {
        return BatchAnalysis.run(csv, rJob, RegistryImporter.Options.defaults(), 11, Monitor.NONE, n -> { }, false);
    }

    @Benchmark
    public BatchAnalysis.Outcome allBundled() throws IOException, RegistryImportException {
        return BatchAnalysis.run(csv, bundled, RegistryImporter.Options.defaults(), 11, Monitor.NONE, n -> { }, true);
    }
}
