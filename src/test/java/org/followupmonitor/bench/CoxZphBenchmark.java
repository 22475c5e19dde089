package org.followupmonitor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.followupmonitor.survival.CoxFit;
import org.followupmonitor.survival.CoxOptions;
import org.followupmonitor.survival.CoxRegression;
import org.followupmonitor.survival.CoxResponse;
import org.followupmonitor.survival.CoxZph;
import org.followupmonitor.survival.DesignMatrix;
import org.followupmonitor.survival.ZphResult;
import org.followupmonitor.survival.ZphTransform;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The proportional-hazards test (R's {@code cox.zph}, km transform, per term and global) of an Efron fit on 100,000
 * subjects with 5 covariates: the rows src/test/resources/org/followupmonitor/bench/r_cox_zph_timing.R writes and
 * times R's {@code cox.zph} on (run it first; it writes {@code /tmp/followup-cox-zph-100k.csv}). The fit is made once,
 * outside the timing, as in R.
 * Run: mvn -Pbench test-compile exec:exec -Dbench.args='CoxZphBenchmark -f 1 -wi 3 -i 5'
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CoxZphBenchmark {
    /** The CSV written by r_cox_zph_timing.R: time, status, x1 .. x5. */
    @Param("/tmp/followup-cox-zph-100k.csv")
    public String csv;

    CoxResponse y;
    DesignMatrix.Columns design;
    CoxFit fit;

    @Setup
    public void setUp() throws IOException {
        Path file = Path.of(csv);
        if (!Files.exists(file)) {
            throw new IllegalStateException(csv + " is missing: run Rscript src/test/resources/org/followupmonitor/"
                    + "bench/r_cox_zph_timing.R first (it writes the rows R and this benchmark test)");
        }
        double[][] cols = CoxCountingBenchmark.read(file, 7);
        int n = cols[0].length;
        boolean[] event = new boolean[n];
        for (int i = 0; i < n; i++) {
            event[i] = cols[1][i] == 1;
        }
        y = CoxResponse.rightCensored(cols[0], event);
        DesignMatrix.Builder b = DesignMatrix.builder(n);
        for (int k = 1; k <= 5; k++) {
            b.numeric("x" + k, cols[1 + k]);
        }
        design = b.buildColumns();
        fit = CoxRegression.fit(y, design, CoxOptions.defaults());
    }

    @Benchmark
    public ZphResult zphKm() {
        return CoxZph.test(fit, y, design, ZphTransform.KM);
    }
}
