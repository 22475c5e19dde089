package org.followupmonitor.events.file;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.Labels;
import org.followupmonitor.events.Payload;
import org.followupmonitor.events.avro.DeathCause;
import org.followupmonitor.events.avro.ReceptorStatus;
import org.followupmonitor.events.avro.RecurrenceSite;
import org.followupmonitor.events.avro.ResectionMargin;
import org.followupmonitor.events.avro.ResponseCategory;
import org.followupmonitor.events.avro.Subtype;
import org.followupmonitor.events.avro.SurgicalProcedure;
import org.followupmonitor.events.avro.TherapyType;

/**
 * Reads the one-row-per-patient CSV layout (docs/events.md) line by line, turning each row into the
 * events it implies. Fields are comma separated, optionally double-quoted (RFC 4180; a quoted field may
 * not span lines). Event ids are name-based UUIDs of (patient, event kind, date), so re-importing the
 * same export gives the same ids.
 */
final class CsvRegistryReader {
    static final List<String> COLUMNS = List.of("patient_id", "site", "diagnosis_date", "age", "grade", "t_stage",
            "n_stage", "positive_nodes", "er", "pr", "her2", "ki67", "subtype", "metastasis_sites", "control_date",
            "response", "surgery_date", "procedure", "margin", "chemotherapy_date", "radiotherapy_date",
            "hormonal_date", "anti_her2_date", "recurrence_date", "recurrence_site", "death_date", "death_cause",
            "last_contact_date");
    private static final String DEFAULT_SITE = "unknown";
    private static final Map<String, TherapyType> THERAPY_COLUMNS = Map.of("chemotherapy_date",
            TherapyType.CHEMOTHERAPY, "radiotherapy_date", TherapyType.RADIOTHERAPY, "hormonal_date",
            TherapyType.HORMONAL, "anti_her2_date", TherapyType.ANTI_HER2);

    private final String fileName;
    private final UnaryOperator<String> pseudonymize;
    private final Instant recordedAt;

    /**
     * @param recordedAt stamped on every event; the file's modification time, so a corrected re-export wins
     *     over an older one while re-importing one file stays idempotent
     */
    CsvRegistryReader(String fileName, UnaryOperator<String> pseudonymize, Instant recordedAt) {
        this.fileName = fileName;
        this.pseudonymize = pseudonymize;
        this.recordedAt = recordedAt;
    }

