package org.followupmonitor.events.file;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
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
    /** The therapy columns' order in the file layout, which is the order their events are made in. */
    private static final List<TherapyType> THERAPY_ORDER = List.of(TherapyType.CHEMOTHERAPY,
            TherapyType.RADIOTHERAPY, TherapyType.HORMONAL, TherapyType.ANTI_HER2);
    // Indexes into COLUMNS.
    private static final int PATIENT_ID = 0;
    private static final int SITE = 1;
    private static final int DIAGNOSIS_DATE = 2;
    private static final int AGE = 3;
    private static final int GRADE = 4;
    private static final int T_STAGE = 5;
    private static final int N_STAGE = 6;
    private static final int POSITIVE_NODES = 7;
    private static final int ER = 8;
    private static final int PR = 9;
    private static final int HER2 = 10;
    private static final int KI67 = 11;
    private static final int SUBTYPE = 12;
    private static final int METASTASIS_SITES = 13;
    private static final int CONTROL_DATE = 14;
    private static final int RESPONSE = 15;
    private static final int SURGERY_DATE = 16;
    private static final int PROCEDURE = 17;
    private static final int MARGIN = 18;
    private static final int CHEMOTHERAPY_DATE = 19;
    private static final int RADIOTHERAPY_DATE = 20;
    private static final int HORMONAL_DATE = 21;
    private static final int ANTI_HER2_DATE = 22;
    private static final int RECURRENCE_DATE = 23;
    private static final int RECURRENCE_SITE = 24;
    private static final int DEATH_DATE = 25;
    private static final int DEATH_CAUSE = 26;
    private static final int LAST_CONTACT_DATE = 27;

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

    /** Column positions by {@link #COLUMNS} index (-1 = not in the file) and the header's field count. */
    private record Header(int[] position, int fields, long lineNo) {}

    void read(BufferedReader in, RecordVisitor visitor) throws IOException, RegistryImportException {
        readRows(in, new RowVisitor() {
            @Override
            public void row(long line, String rawId, CsvPatientRow row) throws RegistryImportException {
                visitor.events(line, events(pseudonymize.apply(rawId), row));
            }

            @Override
            public void rejected(Rejection rejection) throws RegistryImportException {
                visitor.rejected(rejection);
            }

            @Override
            public void unknownColumns(List<String> columns) {
                visitor.unknownColumns(columns);
            }
        });
    }

    /** Receives the typed rows of a CSV file: the batch path, which needs no events for a one-row patient. */
    interface RowVisitor {
        /**
         * One accepted data row.
         *
         * @param rawId the patient id as written (trimmed, not pseudonymised): for grouping rows only
         */
        void row(long line, String rawId, CsvPatientRow row) throws RegistryImportException;

        void rejected(Rejection rejection) throws RegistryImportException;

        default void unknownColumns(List<String> columns) {
        }
    }

    /**
     * Reads every data row into a {@link CsvPatientRow}, with the same checks and messages as {@link #read}:
     * a row accepted here is one whose events {@link #events} makes.
     */
    void readRows(BufferedReader in, RowVisitor visitor) throws IOException, RegistryImportException {
        readRows(in, visitor, PIPELINE);
    }

    /** Whether {@link #readRows} parses on a second thread: worth it when there is a second core. */
    static final boolean PIPELINE = Runtime.getRuntime().availableProcessors() > 1;

    /**
     * @param pipelined parse lines on a helper thread, in batches, while the caller's thread hands the
     *     results to the visitor in file order; the visitor sees exactly what the sequential reading gives
     */
    void readRows(BufferedReader in, RowVisitor visitor, boolean pipelined)
            throws IOException, RegistryImportException {
        Header header = header(in, visitor);
        if (!pipelined) {
            Parser parser = new Parser(header);
            long lineNo = header.lineNo();
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (!line.isBlank()) {
                    deliver(parser.parse(line, lineNo), parser.rawId, lineNo, visitor);
                }
            }
            return;
        }
        new Pipeline(in, header).run(visitor);
    }

    private static void deliver(Object parsed, String rawId, long lineNo, RowVisitor visitor)
            throws RegistryImportException {
        if (parsed instanceof CsvPatientRow row) {
            visitor.row(lineNo, rawId, row);
        } else {
            visitor.rejected((Rejection) parsed);
        }
    }

    /** Parses data lines into typed rows or rejections; one per thread. */
    private final class Parser {
        private final Header header;
        private final String[] fields;
        private final int[] starts;
        private final int[] ends;
        /** The patient id of the line last parsed into a row. */
        String rawId;

        Parser(Header header) {
            this.header = header;
            this.fields = new String[header.fields()];
            this.starts = new int[header.fields()];
            this.ends = new int[header.fields()];
        }

        /** A {@link CsvPatientRow} or a {@link Rejection}. */
        Object parse(String line, long lineNo) {
            try {
                // Without quotes, cells stay positions in the line until a value is needed.
                int found = line.indexOf('"') < 0 ? splitOffsets(line, starts, ends) : splitInto(line, fields);
                if (found != header.fields()) {
                    throw new EventFormatException("(record)", "expected " + header.fields()
                            + " fields as in the header, found " + found);
                }
                Row row = line.indexOf('"') < 0 ? new Row(line, starts, ends, header.position())
                        : new Row(fields, header.position());
                CsvPatientRow typed = row.typed();
                rawId = row.rawId();
                return typed;
            } catch (EventFormatException e) {
                return new Rejection(fileName, lineNo, e.field(), e.reason());
            }
        }
    }

    /**
     * Reading and parsing on a helper thread, handing out on the caller's: batches of parsed lines go through
     * a bounded queue in file order. The helper stops when the caller does (strict mode, an exception).
     */
    private final class Pipeline {
        private static final int BATCH = 2048;
        private static final int QUEUED_BATCHES = 8;
        private final BufferedReader in;
        private final Header header;
        private final java.util.concurrent.BlockingQueue<Batch> queue =
                new java.util.concurrent.ArrayBlockingQueue<>(QUEUED_BATCHES);
        private volatile boolean stopped;

        /** Parsed lines; {@code end} marks the last batch, {@code failure} a read error on the helper. */
        private record Batch(Object[] parsed, String[] rawIds, long[] lineNos, int size, boolean end,
                Throwable failure) {}

        Pipeline(BufferedReader in, Header header) {
            this.in = in;
            this.header = header;
        }

        void run(RowVisitor visitor) throws IOException, RegistryImportException {
            Thread helper = new Thread(this::produce, "csv-parser");
            helper.setDaemon(true);
            helper.start();
            try {
                while (true) {
                    Batch b = take();
                    for (int i = 0; i < b.size(); i++) {
                        deliver(b.parsed()[i], b.rawIds()[i], b.lineNos()[i], visitor);
                    }
                    if (b.failure() instanceof IOException e) {
                        throw e;
                    }
                    if (b.failure() instanceof RuntimeException e) {
                        throw e;
                    }
                    if (b.failure() instanceof Error e) {
                        throw e;
                    }
                    if (b.end()) {
                        return;
                    }
                }
            } finally {
                stopped = true;
                queue.clear();
                helper.interrupt();
                joinQuietly(helper);
            }
        }

        private Batch take() throws IOException {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading " + fileName);
            }
        }

        private void produce() {
            Parser parser = new Parser(header);
            long lineNo = header.lineNo();
            try {
                boolean end = false;
                while (!end && !stopped) {
                    Object[] parsed = new Object[BATCH];
                    String[] rawIds = new String[BATCH];
                    long[] lineNos = new long[BATCH];
                    int n = 0;
                    Throwable failure = null;
                    try {
                        String line = null;
                        while (n < BATCH && (line = in.readLine()) != null) {
                            lineNo++;
                            if (!line.isBlank()) {
                                parsed[n] = parser.parse(line, lineNo);
                                rawIds[n] = parsed[n] instanceof CsvPatientRow ? parser.rawId : null;
                                lineNos[n] = lineNo;
                                n++;
                            }
                        }
                        end = line == null;
                    } catch (IOException | RuntimeException | Error e) {
                        // Handed over after the lines read before it, as the sequential reading would.
                        failure = e;
                        end = true;
                    }
                    queue.put(new Batch(parsed, rawIds, lineNos, n, end, failure));
                }
            } catch (InterruptedException e) {
                // The caller stopped reading.
            }
        }
    }

    private static void joinQuietly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private Header header(BufferedReader in, RowVisitor visitor) throws IOException, RegistryImportException {
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
        if (headerLine.indexOf('\0') >= 0) {
            throw new RegistryImportException(fileName + ":" + lineNo + ": header: the line holds NUL bytes: the file "
                    + "is UTF-16 or not text at all; save it as a comma-separated CSV in UTF-8");
        }
        String[] header;
        try {
            header = split(headerLine);
        } catch (EventFormatException e) {
            throw new RegistryImportException(fileName + ":" + lineNo + ": header: " + e.reason());
        }
        int[] position = new int[COLUMNS.size()];
        java.util.Arrays.fill(position, -1);
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < header.length; i++) {
            String name = header[i].trim().toLowerCase(Locale.ROOT);
            int c = COLUMNS.indexOf(name);
            if (c < 0) {
                unknown.add(header[i].trim());
            } else if (position[c] >= 0) {
                throw new RegistryImportException(fileName + ":" + lineNo + ": header: column " + name
                        + " appears twice");
            } else {
                position[c] = i;
            }
        }
        for (String required : List.of("patient_id", "diagnosis_date")) {
            if (position[COLUMNS.indexOf(required)] < 0) {
                String delimiter = otherDelimiter(headerLine);
                if (delimiter != null) {
                    throw new RegistryImportException(fileName + ":" + lineNo + ": header: the columns are separated by "
                            + delimiter + ", not by commas; export the file as comma-separated CSV (metastasis_sites "
                            + "keeps ';' between sites inside its cell)");
                }
                throw new RegistryImportException(fileName + ":" + lineNo + ": header: required column " + required
                        + " is missing; the header must name patient_id and diagnosis_date");
            }
        }
        if (!unknown.isEmpty()) {
            visitor.unknownColumns(unknown);
        }
        return new Header(position, header.length, lineNo);
    }

    /** Delimiters other exports use, with their names for the message. */
    private static final char[] OTHER_DELIMITERS = {';', '\t', '|'};
    private static final String[] OTHER_DELIMITER_NAMES = {"';' (semicolons, as Excel writes CSV where the comma is the "
            + "decimal separator)", "tabs", "'|' (pipes)"};

    /**
     * The delimiter a header line is separated by when it is not the comma: one that occurs more often than commas
     * and splits the line into fields one of which is a required column. Null otherwise.
     */
    static String otherDelimiter(String headerLine) {
        long commas = headerLine.chars().filter(c -> c == ',').count();
        for (int i = 0; i < OTHER_DELIMITERS.length; i++) {
            char d = OTHER_DELIMITERS[i];
            long n = headerLine.chars().filter(c -> c == d).count();
            if (n > commas) {
                for (String field : headerLine.split(java.util.regex.Pattern.quote(String.valueOf(d)))) {
                    String name = field.trim().replace("\"", "").toLowerCase(Locale.ROOT);
                    if (name.equals("patient_id") || name.equals("diagnosis_date")) {
                        return OTHER_DELIMITER_NAMES[i];
                    }
                }
            }
        }
        return null;
    }

    /**
     * The events a row implies, in the order the row's columns are read. Event ids are name-based UUIDs of
     * (patient, event kind, date).
     *
     * @throws IllegalArgumentException when a date lies outside the years {@link ClinicalEvent} accepts
     */
    List<ClinicalEvent> events(String patient, CsvPatientRow r) {
        String site = r.site();
        List<ClinicalEvent> events = new ArrayList<>();
        events.add(event(patient, site, "diagnosis", r.diagnosisDate(), r.diagnosis()));
        if (r.controlDate() != null) {
            // The assessment date; the disease counts as controlled unless it progressed.
            events.add(event(patient, site, "systemic-response", r.controlDate(),
                    new Payload.SystemicResponse(r.response(), r.response() != ResponseCategory.PROGRESSION)));
        }
        if (r.surgeryDate() != null) {
            events.add(event(patient, site, "surgery", r.surgeryDate(),
                    new Payload.Surgery(r.procedure(), r.margin())));
        }
        for (TherapyType type : THERAPY_ORDER) {
            LocalDate d = r.therapyDate(type);
            if (d != null) {
                events.add(event(patient, site, "therapy:" + Labels.label(type), d, new Payload.Therapy(type)));
            }
        }
        if (r.recurrenceDate() != null) {
            events.add(event(patient, site, "recurrence", r.recurrenceDate(),
                    new Payload.Recurrence(r.recurrenceSite())));
        }
        if (r.deathDate() != null) {
            events.add(event(patient, site, "death", r.deathDate(), new Payload.Death(r.deathCause())));
        }
        if (r.lastContactDate() != null) {
            events.add(event(patient, site, "follow-up", r.lastContactDate(), new Payload.FollowUp(null)));
        }
        return events;
    }

    private ClinicalEvent event(String patient, String site, String kind, LocalDate date, Payload payload) {
        String name = "csv|" + patient + "|" + kind + "|" + date;
        String id = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
        return new ClinicalEvent(id, patient, site, date, recordedAt, payload);
    }

    /** One data row; accessors return null for absent or empty cells. */
    private static final class Row {
        /** The cells as strings (a quoted line), or null: then cells are line[starts[i], ends[i]). */
        private final String[] fields;
        private final String line;
        private final int[] starts;
        private final int[] ends;
        private final int[] position;

        Row(String[] fields, int[] position) {
            this.fields = fields;
            this.line = null;
            this.starts = null;
            this.ends = null;
            this.position = position;
        }

        Row(String line, int[] starts, int[] ends, int[] position) {
            this.fields = null;
            this.line = line;
            this.starts = starts;
            this.ends = ends;
            this.position = position;
        }

        String rawId() {
            return cell(PATIENT_ID);
        }

        /** The row's values, checked in the order of the columns' meaning: the first problem is reported. */
        CsvPatientRow typed() throws EventFormatException {
            String rawId = cell(PATIENT_ID);
            if (rawId == null) {
                throw new EventFormatException("patient_id", "required");
            }
            String site = cell(SITE);
            site = site == null ? DEFAULT_SITE : site;
            LocalDate diagnosed = date(DIAGNOSIS_DATE);
            if (diagnosed == null) {
                throw new EventFormatException("diagnosis_date", "required");
            }
            Payload.Diagnosis dx;
            try {
                dx = new Payload.Diagnosis(integer(AGE), grade(), stage(T_STAGE, 'T'), stage(N_STAGE, 'N'),
                        integer(POSITIVE_NODES), receptor(ER), receptor(PR), receptor(HER2), percent(KI67),
                        enumCell(SUBTYPE, Subtype.class), sites());
            } catch (IllegalArgumentException e) {
                throw columnError(e);
            }
            LocalDate control = date(CONTROL_DATE);
            ResponseCategory response = enumCell(RESPONSE, ResponseCategory.class);
            if (control == null && response != null) {
                throw new EventFormatException("response", "given without control_date");
            }
            LocalDate surgery = date(SURGERY_DATE);
            SurgicalProcedure procedure = enumCell(PROCEDURE, SurgicalProcedure.class);
            ResectionMargin margin = enumCell(MARGIN, ResectionMargin.class);
            if (surgery == null && (procedure != null || margin != null)) {
                throw new EventFormatException(procedure != null ? "procedure" : "margin",
                        "given without surgery_date");
            }
            LocalDate chemotherapy = date(CHEMOTHERAPY_DATE);
            LocalDate radiotherapy = date(RADIOTHERAPY_DATE);
            LocalDate hormonal = date(HORMONAL_DATE);
            LocalDate antiHer2 = date(ANTI_HER2_DATE);
            LocalDate recurrence = date(RECURRENCE_DATE);
            RecurrenceSite recurrenceSite = enumCell(RECURRENCE_SITE, RecurrenceSite.class);
            if (recurrence == null && recurrenceSite != null) {
                throw new EventFormatException("recurrence_site", "given without recurrence_date");
            }
            LocalDate death = date(DEATH_DATE);
            DeathCause cause = enumCell(DEATH_CAUSE, DeathCause.class);
            if (death == null && cause != null) {
                throw new EventFormatException("death_cause", "given without death_date");
            }
            LocalDate contact = date(LAST_CONTACT_DATE);
            return new CsvPatientRow(site, diagnosed, dx, control, response, surgery, procedure, margin,
                    chemotherapy, radiotherapy, hormonal, antiHer2, recurrence, recurrenceSite, death, cause,
                    contact);
        }

        /** The bounds {@link #trim} found in the unsplit line: {@code line[from, to)}. */
        private int from;
        private int to;

        /**
         * Sets {@link #from} and {@link #to} to raw cell {@code i} of the unsplit line without its leading and
         * trailing blanks, as {@link #cell} trims (characters up to a space), without making its string.
         */
        private void trim(int i) {
            int a = starts[i];
            int b = ends[i];
            while (a < b && line.charAt(a) <= ' ') {
                a++;
            }
            while (b > a && line.charAt(b - 1) <= ' ') {
                b--;
            }
            from = a;
            to = b;
        }

        private String cell(int column) {
            int i = position[column];
            if (i < 0) {
                return null;
            }
            String v = fields != null ? fields[i].trim() : line.substring(starts[i], ends[i]).trim();
            return v.isEmpty() ? null : v;
        }

        private LocalDate date(int column) throws EventFormatException {
            int i = position[column];
            if (fields == null && i >= 0) {
                // The common case without making the cell's string: exactly yyyy-mm-dd.
                trim(i);
                if (from == to) {
                    return null;
                }
                LocalDate d = to - from == 10 ? isoDate(line, from) : null;
                if (d != null && d.getYear() >= ClinicalEvent.MIN_YEAR && d.getYear() <= ClinicalEvent.MAX_YEAR) {
                    return d;
                }
            }
            String v = cell(column);
            if (v == null) {
                return null;
            }
            LocalDate d = isoDate(v);
            if (d == null) {
                try {
                    d = LocalDate.parse(v);
                } catch (DateTimeParseException e) {
                    throw new EventFormatException(COLUMNS.get(column), "'" + v + "' is not a date yyyy-mm-dd");
                }
            }
            // Checked here so that a typo such as 1016-01-01 rejects the row instead of failing the import
            // when the event is made (ClinicalEvent's own check).
            if (d.getYear() < ClinicalEvent.MIN_YEAR || d.getYear() > ClinicalEvent.MAX_YEAR) {
                throw new EventFormatException(COLUMNS.get(column), "'" + v + "' is outside the years "
                        + ClinicalEvent.MIN_YEAR + "-" + ClinicalEvent.MAX_YEAR);
            }
            return d;
        }

        private Integer integer(int column) throws EventFormatException {
            String v = cell(column);
            if (v == null) {
                return null;
            }
            try {
                return Integer.valueOf(v);
            } catch (NumberFormatException e) {
                throw new EventFormatException(COLUMNS.get(column), "'" + v + "' is not a whole number");
            }
        }

        /** Grade as 1-3, also written I-III or G1-G3 in some exports. */
        private Integer grade() throws EventFormatException {
            String v = cell(GRADE);
            if (v == null) {
                return null;
            }
            if (v.length() == 1 && v.charAt(0) >= '0' && v.charAt(0) <= '9') {
                return v.charAt(0) - '0'; // the usual "1"-"3", without case mapping
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
        private Integer stage(int column, char prefix) throws EventFormatException {
            String v = cell(column);
            if (v == null) {
                return null;
            }
            if (v.length() == 1 && v.charAt(0) >= '0' && v.charAt(0) <= '9') {
                return v.charAt(0) - '0'; // the usual "0"-"4", without case mapping
            }
            String u = v.toUpperCase(Locale.ROOT);
            u = u.charAt(0) == prefix ? u.substring(1) : u;
            try {
                return Integer.valueOf(u);
            } catch (NumberFormatException e) {
                throw new EventFormatException(COLUMNS.get(column), "'" + v + "' is not a stage (" + prefix + "0-"
                        + prefix + (prefix == 'T' ? "4" : "3") + ")");
            }
        }

        private Double percent(int column) throws EventFormatException {
            String v = cell(column);
            if (v == null) {
                return null;
            }
            String u = v.endsWith("%") ? v.substring(0, v.length() - 1).trim() : v;
            try {
                return Double.valueOf(u);
            } catch (NumberFormatException e) {
                throw new EventFormatException(COLUMNS.get(column), "'" + v + "' is not a percentage");
            }
        }

        private ReceptorStatus receptor(int column) throws EventFormatException {
            ReceptorStatus s = enumCell(column, ReceptorStatus.class);
            return s == null ? ReceptorStatus.UNKNOWN : s;
        }

        private <E extends Enum<E>> E enumCell(int column, Class<E> type) throws EventFormatException {
            int i = position[column];
            if (fields == null && i >= 0) {
                // The common case without making the cell's string: a label written exactly.
                trim(i);
                if (from == to) {
                    return null;
                }
                E exact = EnumLabels.exact(type, line, from, to - from);
                if (exact != null) {
                    return exact;
                }
            }
            String v = cell(column);
            if (v == null) {
                return null;
            }
            E exact = EnumLabels.exact(type, v);
            if (exact != null) {
                return exact;
            }
            try {
                return Labels.parse(type, v);
            } catch (IllegalArgumentException e) {
                throw new EventFormatException(COLUMNS.get(column), e.getMessage());
            }
        }

        private List<String> sites() {
            String v = cell(METASTASIS_SITES);
            // Null (no sites) becomes the empty list in Diagnosis without a stream per row.
            return v == null ? null : v.indexOf(';') < 0 ? List.of(v) : Arrays.asList(v.split(";"));
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

    /**
     * A date written exactly yyyy-mm-dd, without going through a formatter (millions of dates per file);
     * null for anything else, which {@link LocalDate#parse} then accepts or rejects with its own rules.
     */
    static LocalDate isoDate(String v) {
        return v.length() != 10 ? null : isoDate(v, 0);
    }

    /** {@link #isoDate(String)} of the 10 characters of {@code s} from {@code at}. */
    private static LocalDate isoDate(String s, int at) {
        if (s.charAt(at + 4) != '-' || s.charAt(at + 7) != '-') {
            return null;
        }
        int year = digits(s, at, at + 4);
        int month = digits(s, at + 5, at + 7);
        int day = digits(s, at + 8, at + 10);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31
                || day > java.time.Month.of(month).length(java.time.Year.isLeap(year))) {
            return null;
        }
        if (year < CACHED_FROM_YEAR || year >= CACHED_FROM_YEAR + CACHED_YEARS) {
            return LocalDate.of(year, month, day);
        }
        // A registry has some ten thousand distinct dates in millions of cells: make each once. LocalDate is
        // immutable (final fields), so sharing the cache between threads is safe; a race only makes one twice.
        int slot = ((year - CACHED_FROM_YEAR) * 12 + month - 1) * 31 + day - 1;
        LocalDate d = DATES[slot];
        if (d == null) {
            d = LocalDate.of(year, month, day);
            DATES[slot] = d;
        }
        return d;
    }

    private static final int CACHED_FROM_YEAR = 1900;
    private static final int CACHED_YEARS = 300;
    private static final LocalDate[] DATES = new LocalDate[CACHED_YEARS * 12 * 31];

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * Splits a line into {@code out} when it has exactly {@code out.length} fields and no quote (the
     * common case, without copying characters twice); otherwise falls back to {@link #split}.
     *
     * @return the number of fields found
     */
    /**
     * Cell boundaries of a line without quotes: cell i is {@code line[starts[i], ends[i])}.
     *
     * @return the number of fields (which may exceed the arrays' length; then only that many are filled)
     */
    static int splitOffsets(String line, int[] starts, int[] ends) {
        int n = 0;
        int from = 0;
        while (true) {
            int comma = line.indexOf(',', from);
            int end = comma < 0 ? line.length() : comma;
            if (n < starts.length) {
                starts[n] = from;
                ends[n] = end;
            }
            n++;
            if (comma < 0) {
                return n;
            }
            from = comma + 1;
        }
    }

    static int splitInto(String line, String[] out) throws EventFormatException {
        if (line.indexOf('"') < 0) {
            int n = 0;
            int from = 0;
            while (true) {
                int comma = line.indexOf(',', from);
                if (n == out.length) {
                    // More fields than expected: count them for the message.
                    return n + (int) line.substring(from - 1).chars().filter(c -> c == ',').count();
                }
                if (comma < 0) {
                    out[n++] = line.substring(from);
                    return n;
                }
                out[n++] = line.substring(from, comma);
                from = comma + 1;
            }
        }
        String[] all = split(line);
        if (all.length == out.length) {
            System.arraycopy(all, 0, out, 0, all.length);
        }
        return all.length;
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
