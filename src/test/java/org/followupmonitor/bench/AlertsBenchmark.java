package org.followupmonitor.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.followupmonitor.analysis.FollowUpRecord;
import org.followupmonitor.analysis.FollowUpSummary;
import org.followupmonitor.alerts.SequentialMonitor;
import org.followupmonitor.analysis.AnalysisResult.Look;
import org.followupmonitor.analysis.CohortCounts;
import org.followupmonitor.analysis.CutCohort;
import org.followupmonitor.analysis.Monitoring;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the alert logic costs per refresh of an analysis: a cold look history (20 looks every 5% computed from
 * scratch, what the first history of a cohort pays), a warm one (every boundary from the memo: the z of each cut
 * only), and the follow-up summary over 100k patients. Run:
 * {@code mvn -Pbench test-compile exec:exec -Dbench.args='AlertsBenchmark -f 1 -wi 2 -i 3'}.
 */
@State(Scope.Benchmark)
@Fork(value = 1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AlertsBenchmark {
    private static final Monitoring SPEC = new Monitoring(1272, Monitoring.Spending.OBRIEN_FLEMING, 0.05, 0.05);
    private final SequentialMonitor warm = new SequentialMonitor();
    private final List<FollowUpRecord> records = new ArrayList<>();
    private final LocalDate clock = LocalDate.parse("2020-12-31");

    private final List<CutCohort.Cut> cuts = new ArrayList<>();

    @Setup
    public void setUp() {
        // Twenty looks every 5% of 1272 planned events, each a two-group cut.
        for (int k = 1; k <= 20; k++) {
            int events = (int) Math.ceil(k * 0.05 * 1272);
            CohortCounts.Builder counts = CohortCounts.builder(java.util.Optional.empty());
            counts.add("a", "", 100, events / 2, 500).add("b", "", 120, events - events / 2, 500);
            cuts.add(new CutCohort.Cut(clock.minusDays(1000 - 40L * k), events, 1000 + events, counts.build()));
        }
        warm.looks(SPEC, cuts);
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            LocalDate start = clock.minusDays(r.nextInt(3650));
            LocalDate last = start.plusDays(r.nextLong(clock.toEpochDay() - start.toEpochDay() + 1));
            records.add(new FollowUpRecord(start, last, r.nextInt(3) == 0));
        }
    }

    @Benchmark
    public List<Look> coldHistoryOfTwentyLooks() {
        return new SequentialMonitor().looks(SPEC, cuts);
    }

    @Benchmark
    public List<Look> warmHistoryOfTwentyLooks() {
        return warm.looks(SPEC, cuts);
    }

    @Benchmark
    public FollowUpSummary followUpSummaryOf100kPatients() {
        return FollowUpSummary.of(records, clock, 455, OptionalInt.of(1826));
    }
}
