package org.followupmonitor.cohortstate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.followupmonitor.analysis.SubjectRow;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the stream thread pays for each refresh of an analysis' subject-level parts: taking the subjects it hands to the
 * background fitter. {@code tableSnapshot} is {@link CohortState#subjects} now (a copy of the table's columns: for these
 * entries a row's time, its shared labels and a flag byte); {@code tableSnapshotRead} adds reading every entry, which
 * the fitter's thread does;
 * {@code mapValuesCopy} is what it did before (a {@code HashMap} of store keys walked into a new list).
 * {@code mvn -B -Pbench test-compile exec:exec -Dbench.args='SubjectSnapshotBenchmark -f 1 -wi 3 -i 5'}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SubjectSnapshotBenchmark {
    @Param({"1000000"})
    public int subjects;

    private SubjectTable table;
    private Map<String, SubjectEntry> map;

    @Setup
    public void setUp() {
        table = new SubjectTable(new SubjectCanon());
        map = new HashMap<>();
        for (int i = 0; i < subjects; i++) {
            SubjectEntry e = new SubjectEntry(new SubjectRow(i % 4000, i % 3 == 0, "surgery", "", Map.of(), Map.of()),
                    null, null);
            String hash = CohortKeys.subjectOf("patient-" + i);
            table.put(i % 3, hash, e);
            map.put(CohortKeys.subject("os-by-arm", i % 3, hash), e);
        }
    }

    @Benchmark
    public List<SubjectEntry> tableSnapshot() {
        return table.snapshot();
    }

    /**
     * A snapshot and every entry read from it, as the refresh reads it on the fitter's thread: since the table holds
     * columns, entries are made here rather than kept.
     */
    @Benchmark
    public long tableSnapshotRead() {
        long sum = 0;
        for (SubjectEntry e : table.snapshot()) {
            sum += e.row().timeDays();
        }
        return sum;
    }

    @Benchmark
    public List<SubjectEntry> mapValuesCopy() {
        return new ArrayList<>(map.values());
    }
}
