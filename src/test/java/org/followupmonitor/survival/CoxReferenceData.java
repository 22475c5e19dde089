package org.followupmonitor.survival;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the R script's output and the data sets it wrote (test resources beside cox_reference.R). */
final class CoxReferenceData {
    static final String DIR = "/org/followupmonitor/survival/r/";

    private CoxReferenceData() {
    }

    /** case -> key -> value, from lines "case key value". */
    static Map<String, Map<String, String>> output(String resource) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String line : lines(resource)) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3) {
                out.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).put(f[1], f[2]);
            }
        }
        return out;
    }

    /** CSV rows as string arrays, header dropped, quotes stripped, "NA" kept as is. */
    static List<String[]> csv(String resource) {
        List<String> lines = lines(resource);
        List<String[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            for (int i = 0; i < f.length; i++) {
                f[i] = f[i].replace("\"", "").trim();
            }
            rows.add(f);
        }
        return rows;
    }

    static double num(String s) {
        return "NA".equals(s) ? Double.NaN : Double.parseDouble(s);
    }

    static List<String> lines(String resource) {
        try (InputStream in = CoxReferenceData.class.getResourceAsStream(DIR + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + DIR + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return r.lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
