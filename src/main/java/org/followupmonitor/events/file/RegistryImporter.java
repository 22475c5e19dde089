package org.followupmonitor.events.file;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.Payload;

/**
 * The one importer every command uses for registry files (JSON Lines events or one-row-per-patient CSV).
 *
 * <p>Files are streamed: lines are read one at a time and handed on, so memory does not grow with the
 * file. {@link #forEachPatient} reads the file twice: a first pass checks (with 64-bit hashes of patient
 * ids, 8 bytes per patient) whether each patient's lines are contiguous, as in a CSV export or a JSON
 * Lines file sorted by patient; then patients are handed out one by one while reading. Only a file whose
 * patients are interleaved is held in memory, grouped by patient.
 *
 * <p>A bad line is reported ({@link ImportSummary#rejections()}, with file, line and field) and the rest
 * still imports; with {@code strict} the first bad line fails the import. Patient ids are pseudonymised
 * (HMAC-SHA256) as soon as a line is parsed, when a key is given. Not thread-safe.
 */
public final class RegistryImporter {
    /** At most this many rejections are kept for listing; all are counted. */
    public static final int MAX_LISTED_REJECTIONS = 10_000;

    /**
     * @param strict fail on the first bad line
     * @param pseudonymizeKey HMAC key for patient ids; empty = keep ids as they are
     * @param encoding the file's character encoding (UTF-8, ISO-8859-1 or windows-1252)
     * @param asOf the import's reference date: lines with a later date are noted ({@link ImportNotes}); null = no
     *     check (the CLI passes today by default)
     */
    public record Options(boolean strict, Optional<String> pseudonymizeKey, Charset encoding, LocalDate asOf) {
        public Options {
            pseudonymizeKey = pseudonymizeKey == null ? Optional.empty() : pseudonymizeKey;
            if (pseudonymizeKey.isPresent() && pseudonymizeKey.get().isEmpty()) {
                throw new IllegalArgumentException("pseudonymizeKey: must not be empty when given");
            }
            encoding = encoding == null ? StandardCharsets.UTF_8 : encoding;
        }

        /** UTF-8, no reference date. */
        public Options(boolean strict, Optional<String> pseudonymizeKey) {
            this(strict, pseudonymizeKey, StandardCharsets.UTF_8, null);
        }

        /** Lenient, no pseudonymisation, UTF-8, no reference date. */
        public static Options defaults() {
            return new Options(false, Optional.empty());
        }

        /** The same options with this reference date. */
        public Options withAsOf(LocalDate date) {
            return new Options(strict, pseudonymizeKey, encoding, date);
        }

        @Override
        public String toString() {
            return "Options[strict=" + strict + ", pseudonymizeKey=" + (pseudonymizeKey.isPresent() ? "****" : "none")
                    + ", encoding=" + encoding.name() + ", asOf=" + asOf + "]";
        }
    }

    private final Options options;
    private final UnaryOperator<String> pseudonymize;

    public RegistryImporter(Options options) {
        this.options = options;
        if (options.pseudonymizeKey().isPresent()) {
            Pseudonymizer p = new Pseudonymizer(options.pseudonymizeKey().get());
            this.pseudonymize = p::apply;
        } else {
            this.pseudonymize = UnaryOperator.identity();
        }
    }

    /**
     * Hands every accepted event to {@code sink} in file order.
     *
     * @throws RegistryImportException when the file is missing or unusable, or (strict) on the first bad line
     * @throws IOException on a read error
     */
    public ImportSummary forEachEvent(Path file, Consumer<ClinicalEvent> sink)
            throws IOException, RegistryImportException {
        Tally tally = new Tally(file, true);
        read(file, tally.counting(lineEvents -> lineEvents.forEach(sink)));
        return tally.summary(-1);
    }

