package org.followupmonitor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PromQL expressions of deploy/: the dashboard's queries and the alerting rules, and the metric names they read. */
final class PromQl {
    static final Path DASHBOARD = Path.of("deploy/grafana/dashboards/followup-monitor.json");
    static final Path RULES = Path.of("deploy/prometheus/alerts.yml");

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "offset", "bool", "and", "or", "unless", "inf", "nan", "atan2");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private PromQl() {}

    /** Every {@code expr} of the dashboard's panels, and the metric of each {@code label_values(metric, label)}. */
    static List<String> dashboardExpressions() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> out = new ArrayList<>();
        collectExpr(dashboard.get("panels"), out);
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            Matcher m = Pattern.compile("label_values\\(\\s*([^,]+),").matcher(variable.path("query").path("query").asText());
            if (m.find()) {
                out.add(m.group(1).trim());
            }
        }
        return out;
    }

    private static void collectExpr(JsonNode node, List<String> out) {
        if (node.isObject()) {
            if (node.has("expr")) {
                out.add(node.get("expr").asText());
            }
            node.forEach(child -> collectExpr(child, out));
        } else if (node.isArray()) {
            node.forEach(child -> collectExpr(child, out));
        }
    }

    /** Alert name → expression, in file order. */
    static java.util.Map<String, String> ruleExpressions() throws IOException {
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (JsonNode group : rules.get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                out.put(rule.get("alert").asText(), rule.get("expr").asText());
            }
        }
        return out;
    }

    /** A Grafana query made plain PromQL: its template variables replaced by values. */
    static String substitute(String expr, String analysis) {
        return expr.replace("$__rate_interval", "1m").replace("$__interval", "15s").replace("$analysis", analysis);
    }

    /**
     * The metric names an expression reads: identifiers that are not inside a label matcher, a range, a string
     * or a grouping clause, are not followed by "(" (a function or an aggregation) and are not keywords.
     */
    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\b\\d+(\\.\\d+)?([eE][+-]?\\d+)?\\b", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String id = m.group();
            String after = s.substring(m.end()).stripLeading();
            if (!KEYWORDS.contains(id.toLowerCase(java.util.Locale.ROOT)) && !after.startsWith("(")) {
                names.add(id);
            }
        }
        return names;
    }
}
