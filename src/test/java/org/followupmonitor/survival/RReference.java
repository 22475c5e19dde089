package org.followupmonitor.survival;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the numbers printed by r/km_logrank_reference.R (key=comma-separated %.17g values; R's NA
 * and NaN become NaN) and the data sets it wrote, and compares at 1e-9 relative.
 */
final class RReference {
    static final double REL_TOL = 1e-9;
    private static final String DIR = "/org/followupmonitor/survival/r/";
    private static Map<String, double[]> values;

    private RReference() {
    }

    static synchronized double[] get(String key) {
        if (values == null) {
            values = load();
        }
        double[] v = values.get(key);
        assertThat(v).as("reference key %s in km_logrank_reference.txt", key).isNotNull();
        return v.clone();
    }

    static synchronized boolean has(String key) {
        if (values == null) {
            values = load();
        }
        return values.containsKey(key);
    }

    static double scalar(String key) {
        double[] v = get(key);
        assertThat(v).as(key).hasSize(1);
        return v[0];
    }

    private static Map<String, double[]> load() {
        Map<String, double[]> m = new HashMap<>();
        for (String line : lines("km_logrank_reference.txt")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            String[] parts = line.substring(eq + 1).split(",", -1);
            double[] v = new double[parts[0].isEmpty() ? 0 : parts.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = parse(parts[i]);
            }
            m.put(line.substring(0, eq), v);
        }
        return m;
    }

    static double parse(String s) {
        return switch (s) {
            case "NA", "NaN" -> Double.NaN;
            case "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    /** A CSV written by the R script: header, then numeric rows (NA allowed). */
    static Map<String, double[]> csv(String name) {
        List<String> rows = lines(name);
        String[] header = rows.get(0).replace("\"", "").split(",");
        Map<String, double[]> cols = new HashMap<>();
        for (int c = 0; c < header.length; c++) {
            cols.put(header[c], new double[rows.size() - 1]);
        }
        for (int r = 1; r < rows.size(); r++) {
            String[] f = rows.get(r).split(",");
            for (int c = 0; c < header.length; c++) {
                cols.get(header[c])[r - 1] = parse(f[c]);
            }
        }
        return cols;
    }

    private static List<String> lines(String name) {
        try (InputStream in = RReference.class.getResourceAsStream(DIR + name)) {
            assertThat(in).as("resource %s", name).isNotNull();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> out = new ArrayList<>();
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                out.add(l);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertClose(String what, double[] actual, double[] expected) {
        assertThat(actual).as("%s length", what).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertClose(what + "[" + i + "]", actual[i], expected[i]);
        }
    }

    static void assertClose(String what, double actual, double expected) {
        if (Double.isNaN(expected)) {
            assertThat(actual).as("%s: R gives NA/NaN", what).isNaN();
            return;
        }
        if (Double.isInfinite(expected)) {
            assertThat(actual).as("%s: R gives %s", what, expected).isEqualTo(expected);
            return;
        }
        assertThat(Math.abs(actual - expected))
                .as("%s: Java %s vs R %s", what, actual, expected)
                .isLessThanOrEqualTo(REL_TOL * Math.abs(expected) + 1e-14);
    }

    static boolean[] events(double[] status) {
        boolean[] e = new boolean[status.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = status[i] == 1;
        }
        return e;
    }

    static int[] codes(double[] v, int minus) {
        int[] c = new int[v.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = (int) v[i] - minus;
        }
        return c;
    }
}