    /**
     * Hands out each patient's events once, patient by patient, in order of first appearance.
     *
     * @throws RegistryImportException when the file is missing or unusable, or (strict) on the first bad line
     * @throws IOException on a read error
     */
    public ImportSummary forEachPatient(Path file, Consumer<PatientEvents> sink)
            throws IOException, RegistryImportException {
        boolean grouped = isGroupedByPatient(file);
        // A grouped file can only repeat a patient on contiguous rows; an interleaved one is held in memory anyway.
        Tally tally = new Tally(file, !grouped);
        long[] patients = {0};
        Consumer<PatientEvents> counted = p -> {
            patients[0]++;
            sink.accept(p);
        };
        if (grouped) {
            List<ClinicalEvent> current = new ArrayList<>();
            String[] currentId = {null};
            read(file, tally.counting(lineEvents -> {
                for (ClinicalEvent e : lineEvents) {
                    if (currentId[0] != null && !currentId[0].equals(e.patientId())) {
                        counted.accept(new PatientEvents(currentId[0], current));
                        current.clear();
                    }
                    currentId[0] = e.patientId();
                    current.add(e);
                }
            }));
            if (currentId[0] != null) {
                counted.accept(new PatientEvents(currentId[0], current));
            }
        } else {
            Map<String, List<ClinicalEvent>> byPatient = new LinkedHashMap<>();
            read(file, tally.counting(lineEvents -> lineEvents.forEach(
                    e -> byPatient.computeIfAbsent(e.patientId(), k -> new ArrayList<>()).add(e))));
            byPatient.forEach((id, events) -> counted.accept(new PatientEvents(id, events)));
        }
        return tally.summary(patients[0]);
    }

    /** Receives the patients of {@link #forEachPatientRecord}, each exactly once. */
    public interface PatientSink {
        /** A patient with exactly one CSV row: its typed row, without making events. */
        void row(CsvPatientRow row);

        /** Any other patient (several CSV rows, or JSON Lines): its events in file order. */
        void events(PatientEvents patient);
    }

    /**
     * The batch path: hands out each patient once, in order of first appearance, reading the file once. A CSV
     * patient with one row comes typed ({@link PatientSink#row}), its events never made; a patient with several
     * contiguous rows, and every patient of a JSON Lines file, comes as events, as {@link #forEachPatient}
     * gives them. The same lines are accepted and rejected, with the same messages, as by
     * {@link #forEachPatient}.
     *
     * @return the summary, or empty when a CSV file turns out not to be grouped by patient (a patient's rows
     *     are not contiguous): then what was handed out so far is incomplete, and the caller should discard it
     *     and use {@link #forEachPatient}, which holds such a file in memory
     * @throws RegistryImportException when the file is missing or unusable, or (strict) on the first bad line
     * @throws IOException on a read error
     */
    public Optional<ImportSummary> forEachPatientRecord(Path file, PatientSink sink)
            throws IOException, RegistryImportException {
        checkReadable(file);
        if (FileFormat.detect(file) != FileFormat.CSV) {
            return Optional.of(forEachPatient(file, sink::events));
        }
        Tally tally = new Tally(file, false);
        RecordVisitor counting = tally.counting(lineEvents -> { });
        Instant modified = Files.getLastModifiedTime(file).toInstant();
        CsvRegistryReader reader = new CsvRegistryReader(file.toString(), pseudonymize,
                Instant.ofEpochMilli(modified.toEpochMilli()));
        RowGrouper grouper = new RowGrouper(reader, sink, tally);
        try (BufferedReader in = Files.newBufferedReader(file, options.encoding())) {
            reader.readRows(in, new CsvRegistryReader.RowVisitor() {
                @Override
                public void row(long line, String rawId, CsvPatientRow row) {
                    grouper.add(line, rawId, row);
                }

                @Override
                public void rejected(Rejection rejection) throws RegistryImportException {
                    counting.rejected(rejection);
                }

                @Override
                public void unknownColumns(List<String> columns) {
                    counting.unknownColumns(columns);
                }
            });
        } catch (NoSuchFileException e) {
            throw new RegistryImportException(file + ": file not found; give an existing CSV or JSON Lines file", e);
        } catch (CharacterCodingException e) {
            throw EncodingProblem.locate(file, options.encoding());
        }
        grouper.flush();
        if (!grouper.grouped()) {
            return Optional.empty();
        }
        return Optional.of(tally.summary(grouper.patients));
    }

    /**
     * Collects each patient's contiguous rows and hands the patient on when the next patient starts. Rows are
     * grouped by the id as written: pseudonymisation maps equal ids to equal pseudonyms, so the groups are the
     * same, and the keyed hash is only computed for patients whose events are made.
     */
    private final class RowGrouper {
        private final CsvRegistryReader reader;
        private final PatientSink sink;
        private final Tally tally;
        /** hash64 of each patient's id, one per contiguous group of rows; checked for repeats at the end. */
        private long[] groupHashes = new long[1024];
        private final List<CsvPatientRow> rows = new ArrayList<>();
        private String currentId;
        private long currentFirstLine;
        long patients;

