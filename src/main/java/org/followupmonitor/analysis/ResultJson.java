package org.followupmonitor.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Map;

/**
 * The one JSON mapping of results, shared by {@code analyze --format json}, the REST API and the
 * published topics, so the three cannot drift apart. Nulls are written (undefined is explicit).
 */
public final class ResultJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private ResultJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Compact JSON of any result value. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("result not serialisable: " + e.getOriginalMessage(), e);
        }
    }

    /** A document of results alone: {@code {"analyses": [ ... ]}}, indented. */
    public static String document(List<AnalysisResult> results) {
        return document(Map.of("analyses", results));
    }

    /**
     * The document {@code analyze --format json} prints: {@code {"analyses": [ ... ], "alerts": [ ... ]}}, indented;
     * the alerts are those the results raise or hold (a list of the alerts package's values).
     */
    public static String document(List<AnalysisResult> results, List<?> alerts) {
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("analyses", results);
        doc.put("alerts", alerts);
        return document(doc);
    }

    private static String document(Map<String, ?> doc) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("result not serialisable: " + e.getOriginalMessage(), e);
        }
    }

    public static AnalysisResult read(String json) {
        try {
            return MAPPER.readValue(json, AnalysisResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an analysis result: " + e.getOriginalMessage(), e);
        }
    }
}
