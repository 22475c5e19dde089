package org.followupmonitor.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.followupmonitor.alerts.FollowUpRecord;
import org.followupmonitor.alerts.FollowUpSummary;
import org.followupmonitor.alerts.SequentialMonitor;
import org.followupmonitor.analysis.AnalysisResult.MonitoringStatus;
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
 * What the alert logic costs per recomputation of an analysis: a cold monitoring schedule (all 20 looks of a
 * 5% step computed from scratch, what the first call per schedule pays), a warm status call (memo hit), and
 * the follow-up summary over 100k patients. Run:
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

    @Setup
    public void setUp() {
        warm.status(SPEC, 1272, 0);
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            LocalDate start = clock.minusDays(r.nextInt(3650));
            LocalDate last = start.plusDays(r.nextLong(clock.toEpochDay() - start.toEpochDay() + 1));
            records.add(new FollowUpRecord(start, last, r.nextInt(3) == 0));
        }
    }

    @Benchmark
    public MonitoringStatus coldScheduleOfTwentyLooks() {
        return new SequentialMonitor().status(SPEC, 1272, 2.5);
    }

    @Benchmark
    public MonitoringStatus warmStatus() {
        return warm.status(SPEC, 900, 2.5);
    }

    @Benchmark
    public FollowUpSummary followUpSummaryOf100kPatients() {
        return FollowUpSummary.of(records, clock, 455, OptionalInt.of(1826));
    }
}
