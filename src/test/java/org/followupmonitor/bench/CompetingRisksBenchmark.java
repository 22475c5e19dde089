package org.followupmonitor.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.followupmonitor.survival.AalenJohansen;
import org.followupmonitor.survival.AalenJohansenFit;
import org.followupmonitor.survival.CompetingCellCounts;
import org.followupmonitor.survival.CompetingRiskTables;
import org.followupmonitor.survival.GrayTest;
import org.followupmonitor.survival.GrayTestResult;
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
 * Aalen-Johansen curves and Gray's test on n subjects in two groups, whole-day times, the shape of
 * src/test/resources/org/followupmonitor/bench/r_competing_risks_timing.R: recurrence (cause 1) and death
 * without recurrence (cause 2) with exponential latent times (medians about 4 and 8 years in group 0, 5 and 8
 * in group 1), uniform administrative censoring over 10 years; 3 strata for the stratified test.
 * Run: mvn -Pbench test-compile exec:exec -Dbench.args='CompetingRisks'
 * (settings -f 1 -wi 3 -i 5 fixed here by annotation).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CompetingRisksBenchmark {

    @Param({"100000", "1000000"})
    int n;

    int[] days;
    int[] status;
    int[] group;
    int[] stratum;
    /** The per-day counts a stream would hold for the same subjects (dense, one cell per group). */
    List<CompetingCellCounts> cells;

    @Setup
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(20261203L);
        days = new int[n];
        status = new int[n];
        group = new int[n];
        stratum = new int[n];
        int maxDay = 0;
        for (int i = 0; i < n; i++) {
            int g = rnd.nextInt(2);
            double recurrence = -Math.log(1 - rnd.nextDouble()) * (g == 0 ? 1461 : 1826) / Math.log(2);
            double death = -Math.log(1 - rnd.nextDouble()) * 2922 / Math.log(2);
            double censor = rnd.nextDouble() * 3650;
            double t = Math.min(Math.min(recurrence, death), censor);
            days[i] = (int) Math.ceil(t);
            status[i] = t == censor ? 0 : t == recurrence ? 1 : 2;
            group[i] = g;
            stratum[i] = rnd.nextInt(3);
            maxDay = Math.max(maxDay, days[i]);
        }
        int[][] slots = new int[2][(maxDay + 1) * 3];
        for (int i = 0; i < n; i++) {
            slots[group[i]][days[i] * 3 + (status[i] == 0 ? 2 : status[i] - 1)]++;
        }
        cells = new ArrayList<>();
        for (int g = 0; g < 2; g++) {
            cells.add(CompetingCellCounts.ofDense(g, 0, 2, slots[g]));
        }
    }

    /** survfit(Surv(time, factor(status, 0:2)) ~ group): both groups' curves with standard errors. */
    @Benchmark
    public void aalenJohansenByGroup(Blackhole bh) {
        CompetingRiskTables t = CompetingRiskTables.ofDays(2, 1, 2, days, status, group, null);
        bh.consume(AalenJohansen.fit(t.group(0)));
        bh.consume(AalenJohansen.fit(t.group(1)));
    }

    /** cuminc(time, status, group)$Tests: Gray's test for both causes. */
    @Benchmark
    public List<GrayTestResult> grayTest() {
        return GrayTest.testAll(CompetingRiskTables.ofDays(2, 1, 2, days, status, group, null));
    }

    /** cuminc(time, status, group, strata)$Tests with 3 strata. */
    @Benchmark
    public List<GrayTestResult> grayTestStratified() {
        return GrayTest.testAll(CompetingRiskTables.ofDays(2, 3, 2, days, status, group, stratum));
    }

    /** The stream's recompute: from per-day counts, both groups' curves and Gray's test (no subject rows). */
    @Benchmark
    public void fromDailyCounts(Blackhole bh) {
        CompetingRiskTables t = CompetingRiskTables.of(2, 1, 2, cells);
        AalenJohansenFit a = AalenJohansen.fit(t.group(0));
        AalenJohansenFit b = AalenJohansen.fit(t.group(1));
        bh.consume(a);
        bh.consume(b);
        bh.consume(GrayTest.testAll(t));
    }
}
