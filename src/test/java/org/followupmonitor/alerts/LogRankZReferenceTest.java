package org.followupmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.followupmonitor.survival.LogRank;
import org.followupmonitor.survival.StratifiedRiskTables;
import org.junit.jupiter.api.Test;

/**
 * The signed z against R 4.2.2 / survival 3.5-3: {@code r/logrank_z_reference.R} computes
 * (O_2 - E_2) / sqrt(V_22) from {@code survdiff}, e.g. {@code survdiff(Surv(time, status) ~ sex, data = lung)},
 * and for veteran's four cell types each type against the first on the two-type subset. Tolerance 1e-9 relative.
 */
class LogRankZReferenceTest {
    private static final Map<String, Double> R = reference();

    @Test
    void shouldMatchRSurvdiffSignedZOnLungBySex() {
        List<double[]> lung = csv("/org/followupmonitor/survival/r/lung.csv");
        // columns: time, status, sex (1, 2), ph_ecog (0-3 or NA), age
        assertThat(z(lung, 2, -1, 2)).isCloseTo(R.get("lung.sex"), within(1e-9 * 3.2));
        List<double[]> withEcog = lung.stream().filter(row -> !Double.isNaN(row[3])).toList();
        assertThat(z(withEcog, 2, 3, 2)).isCloseTo(R.get("lung.sex.ecog"), within(1e-9 * 3.3));
    }

    @Test
    void shouldMatchRSurvdiffOnVeteranEachCellTypeAgainstTheFirst() {
        List<double[]> vet = csv("/org/followupmonitor/survival/r/veteran.csv");
        // columns: time, status, celltype (1-4), prior (0, 1), trt
        double[] plain = LogRankZ.versusFirst(tables(vet, 2, -1, 4), 0);
        double[] byPrior = LogRankZ.versusFirst(tables(vet, 2, 3, 4), 0);
        for (int j = 2; j <= 4; j++) {
            double expected = R.get("vet.celltype." + j + "vs1");
            double expectedPrior = R.get("vet.celltype." + j + "vs1.prior");
            assertThat(plain[j - 1]).as("celltype %d vs 1", j).isCloseTo(expected, within(1e-9 * Math.abs(expected)));
            assertThat(byPrior[j - 1]).as("celltype %d vs 1, strata(prior)", j)
                    .isCloseTo(expectedPrior, within(1e-9 * Math.abs(expectedPrior)));
        }
    }

    private static double z(List<double[]> rows, int groupColumn, int strataColumn, int groups) {
        return LogRankZ.twoGroup(LogRank.test(tables(rows, groupColumn, strataColumn, groups)));
    }

    /** Groups coded 1..groups in the data become 0..groups-1; strata are the column's values 0..max. */
    private static StratifiedRiskTables tables(List<double[]> rows, int groupColumn, int strataColumn, int groups) {
        int n = rows.size();
        double[] time = new double[n];
        boolean[] event = new boolean[n];
        int[] group = new int[n];
        int[] stratum = new int[n];
        int strata = 1;
        for (int i = 0; i < n; i++) {
            double[] row = rows.get(i);
            time[i] = row[0];
            event[i] = row[1] == 1;
            group[i] = (int) row[groupColumn] - 1;
            stratum[i] = strataColumn < 0 ? 0 : (int) row[strataColumn];
            strata = Math.max(strata, stratum[i] + 1);
        }
        return StratifiedRiskTables.of(groups, strata, time, event, group, stratum, null);
    }

    private static List<double[]> csv(String resource) {
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader in = reader(resource)) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] cells = line.split(",");
                double[] row = new double[cells.length];
                for (int i = 0; i < cells.length; i++) {
                    row[i] = cells[i].equals("NA") ? Double.NaN : Double.parseDouble(cells[i]);
                }
                rows.add(row);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
        return rows;
    }

    private static Map<String, Double> reference() {
        Map<String, Double> values = new HashMap<>();
        try (BufferedReader in = reader("r/logrank_z_reference.txt")) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.startsWith("#")) {
                    String[] kv = line.split("=", 2);
                    values.put(kv[0], Double.parseDouble(kv[1]));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the R reference", e);
        }
        return values;
    }

    private static BufferedReader reader(String resource) {
        InputStream s = LogRankZReferenceTest.class.getResourceAsStream(resource);
        if (s == null) {
            throw new IllegalStateException("missing test resource " + resource);
        }
        return new BufferedReader(new InputStreamReader(s, StandardCharsets.UTF_8));
    }
}