        RowGrouper(CsvRegistryReader reader, PatientSink sink, Tally tally) {
            this.reader = reader;
            this.sink = sink;
            this.tally = tally;
        }

        void add(long line, String rawId, CsvPatientRow row) {
            if (currentId != null && !currentId.equals(rawId)) {
                flush();
            }
            if (rawId.equals(currentId)) {
                tally.repeated(line, currentFirstLine);
            } else {
                currentFirstLine = line;
            }
            currentId = rawId;
            rows.add(row);
            tally.row(line, row);
        }

        void flush() {
            if (rows.isEmpty()) {
                return;
            }
            if (patients == groupHashes.length) {
                groupHashes = java.util.Arrays.copyOf(groupHashes, groupHashes.length * 2);
            }
            groupHashes[(int) patients++] = hash64(currentId);
            if (rows.size() == 1) {
                sink.row(rows.get(0));
            } else {
                String patient = pseudonymize.apply(currentId);
                List<ClinicalEvent> events = new ArrayList<>();
                for (CsvPatientRow r : rows) {
                    events.addAll(reader.events(patient, r));
                }
                sink.events(new PatientEvents(patient, events));
            }
            rows.clear();
        }

        /**
         * Whether no id started two groups of rows. Sorting the hashes once at the end costs less than a
         * hash-set probe per patient; a collision of two ids (improbable) only costs the second reading.
         */
        boolean grouped() {
            long[] sorted = java.util.Arrays.copyOf(groupHashes, (int) patients);
            java.util.Arrays.sort(sorted);
            for (int i = 1; i < sorted.length; i++) {
                if (sorted[i] == sorted[i - 1]) {
                    return false;
                }
            }
            return true;
        }
    }

    private static void checkReadable(Path file) throws RegistryImportException {
        if (!Files.exists(file)) {
            throw new RegistryImportException(file + ": file not found; give an existing CSV or JSON Lines file");
        }
        if (Files.isDirectory(file)) {
            throw new RegistryImportException(file + ": is a directory; give a CSV or JSON Lines file");
        }
    }

    /** First pass: are each patient's lines contiguous? Bad lines are ignored here (reported by the second). */
    private boolean isGroupedByPatient(Path file) throws IOException, RegistryImportException {
        LongSet finished = new LongSet();
        boolean[] grouped = {true};
        String[] current = {null};
        read(file, new RecordVisitor() {
            @Override
            public void events(long line, List<ClinicalEvent> events) {
                for (ClinicalEvent e : events) {
                    if (current[0] != null && !current[0].equals(e.patientId())) {
                        finished.add(hash64(current[0]));
                        if (finished.contains(hash64(e.patientId()))) {
                            grouped[0] = false;
                        }
                    }
                    current[0] = e.patientId();
                }
            }

            @Override
            public void rejected(Rejection rejection) {
            }
        });
        return grouped[0];
    }

    private void read(Path file, RecordVisitor visitor) throws IOException, RegistryImportException {
        checkReadable(file);
        FileFormat format = FileFormat.detect(file);
        try (BufferedReader in = Files.newBufferedReader(file, options.encoding())) {
            if (format == FileFormat.CSV) {
                Instant modified = Files.getLastModifiedTime(file).toInstant();
                new CsvRegistryReader(file.toString(), pseudonymize, Instant.ofEpochMilli(modified.toEpochMilli()))
                        .read(in, visitor);
            } else {
                readJsonLines(file.toString(), in, visitor);
            }
        } catch (NoSuchFileException e) {
            throw new RegistryImportException(file + ": file not found; give an existing CSV or JSON Lines file", e);
        } catch (CharacterCodingException e) {
            throw EncodingProblem.locate(file, options.encoding());
        }
    }

