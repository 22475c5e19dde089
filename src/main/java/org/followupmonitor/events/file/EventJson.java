package org.followupmonitor.events.file;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.Labels;
import org.followupmonitor.events.Payload;
import org.followupmonitor.events.avro.DeathCause;
import org.followupmonitor.events.avro.ErasureReason;
import org.followupmonitor.events.avro.FollowUpStatus;
import org.followupmonitor.events.avro.ReceptorStatus;
import org.followupmonitor.events.avro.RecurrenceSite;
import org.followupmonitor.events.avro.ResectionMargin;
import org.followupmonitor.events.avro.ResponseCategory;
import org.followupmonitor.events.avro.Subtype;
import org.followupmonitor.events.avro.SurgicalProcedure;
import org.followupmonitor.events.avro.TherapyType;

/**
 * The JSON form of an event, one per line in JSON Lines files (documented in docs/events.md):
 *
 * <pre>{"eventId":"e1","patientId":"p1","site":"khi","occurredOn":"2016-03-01",
 *  "recordedAt":"2016-03-02T09:00:00Z","type":"diagnosis","payload":{"grade":2,"er":"positive"}}</pre>
 *
 * Field names follow the Avro schema; enum values are lower case with hyphens ({@code luminal-b-her2});
 * {@code recordedAt} is optional (default: midnight UTC of {@code occurredOn}); unknown fields are errors,
 * so a misspelt field is not silently lost.
 */
