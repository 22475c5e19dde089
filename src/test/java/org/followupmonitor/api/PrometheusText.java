package org.followupmonitor.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads the samples of a Prometheus text exposition (format 0.0.4), as Prometheus itself would. */
public final class PrometheusText {
    private PrometheusText() {}

    /** One sample line: metric name, labels (empty values dropped, as Prometheus drops them) and value. */
    public record Sample(String name, Map<String, String> labels, double value) {
        public String label(String name) {
            return labels.get(name);
        }
    }

    public static List<Sample> parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            out.add(sample(line));
        }
        return out;
    }

    /** The samples of one family, or of every family when name is null. */
    public static List<Sample> samples(String text, String name) {
        return parse(text).stream().filter(s -> name == null || s.name().equals(name)).toList();
    }

    /** The one sample of a family with exactly these labels (others may be present), if any. */
    public static Optional<Sample> find(String text, String name, Map<String, String> labels) {
        List<Sample> found = samples(text, name).stream()
                .filter(s -> labels.entrySet().stream().allMatch(e -> e.getValue().equals(s.labels().get(e.getKey()))))
                .toList();
        if (found.size() > 1) {
            throw new AssertionError("more than one " + name + labels + ": " + found);
        }
        return found.stream().findFirst();
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        Map<String, String> labels = new TreeMap<>();
        String name;
        int rest;
        if (brace >= 0 && brace < space) {
            name = line.substring(0, brace);
            int i = brace + 1;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String key = line.substring(i, eq).trim();
                StringBuilder value = new StringBuilder();
                int j = eq + 2; // past ="
                while (line.charAt(j) != '"') {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char n = line.charAt(++j);
                        value.append(n == 'n' ? '\n' : n);
                    } else {
                        value.append(c);
                    }
                    j++;
                }
                if (!value.isEmpty()) {
                    labels.put(key, value.toString());
                }
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            rest = i + 1;
        } else {
            name = line.substring(0, space);
            rest = space;
        }
        String[] tail = line.substring(rest).trim().split("\\s+");
        return new Sample(name, labels, parseValue(tail[0]));
    }

    private static double parseValue(String v) {
        return switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v);
        };
    }
}
