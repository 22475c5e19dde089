package org.followupmonitor.stream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.ResultJson;

/** The first difference between two results as a JSON path, so a failing comparison reads in one line. */
final class ResultDiff {
    private ResultDiff() {}

    static String first(AnalysisResult expected, AnalysisResult actual) {
        if (expected == null || actual == null) {
            return expected == actual ? null : "one side is missing: expected " + (expected == null ? "none" : "a result")
                    + ", actual " + (actual == null ? "none" : "a result");
        }
        return diff(ResultJson.mapper().valueToTree(expected), ResultJson.mapper().valueToTree(actual), "$");
    }

    private static String diff(JsonNode a, JsonNode b, String path) {
        if (a.equals(b)) {
            return null;
        }
        if (a.isObject() && b.isObject()) {
            Iterator<String> names = a.fieldNames();
            while (names.hasNext()) {
                String n = names.next();
                String d = diff(a.get(n), b.has(n) ? b.get(n) : com.fasterxml.jackson.databind.node.MissingNode.getInstance(),
                        path + "." + n);
                if (d != null) {
                    return d;
                }
            }
        } else if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return path + ": " + a.size() + " elements expected, " + b.size() + " found";
            }
            for (int i = 0; i < a.size(); i++) {
                String d = diff(a.get(i), b.get(i), path + "[" + i + "]");
                if (d != null) {
                    return d;
                }
            }
        }
        String sa = a.toString();
        String sb = b.toString();
        return path + ": expected " + (sa.length() > 200 ? sa.substring(0, 200) + "…" : sa) + " but was "
                + (sb.length() > 200 ? sb.substring(0, 200) + "…" : sb);
    }
}