public final class EventJson {
    /** Strict: a second object or a repeated field on a line is an error, not silently dropped. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> ENVELOPE = Set.of("eventId", "patientId", "site", "occurredOn", "recordedAt",
            "type", "payload");

    private EventJson() {
    }

    /** One line of JSON. */
    public static String write(ClinicalEvent e) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("eventId", e.eventId());
        root.put("patientId", e.patientId());
        root.put("site", e.site());
        root.put("occurredOn", e.occurredOn().toString());
        root.put("recordedAt", e.recordedAt().toString());
        root.put("type", e.type());
        root.set("payload", payload(e.payload()));
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JacksonException ex) {
            throw new IllegalStateException("cannot write event as JSON", ex);
        }
    }

    /**
     * Parses one line.
     *
     * @throws EventFormatException naming the field and the reason (never the patient id)
     */
    public static ClinicalEvent read(String line) throws EventFormatException {
        JsonNode root;
        try {
            root = MAPPER.readTree(line);
        } catch (JacksonException ex) {
            throw new EventFormatException("(record)", syntaxProblem(ex, line));
        }
        if (root == null || !root.isObject()) {
            throw new EventFormatException("(record)", "expected a JSON object");
        }
        checkFields(root, "", ENVELOPE);
        String eventId = text(root, "eventId", true);
        String patientId = text(root, "patientId", true);
        String site = text(root, "site", true);
        LocalDate occurredOn = date(root, "occurredOn");
        Instant recordedAt = null;
        String recorded = text(root, "recordedAt", false);
        if (recorded != null) {
            try {
                recordedAt = Instant.parse(recorded);
            } catch (DateTimeParseException ex) {
                throw new EventFormatException("recordedAt", "'" + recorded
                        + "' is not an ISO-8601 UTC timestamp such as 2016-03-02T09:00:00Z");
            }
        }
        String type = text(root, "type", true);
        JsonNode p = root.get("payload");
        if (p == null || p.isNull()) {
            p = MAPPER.createObjectNode();
        }
        if (!p.isObject()) {
            throw new EventFormatException("payload", "expected a JSON object");
        }
        Payload payload = payload(type, p);
        try {
            return new ClinicalEvent(eventId, patientId, site, occurredOn, recordedAt, payload);
        } catch (IllegalArgumentException ex) {
            throw asFormatError("", ex);
        }
    }

    /**
     * A JSON syntax error in words: the column and what is wrong there. Never the parser's own message, which names
     * its internals and quotes the offending token (possibly a patient id).
     */
    static String syntaxProblem(JacksonException ex, String line) {
        int column = ex.getLocation() == null ? -1 : ex.getLocation().getColumnNr();
        String message = ex.getOriginalMessage() == null ? "" : ex.getOriginalMessage();
        String what;
        if (ex instanceof JsonEOFException) {
            what = message.contains("string value") ? "the line ends inside a text value (a closing '\"' is missing)"
                    : "the line ends before the JSON object is closed (a '}' or ']' is missing)";
        } else if (message.startsWith("Duplicate field")) {
            what = "a field appears twice";
        } else if (message.startsWith("Unexpected character") && column >= 1 && column <= line.length()) {
            char c = line.charAt(column - 1);
            what = "unexpected character '" + (Character.isISOControl(c) ? "\\u" + String.format("%04x", (int) c)
                    : String.valueOf(c)) + "'" + (message.contains("double-quote to start field name")
                            ? " (field names are written in double quotes)" : "");
        } else if (message.startsWith("Unrecognized token")) {
            what = "a value that is not JSON (text needs double quotes; true, false and null are lower case)";
        } else if (message.startsWith("Illegal character")) {
            what = "a control character";
        } else if (message.startsWith("Trailing token")) {
            what = "more after the end of the JSON object (one event per line)";
        } else {
            what = "the line is not valid JSON";
        }
        return "not valid JSON" + (column >= 1 ? " at column " + column : "") + ": " + what;
    }

    private static Payload payload(String type, JsonNode p) throws EventFormatException {
        try {
            switch (type) {
                case "diagnosis" -> {
                    checkFields(p, "payload.", Set.of("age", "grade", "tStage", "nStage", "positiveNodes", "er", "pr",
                            "her2", "ki67Percent", "subtype", "metastasisSites"));
                    List<String> sites = new ArrayList<>();
                    JsonNode s = p.get("metastasisSites");
                    if (s != null && !s.isNull()) {
                        if (!s.isArray()) {
                            throw new EventFormatException("payload.metastasisSites", "expected a list of site names");
                        }
                        s.forEach(n -> sites.add(n.asText()));
                    }
                    return new Payload.Diagnosis(integer(p, "age"), integer(p, "grade"), integer(p, "tStage"),
                            integer(p, "nStage"), integer(p, "positiveNodes"),
                            enumValue(p, "er", ReceptorStatus.class), enumValue(p, "pr", ReceptorStatus.class),
                            enumValue(p, "her2", ReceptorStatus.class), decimal(p, "ki67Percent"),
                            enumValue(p, "subtype", Subtype.class), sites);
                }
                case "systemic-response" -> {
                    checkFields(p, "payload.", Set.of("response", "diseaseControlled"));
                    JsonNode c = p.get("diseaseControlled");
                    if (c == null || !c.isBoolean()) {
                        throw new EventFormatException("payload.diseaseControlled", "required, true or false");
                    }
                    return new Payload.SystemicResponse(enumValue(p, "response", ResponseCategory.class),
                            c.booleanValue());
                }
                case "therapy" -> {
                    checkFields(p, "payload.", Set.of("therapy"));
                    TherapyType t = enumValue(p, "therapy", TherapyType.class);
                    if (t == null) {
                        throw new EventFormatException("payload.therapy",
                                "required; one of " + Labels.expected(TherapyType.class));
                    }
                    return new Payload.Therapy(t);
                }
                case "surgery" -> {
                    checkFields(p, "payload.", Set.of("procedure", "margin"));
                    return new Payload.Surgery(enumValue(p, "procedure", SurgicalProcedure.class),
                            enumValue(p, "margin", ResectionMargin.class));
                }
                case "recurrence" -> {
                    checkFields(p, "payload.", Set.of("site"));
                    return new Payload.Recurrence(enumValue(p, "site", RecurrenceSite.class));
                }
                case "death" -> {
                    checkFields(p, "payload.", Set.of("cause"));
                    return new Payload.Death(enumValue(p, "cause", DeathCause.class));
                }
                case "follow-up" -> {
                    checkFields(p, "payload.", Set.of("status"));
                    return new Payload.FollowUp(enumValue(p, "status", FollowUpStatus.class));
                }
                case "retraction" -> {
                    checkFields(p, "payload.", Set.of("retractedEventId"));
                    return new Payload.Retraction(text(p, "retractedEventId", true));
                }
                case "erasure" -> {
                    checkFields(p, "payload.", Set.of("reason"));
                    return new Payload.Erasure(enumValue(p, "reason", ErasureReason.class));
                }
                default -> throw new EventFormatException("type", "unknown value '" + type + "'; expected one of "
                        + String.join(", ", Payload.TYPES));
            }
        } catch (IllegalArgumentException ex) {
            throw asFormatError("payload.", ex);
        }
    }

    private static ObjectNode payload(Payload payload) {
        ObjectNode n = MAPPER.createObjectNode();
        if (payload instanceof Payload.Diagnosis d) {
            putInt(n, "age", d.age());
            putInt(n, "grade", d.grade());
            putInt(n, "tStage", d.tStage());
            putInt(n, "nStage", d.nStage());
            putInt(n, "positiveNodes", d.positiveNodes());
            n.put("er", Labels.label(d.er()));
            n.put("pr", Labels.label(d.pr()));
            n.put("her2", Labels.label(d.her2()));
            if (d.ki67Percent() != null) {
                n.put("ki67Percent", d.ki67Percent());
            }
            putEnum(n, "subtype", d.subtype());
            ArrayNode sites = n.putArray("metastasisSites");
            d.metastasisSites().forEach(sites::add);
        } else if (payload instanceof Payload.SystemicResponse r) {
            putEnum(n, "response", r.response());
            n.put("diseaseControlled", r.diseaseControlled());
        } else if (payload instanceof Payload.Therapy t) {
            putEnum(n, "therapy", t.therapy());
        } else if (payload instanceof Payload.Surgery s) {
            putEnum(n, "procedure", s.procedure());
            putEnum(n, "margin", s.margin());
        } else if (payload instanceof Payload.Recurrence r) {
            putEnum(n, "site", r.site());
        } else if (payload instanceof Payload.Death d) {
            putEnum(n, "cause", d.cause());
        } else if (payload instanceof Payload.FollowUp f) {
            putEnum(n, "status", f.status());
        } else if (payload instanceof Payload.Retraction r) {
            n.put("retractedEventId", r.retractedEventId());
        } else if (payload instanceof Payload.Erasure e) {
            putEnum(n, "reason", e.reason());
        }
        return n;
    }

    private static void putInt(ObjectNode n, String field, Integer v) {
        if (v != null) {
            n.put(field, v);
        }
    }

    private static void putEnum(ObjectNode n, String field, Enum<?> v) {
        if (v != null) {
            n.put(field, Labels.label(v));
        }
    }

    /** Domain validation messages start with the field name ("grade: 7 is outside 1-3"). */
    private static EventFormatException asFormatError(String prefix, IllegalArgumentException ex) {
        String msg = ex.getMessage() == null ? "invalid" : ex.getMessage();
        int colon = msg.indexOf(": ");
        if (colon > 0 && msg.substring(0, colon).matches("[A-Za-z0-9]+")) {
            return new EventFormatException(prefix + msg.substring(0, colon), msg.substring(colon + 2));
        }
        return new EventFormatException(prefix.isEmpty() ? "(record)" : prefix.substring(0, prefix.length() - 1), msg);
    }

    private static void checkFields(JsonNode node, String prefix, Set<String> allowed) throws EventFormatException {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            String f = it.next().getKey();
            if (!allowed.contains(f)) {
                throw new EventFormatException(prefix + f, "unknown field; expected one of "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private static String text(JsonNode node, String field, boolean required) throws EventFormatException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new EventFormatException(field, "required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new EventFormatException(field, "expected a text value");
        }
        return v.asText();
    }

    private static LocalDate date(JsonNode node, String field) throws EventFormatException {
        String v = text(node, field, true);
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException ex) {
            throw new EventFormatException(field, "'" + v + "' is not a date yyyy-mm-dd");
        }
    }

    private static Integer integer(JsonNode node, String field) throws EventFormatException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new EventFormatException("payload." + field, "expected a whole number, was " + v);
        }
        return v.intValue();
    }

    private static Double decimal(JsonNode node, String field) throws EventFormatException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new EventFormatException("payload." + field, "expected a number, was " + v);
        }
        return v.doubleValue();
    }

    private static <E extends Enum<E>> E enumValue(JsonNode node, String field, Class<E> type)
            throws EventFormatException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            return Labels.parse(type, v.asText());
        } catch (IllegalArgumentException ex) {
            throw new EventFormatException("payload." + field, ex.getMessage());
        }
    }
}
