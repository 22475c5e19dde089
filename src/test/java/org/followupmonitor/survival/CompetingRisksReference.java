package org.followupmonitor.survival;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The numbers printed by r/competing_risks_reference.R (key=comma-separated %.17g values, as
 * {@link RReference} reads km_logrank_reference.txt) and the data sets it wrote (cr_*.csv: time, status,
 * group, stratum).
 */
final class CompetingRisksReference {
    private static final String FILE = "/org/followupmonitor/survival/r/competing_risks_reference.txt";
    private static Map<String, double[]> values;

    private CompetingRisksReference() {
    }

    /** One data set as written by the R script. */
    record Data(double[] time, int[] status, int[] group, int[] stratum) {
        static Data load(String name) {
            Map<String, double[]> cols = RReference.csv("cr_" + name + ".csv");
            return new Data(cols.get("time"), ints(cols.get("status")), ints(cols.get("group")),
                    ints(cols.get("stratum")));
        }

        int groupCount() {
            return max(group) + 1;
        }

        int strataCount() {
            return max(stratum) + 1;
        }

        CompetingRiskTables tables(int causes, int[] groupCodes) {
            return CompetingRiskTables.of(max(groupCodes) + 1, strataCount(), causes, time, status, groupCodes,
                    stratum);
        }

        CompetingRiskTables tables(int causes) {
            return tables(causes, group);
        }
    }

    static synchronized double[] get(String key) {
        if (values == null) {
            values = load();
        }
        double[] v = values.get(key);
        assertThat(v).as("reference key %s in competing_risks_reference.txt", key).isNotNull();
        return v.clone();
    }

    static double[] ints2doubles(int[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    static int[] ints(double[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) v[i];
        }
        return out;
    }

    private static int max(int[] v) {
        int m = 0;
        for (int x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static Map<String, double[]> load() {
        Map<String, double[]> m = new HashMap<>();
        try (InputStream in = CompetingRisksReference.class.getResourceAsStream(FILE)) {
            assertThat(in).as("resource %s", FILE).isNotNull();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                int eq = line.indexOf('=');
                String[] parts = line.substring(eq + 1).split(",", -1);
                double[] v = new double[parts[0].isEmpty() ? 0 : parts.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = RReference.parse(parts[i]);
                }
                m.put(line.substring(0, eq), v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }
}
