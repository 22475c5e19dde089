package org.followupmonitor.bench;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.followupmonitor.survival.CoxData;
import org.followupmonitor.survival.CoxFit;
import org.followupmonitor.survival.CoxRegression;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cox Efron fit on n = 100,000 subjects, 5 covariates, integer-day times: the same shape as
 * src/test/resources/org/followupmonitor/bench/r_cox_timing.R (R's coxph, which also computes the concordance).
 * Run: mvn -Pbench test-compile exec:exec -Dbench.args='CoxBenchmark -f 1 -wi 3 -i 5'
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CoxBenchmark {
    static final int N = 100_000;

    double[] time;
    boolean[] event;
    double[][] x;
    CoxData data;

    @Setup
    public void setUp() {
        Random rnd = new Random(20240501L);
        time = new double[N];
        event = new boolean[N];
        x = new double[N][5];
        for (int i = 0; i < N; i++) {
            double x1 = rnd.nextDouble() < 0.5 ? 1 : 0;
            double x2 = 60 + 10 * rnd.nextGaussian();
            double x3 = rnd.nextDouble() < 0.3 ? 1 : 0;
            double x4 = rnd.nextGaussian();
            double x5 = 100 * rnd.nextDouble();
            x[i] = new double[] {x1, x2, x3, x4, x5};
            double lp = 0.5 * x1 + 0.02 * (x2 - 60) + 0.3 * x3 - 0.2 * x4 + 0.005 * x5;
            double t = Math.ceil(-Math.log(rnd.nextDouble()) / (0.0005 * Math.exp(lp)));
            double c = Math.ceil(1 + 3649 * rnd.nextDouble());
            time[i] = Math.min(t, c);
            event[i] = t <= c;
        }
        data = CoxData.unweighted(time, event, x, List.of("x1", "x2", "x3", "x4", "x5"));
    }

    /** The fit from validated input: sort, centre/scale, Newton-Raphson, variance, tests, concordance. */
    @Benchmark
    public CoxFit fitEfron() {
        return CoxRegression.fit(data);
    }

    /** As R's call sees it: from raw arrays, including input validation and copying. */
    @Benchmark
    public CoxFit buildAndFitEfron() {
        return CoxRegression.fit(CoxData.unweighted(time, event, x, List.of("x1", "x2", "x3", "x4", "x5")));
    }
}
