package org.followupmonitor.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.followupmonitor.survival.KaplanMeier;
import org.followupmonitor.survival.KaplanMeierFit;
import org.followupmonitor.survival.LogRank;
import org.followupmonitor.survival.LogRankResult;
import org.followupmonitor.survival.StratifiedRiskTables;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Kaplan-Meier and log-rank from raw arrays (aggregation included) on n subjects in two groups
 * with whole-day times, the shape of src/test/resources/org/followupmonitor/bench/r_km_logrank_timing.R:
 * exponential survival (median about 2 and 3 years), uniform administrative censoring over 10
 * years. Run: mvn -Pbench test-compile exec:exec -Dbench.args=KaplanMeierLogRank
 * (the bench profile passes bench.args to JMH as one argument, so the short settings -f 1 -wi 3 -i 5
 * are fixed here by annotation).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class KaplanMeierLogRankBenchmark {

    @Param("1000000")
    int n;

    double[] time;
    int[] days;
    boolean[] event;
    int[] group;

    @Setup
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(20261127L);
        time = new double[n];
        days = new int[n];
        event = new boolean[n];
        group = new int[n];
        for (int i = 0; i < n; i++) {
            int g = rnd.nextInt(2);
            double medianDays = g == 0 ? 730 : 1095;
            double death = -Math.log(1 - rnd.nextDouble()) * medianDays / Math.log(2);
            double censor = rnd.nextDouble() * 3650;
            int d = (int) Math.ceil(Math.min(death, censor));
            days[i] = d;
            time[i] = d;
            event[i] = death <= censor;
            group[i] = g;
        }
    }

    /** survfit(Surv(time, status) ~ group): both curves, from raw double times. */
    @Benchmark
    public void kaplanMeierByGroup(Blackhole bh) {
        StratifiedRiskTables t = StratifiedRiskTables.of(2, 1, time, event, group, null, null);
        KaplanMeierFit a = KaplanMeier.fit(t.group(0));
        KaplanMeierFit b = KaplanMeier.fit(t.group(1));
        bh.consume(a);
        bh.consume(b);
    }

    /** survfit(Surv(time, status) ~ 1): one curve, from raw double times. */
    @Benchmark
    public KaplanMeierFit kaplanMeierPooled() {
        return KaplanMeier.fit(time, event);
    }

    /** survdiff(Surv(time, status) ~ group), from raw double times. */
    @Benchmark
    public LogRankResult logRank() {
        return LogRank.test(StratifiedRiskTables.of(2, 1, time, event, group, null, null));
    }

    /** survdiff from raw int days (the streaming/registry representation). */
    @Benchmark
    public LogRankResult logRankFromIntDays() {
        return LogRank.test(StratifiedRiskTables.ofDays(2, 1, days, event, group, null));
    }
}
