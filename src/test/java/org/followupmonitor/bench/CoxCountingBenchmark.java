package org.followupmonitor.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.followupmonitor.survival.CoxFit;
import org.followupmonitor.survival.CoxOptions;
import org.followupmonitor.survival.CoxRegression;
import org.followupmonitor.survival.CoxResponse;
import org.followupmonitor.survival.DesignMatrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Counting-process Cox (Efron) on 10^6 subjects as about 2 x 10^6 (start, stop] intervals with 5 covariates, one of
 * them switching on during follow-up: the rows src/test/resources/org/followupmonitor/bench/r_cox_counting_timing.R
 * writes and times R's {@code coxph} on (run it first; it writes {@code /tmp/followup-cox-counting-1m.csv}).
 * Run: mvn -Pbench test-compile exec:exec -Dbench.args='CoxCountingBenchmark -f 1 -wi 2 -i 3'
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CoxCountingBenchmark {
    /** The CSV written by r_cox_counting_timing.R: tstart, tstop, status, x1 .. x5. */
    @Param("/tmp/followup-cox-counting-1m.csv")
    public String csv;

    CoxResponse y;
    DesignMatrix.Columns design;

    @Setup
    public void setUp() throws IOException {
        Path file = Path.of(csv);
        if (!Files.exists(file)) {
            throw new IllegalStateException(csv + " is missing: run Rscript src/test/resources/org/followupmonitor/"
                    + "bench/r_cox_counting_timing.R first (it writes the rows R and this benchmark fit)");
        }
        double[][] cols = read(file, 8);
        int m = cols[0].length;
        boolean[] event = new boolean[m];
        for (int i = 0; i < m; i++) {
            event[i] = cols[2][i] == 1;
        }
        y = new CoxResponse(cols[0], cols[1], event, null, null, null);
        DesignMatrix.Builder b = DesignMatrix.builder(m);
        for (int k = 1; k <= 5; k++) {
            b.numeric("x" + k, cols[2 + k]);
        }
        design = b.buildColumns();
    }

    /** Columns of a numeric CSV with a header (R's write.csv). */
    static double[][] read(Path file, int width) throws IOException {
        double[][] cols = new double[width][1 << 16];
        int m = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (m == cols[0].length) {
                    for (int k = 0; k < width; k++) {
                        cols[k] = java.util.Arrays.copyOf(cols[k], 2 * m);
                    }
                }
                String[] f = line.split(",");
                for (int k = 0; k < width; k++) {
                    cols[k][m] = Double.parseDouble(f[k]);
                }
                m++;
            }
        }
        for (int k = 0; k < width; k++) {
            cols[k] = java.util.Arrays.copyOf(cols[k], m);
        }
        return cols;
    }

    /** The whole fit as R's coxph gives it: sort, Newton-Raphson, variance, tests, concordance. */
    @Benchmark
    public CoxFit fitEfron() {
        return CoxRegression.fit(y, design, CoxOptions.defaults());
    }
}