    private void readJsonLines(String fileName, BufferedReader in, RecordVisitor visitor)
            throws IOException, RegistryImportException {
        String line;
        long lineNo = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                ClinicalEvent e = EventJson.read(line);
                visitor.events(lineNo, List.of(e.withPatientId(pseudonymize.apply(e.patientId()))));
            } catch (EventFormatException ex) {
                visitor.rejected(new Rejection(fileName, lineNo, ex.field(), ex.reason()));
            }
        }
    }

    /** FNV-1a, 64 bit: collisions among a million ids are improbable (~3e-8), and only cost buffering. */
    static long hash64(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static final int DIAGNOSIS = Payload.TYPES.indexOf("diagnosis");
    private static final int SYSTEMIC_RESPONSE = Payload.TYPES.indexOf("systemic-response");
    private static final int SURGERY = Payload.TYPES.indexOf("surgery");
    private static final int THERAPY = Payload.TYPES.indexOf("therapy");
    private static final int RECURRENCE = Payload.TYPES.indexOf("recurrence");
    private static final int DEATH = Payload.TYPES.indexOf("death");
    private static final int FOLLOW_UP = Payload.TYPES.indexOf("follow-up");

    /** Counts what passes, notes what deserves a look, and applies strictness; shared by every entry point. */
    private final class Tally {
        private final Path file;
        private final FileFormat format;
        /** Whether a patient's first line is remembered for every patient (not only the current one). */
        private final boolean trackAllPatients;
        private long records;
        private long rejected;
        private final List<Rejection> rejections = new ArrayList<>();
        private final List<String> unknownColumns = new ArrayList<>();
        private final Map<String, Long> byType = new LinkedHashMap<>();
        private long events;
        private final List<LineNote> late = new ArrayList<>();
        private long lateCount;
        private final List<LineNote> repeated = new ArrayList<>();
        private long repeatedCount;
        /** CSV only: the first line of each patient (ids as handed out), when every patient is tracked. */
        private final Map<String, Long> firstLines = new java.util.HashMap<>();
        private String currentPatient;
        private long currentFirstLine;

        /**
         * @param trackAllPatients remember every patient's first CSV line, to report rows of a patient that are
         *     not next to each other (costs a map entry per patient)
         */
        Tally(Path file, boolean trackAllPatients) throws IOException {
            this.file = file;
            this.format = FileFormat.detect(file);
            this.trackAllPatients = trackAllPatients;
            for (String t : Payload.TYPES) {
                byType.put(t, 0L);
            }
        }

        RecordVisitor counting(Consumer<List<ClinicalEvent>> sink) {
            return new RecordVisitor() {
                @Override
                public void events(long line, List<ClinicalEvent> lineEvents) {
                    records++;
                    for (ClinicalEvent e : lineEvents) {
                        byType.merge(e.type(), 1L, Long::sum);
                        events++;
                    }
                    if (options.asOf() != null) {
                        for (ClinicalEvent e : lineEvents) {
                            if (e.occurredOn().isAfter(options.asOf())) {
                                late(line, format == FileFormat.CSV ? csvColumn(e) : "occurredOn", e.occurredOn());
                                break;
                            }
                        }
                    }
                    if (format == FileFormat.CSV && !lineEvents.isEmpty()) {
                        patientLine(lineEvents.get(0).patientId(), line);
                    }
                    sink.accept(lineEvents);
                }

                @Override
                public void rejected(Rejection rejection) throws RegistryImportException {
                    records++;
                    rejected++;
                    if (options.strict()) {
                        throw RegistryImportException.strict(rejection);
                    }
                    if (rejections.size() < MAX_LISTED_REJECTIONS) {
                        rejections.add(rejection);
                    }
                }

                @Override
                public void unknownColumns(List<String> columns) {
                    unknownColumns.addAll(columns);
                }
            };
        }

        /** A CSV line of a patient: a repeat when the patient had an earlier row. */
        private void patientLine(String patient, long line) {
            Long first = patient.equals(currentPatient) ? Long.valueOf(currentFirstLine)
                    : trackAllPatients ? firstLines.putIfAbsent(patient, line) : null;
            if (first != null) {
                repeated(line, first);
            }
            if (!patient.equals(currentPatient)) {
                currentPatient = patient;
                currentFirstLine = first != null ? first : line;
            }
        }

        /** A CSV row of a patient first seen on {@code firstLine}: the rows are merged into one patient. */
        void repeated(long line, long firstLine) {
            repeatedCount++;
            if (repeated.size() < MAX_LISTED_REJECTIONS) {
                repeated.add(new LineNote(file.toString(), line, "patient_id", "the same patient as line " + firstLine
                        + "; the rows are merged into one patient"));
            }
        }

        private void late(long line, String field, LocalDate date) {
            lateCount++;
            if (late.size() < MAX_LISTED_REJECTIONS) {
                late.add(new LineNote(file.toString(), line, field, date + " is after the as-of date "
                        + options.asOf()));
            }
        }

        /** Events of one-row patients by type index in {@code Payload.TYPES}, added to byType at the end. */
        private final long[] rowEvents = new long[Payload.TYPES.size()];

        /** Counts an accepted CSV row and the events it implies, without making them. */
        void row(long line, CsvPatientRow r) {
            records++;
            rowEvents[DIAGNOSIS]++;
            rowEvents[SYSTEMIC_RESPONSE] += r.controlDate() != null ? 1 : 0;
            rowEvents[SURGERY] += r.surgeryDate() != null ? 1 : 0;
            rowEvents[THERAPY] += (r.chemotherapyDate() != null ? 1 : 0) + (r.radiotherapyDate() != null ? 1 : 0)
                    + (r.hormonalDate() != null ? 1 : 0) + (r.antiHer2Date() != null ? 1 : 0);
            rowEvents[RECURRENCE] += r.recurrenceDate() != null ? 1 : 0;
            rowEvents[DEATH] += r.deathDate() != null ? 1 : 0;
            rowEvents[FOLLOW_UP] += r.lastContactDate() != null ? 1 : 0;
            if (options.asOf() != null) {
                LocalDate[] dates = {r.diagnosisDate(), r.controlDate(), r.surgeryDate(), r.chemotherapyDate(),
                    r.radiotherapyDate(), r.hormonalDate(), r.antiHer2Date(), r.recurrenceDate(), r.deathDate(),
                    r.lastContactDate()};
                for (int i = 0; i < dates.length; i++) {
                    if (dates[i] != null && dates[i].isAfter(options.asOf())) {
                        late(line, ROW_DATE_COLUMNS[i], dates[i]);
                        break;
                    }
                }
            }
        }

        ImportSummary summary(long patients) throws IOException {
            for (int t = 0; t < rowEvents.length; t++) {
                if (rowEvents[t] > 0) {
                    byType.merge(Payload.TYPES.get(t), rowEvents[t], Long::sum);
                    events += rowEvents[t];
                }
            }
            return new ImportSummary(file.toString(), format, records, rejected, rejections, unknownColumns, byType,
                    events, patients, new ImportNotes(options.asOf(), late, lateCount, repeated, repeatedCount));
        }
    }

    /** The date columns of a CSV row, in the order {@link Tally#row} checks them. */
    private static final String[] ROW_DATE_COLUMNS = {"diagnosis_date", "control_date", "surgery_date",
        "chemotherapy_date", "radiotherapy_date", "hormonal_date", "anti_her2_date", "recurrence_date", "death_date",
        "last_contact_date"};

    /** The CSV column an event made from a row came from. */
    private static String csvColumn(ClinicalEvent e) {
        Payload p = e.payload();
        if (p instanceof Payload.Therapy t) {
            return switch (t.therapy()) {
                case CHEMOTHERAPY -> "chemotherapy_date";
                case RADIOTHERAPY -> "radiotherapy_date";
                case HORMONAL -> "hormonal_date";
                case ANTI_HER2 -> "anti_her2_date";
            };
        }
        return switch (e.type()) {
            case "diagnosis" -> "diagnosis_date";
            case "systemic-response" -> "control_date";
            case "surgery" -> "surgery_date";
            case "recurrence" -> "recurrence_date";
            case "death" -> "death_date";
            case "follow-up" -> "last_contact_date";
            default -> "occurredOn";
        };
    }

    /** Open-addressing set of longs (0 stands for "empty", so 0 is remapped): 8-16 bytes per patient. */
    private static final class LongSet {
        private long[] table = new long[1024];
        private int size;

        void add(long v) {
            long key = v == 0 ? 1 : v;
            if ((size + 1) * 2 > table.length) {
                grow();
            }
            if (insert(table, key)) {
                size++;
            }
        }

        boolean contains(long v) {
            long key = v == 0 ? 1 : v;
            int mask = table.length - 1;
            for (int i = mix(key) & mask; table[i] != 0; i = (i + 1) & mask) {
                if (table[i] == key) {
                    return true;
                }
            }
            return false;
        }

        private static boolean insert(long[] t, long key) {
            int mask = t.length - 1;
            int i = mix(key) & mask;
            while (t[i] != 0) {
                if (t[i] == key) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            t[i] = key;
            return true;
        }

        private void grow() {
            long[] bigger = new long[table.length * 2];
            for (long k : table) {
                if (k != 0) {
                    insert(bigger, k);
                }
            }
            table = bigger;
        }

        private static int mix(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }
    }
}