    void read(BufferedReader in, RecordVisitor visitor) throws IOException, RegistryImportException {
        String headerLine = in.readLine();
        long lineNo = 1;
        while (headerLine != null && headerLine.isBlank()) {
            headerLine = in.readLine();
            lineNo++;
        }
        if (headerLine == null) {
            throw new RegistryImportException(fileName + ": empty file; expected a header line with "
                    + "patient_id, diagnosis_date, ...");
        }
        if (headerLine.startsWith("\uFEFF")) {
            headerLine = headerLine.substring(1);
        }
        String[] header;
        try {
            header = split(headerLine);
        } catch (EventFormatException e) {
            throw new RegistryImportException(fileName + ":" + lineNo + ": header: " + e.reason());
        }
        Map<String, Integer> index = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < header.length; i++) {
            String name = header[i].trim().toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(name)) {
                unknown.add(header[i].trim());
            } else if (index.putIfAbsent(name, i) != null) {
                throw new RegistryImportException(fileName + ":" + lineNo + ": header: column " + name
                        + " appears twice");
            }
        }
        for (String required : List.of("patient_id", "diagnosis_date")) {
            if (!index.containsKey(required)) {
                throw new RegistryImportException(fileName + ":" + lineNo + ": header: required column " + required
                        + " is missing; the header must name patient_id and diagnosis_date");
            }
        }
        if (!unknown.isEmpty()) {
            visitor.unknownColumns(unknown);
        }
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                String[] fields = split(line);
                if (fields.length != header.length) {
                    throw new EventFormatException("(record)", "expected " + header.length + " fields as in the header, found "
                            + fields.length);
                }
                visitor.events(lineNo, new Row(fields, index).events());
            } catch (EventFormatException e) {
                visitor.rejected(new Rejection(fileName, lineNo, e.field(), e.reason()));
            }
        }
    }

    /** One data row; accessors return null for absent or empty cells. */
    private final class Row {
        private final String[] fields;
        private final Map<String, Integer> index;

        Row(String[] fields, Map<String, Integer> index) {
            this.fields = fields;
            this.index = index;
        }

        List<ClinicalEvent> events() throws EventFormatException {
            String rawId = cell("patient_id");
            if (rawId == null) {
                throw new EventFormatException("patient_id", "required");
            }
            String patient = pseudonymize.apply(rawId);
            String site = cell("site") == null ? DEFAULT_SITE : cell("site");
            List<ClinicalEvent> events = new ArrayList<>();
            LocalDate diagnosed = date("diagnosis_date");
            if (diagnosed == null) {
                throw new EventFormatException("diagnosis_date", "required");
            }
            Payload.Diagnosis dx;
            try {
                dx = new Payload.Diagnosis(integer("age"), grade(), stage("t_stage", 'T'), stage("n_stage", 'N'),
                        integer("positive_nodes"), receptor("er"), receptor("pr"), receptor("her2"), percent("ki67"),
                        enumCell("subtype", Subtype.class), sites());
            } catch (IllegalArgumentException e) {
                throw columnError(e);
            }
            events.add(event(patient, site, "diagnosis", diagnosed, dx));

            LocalDate control = date("control_date");
            ResponseCategory response = enumCell("response", ResponseCategory.class);
            if (control != null) {
                // The assessment date; the disease counts as controlled unless it progressed.
                events.add(event(patient, site, "systemic-response", control,
                        new Payload.SystemicResponse(response, response != ResponseCategory.PROGRESSION)));
            } else if (response != null) {
                throw new EventFormatException("response", "given without control_date");
            }
            LocalDate surgery = date("surgery_date");
            SurgicalProcedure procedure = enumCell("procedure", SurgicalProcedure.class);
            ResectionMargin margin = enumCell("margin", ResectionMargin.class);
            if (surgery != null) {
                events.add(event(patient, site, "surgery", surgery, new Payload.Surgery(procedure, margin)));
            } else if (procedure != null || margin != null) {
                throw new EventFormatException(procedure != null ? "procedure" : "margin",
                        "given without surgery_date");
            }
            for (String column : List.of("chemotherapy_date", "radiotherapy_date", "hormonal_date",
                    "anti_her2_date")) {
                LocalDate d = date(column);
                if (d != null) {
                    TherapyType type = THERAPY_COLUMNS.get(column);
                    events.add(event(patient, site, "therapy:" + Labels.label(type), d, new Payload.Therapy(type)));
                }
            }
            LocalDate recurrence = date("recurrence_date");
            RecurrenceSite recurrenceSite = enumCell("recurrence_site", RecurrenceSite.class);
            if (recurrence != null) {
                events.add(event(patient, site, "recurrence", recurrence, new Payload.Recurrence(recurrenceSite)));
            } else if (recurrenceSite != null) {
                throw new EventFormatException("recurrence_site", "given without recurrence_date");
            }
            LocalDate death = date("death_date");
            DeathCause cause = enumCell("death_cause", DeathCause.class);
            if (death != null) {
                events.add(event(patient, site, "death", death, new Payload.Death(cause)));
            } else if (cause != null) {
                throw new EventFormatException("death_cause", "given without death_date");
            }
            LocalDate contact = date("last_contact_date");
            if (contact != null) {
                events.add(event(patient, site, "follow-up", contact, new Payload.FollowUp(null)));
            }
            return events;
        }

        private ClinicalEvent event(String patient, String site, String kind, LocalDate date, Payload payload) {
            String name = "csv|" + patient + "|" + kind + "|" + date;
            String id = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
            return new ClinicalEvent(id, patient, site, date, recordedAt, payload);
        }

        private String cell(String column) {
            Integer i = index.get(column);
            if (i == null) {
                return null;
            }
            String v = fields[i].trim();
            return v.isEmpty() ? null : v;
        }

        private LocalDate date(String column) throws EventFormatException {
            String v = cell(column);
            if (v == null) {
                return null;
            }
            try {
                return LocalDate.parse(v);
            } catch (DateTimeParseException e) {
                throw new EventFormatException(column, "'" + v + "' is not a date yyyy-mm-dd");
            }
        }

        private Integer integer(String column) throws EventFormatException {
            String v = cell(column);
            if (v == null) {
                return null;
            }
            try {
                return Integer.valueOf(v);
            } catch (NumberFormatException e) {
                throw new EventFormatException(column, "'" + v + "' is not a whole number");
            }
        }

        /** Grade as 1-3, also written I-III or G1-G3 in some exports. */
        private Integer grade() throws EventFormatException {
            String v = cell("grade");
            if (v == null) {
                return null;
            }
            String u = v.toUpperCase(Locale.ROOT);
            u = u.startsWith("G") ? u.substring(1) : u;
            switch (u) {
                case "I" -> u = "1";
                case "II" -> u = "2";
                case "III" -> u = "3";
                default -> {
                }
            }
            try {
                return Integer.valueOf(u);
            } catch (NumberFormatException e) {
                throw new EventFormatException("grade", "'" + v + "' is not a grade 1-3");
            }
        }

        /** T or N stage as a number, also written T4 / N1. */
        private Integer stage(String column, char prefix) throws EventFormatException {
            String v = cell(column);
            if (v == null) {
                return null;
            }
            String u = v.toUpperCase(Locale.ROOT);
            u = u.charAt(0) == prefix ? u.substring(1) : u;
            try {
                return Integer.valueOf(u);
            } catch (NumberFormatException e) {
                throw new EventFormatException(column, "'" + v + "' is not a stage (" + prefix + "0-" + prefix
                        + (prefix == 'T' ? "4" : "3") + ")");
            }
        }

        private Double percent(String column) throws EventFormatException {
            String v = cell(column);
            if (v == null) {
                return null;
            }
            String u = v.endsWith("%") ? v.substring(0, v.length() - 1).trim() : v;
            try {
                return Double.valueOf(u);
            } catch (NumberFormatException e) {
                throw new EventFormatException(column, "'" + v + "' is not a percentage");
            }
        }

        private ReceptorStatus receptor(String column) throws EventFormatException {
            ReceptorStatus s = enumCell(column, ReceptorStatus.class);
            return s == null ? ReceptorStatus.UNKNOWN : s;
        }

        private <E extends Enum<E>> E enumCell(String column, Class<E> type) throws EventFormatException {
            String v = cell(column);
            if (v == null) {
                return null;
            }
            try {
                return Labels.parse(type, v);
            } catch (IllegalArgumentException e) {
                throw new EventFormatException(column, e.getMessage());
            }
        }

        private List<String> sites() {
            String v = cell("metastasis_sites");
            return v == null ? List.of() : Arrays.asList(v.split(";"));
        }

        /** Maps a domain validation message ("grade: 7 is outside 1-3") back to its CSV column. */
        private EventFormatException columnError(IllegalArgumentException e) {
            String msg = e.getMessage();
            Map<String, String> columns = Map.of("age", "age", "grade", "grade", "tStage", "t_stage", "nStage",
                    "n_stage", "positiveNodes", "positive_nodes", "ki67Percent", "ki67");
            int colon = msg.indexOf(": ");
            if (colon > 0 && columns.containsKey(msg.substring(0, colon))) {
                return new EventFormatException(columns.get(msg.substring(0, colon)), msg.substring(colon + 2));
            }
            return new EventFormatException("(record)", msg);
        }
    }

    /** Splits one line into fields (RFC 4180 quoting: "a,b" and "" inside quotes). */
    static String[] split(String line) throws EventFormatException {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
                wasQuoted = false;
            } else if (c == '"' && cur.toString().isBlank() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new EventFormatException("(record)", "unterminated quoted field (quoted fields may not span lines)");
        }
        out.add(cur.toString());
        return out.toArray(new String[0]);
    }
}
