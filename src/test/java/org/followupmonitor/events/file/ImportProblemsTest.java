package org.followupmonitor.events.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.followupmonitor.events.ClinicalEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files as registries really export them: other encodings, other delimiters, dates after the export, a patient on
 * several rows. Each is read by all three entry points of the importer, which must agree.
 */
class ImportProblemsTest {
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final String HEADER = "patient_id,site,diagnosis_date,surgery_date,last_contact_date";

    @TempDir
    Path dir;

    private Path write(String name, String text, Charset charset) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, text.getBytes(charset));
        return file;
    }

    private static RegistryImporter importer(Charset encoding, LocalDate asOf) {
        return new RegistryImporter(new RegistryImporter.Options(false, Optional.empty(), encoding, asOf));
    }

    /** The summaries of forEachEvent, forEachPatient and forEachPatientRecord, and the events of the first. */
    private record Read(List<ImportSummary> summaries, List<ClinicalEvent> events) {}

    private static Read readAllWays(RegistryImporter importer, Path file) throws Exception {
        List<ClinicalEvent> events = new ArrayList<>();
        List<ImportSummary> summaries = new ArrayList<>();
        summaries.add(importer.forEachEvent(file, events::add));
        summaries.add(importer.forEachPatient(file, p -> { }));
        summaries.add(importer.forEachPatientRecord(file, new RegistryImporter.PatientSink() {
            @Override
            public void row(CsvPatientRow row) {
            }

            @Override
            public void events(PatientEvents patient) {
            }
        }).orElseGet(() -> {
            try {
                return importer.forEachPatient(file, p -> { });
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }));
        return new Read(summaries, events);
    }

    @Test
    void aLatin1FileNamesTheLineAndByteOffsetAndReadsWithItsEncoding() throws Exception {
        String text = HEADER + "\nP1,khi,2016-01-01,,2017-01-01\nP2,Zürich,2016-02-01,,2017-01-01\n";
        Path latin1 = write("latin1.csv", text, StandardCharsets.ISO_8859_1);
        int offset = text.indexOf('ü'); // all characters before it are one byte in either encoding
        for (RegistryImporter utf8 : List.of(importer(StandardCharsets.UTF_8, null))) {
            assertThatThrownBy(() -> utf8.forEachEvent(latin1, e -> { })).isInstanceOf(RegistryImportException.class)
                    .hasMessage(latin1 + ":3: byte 0xFC at byte offset " + offset + " (byte 5 of the line) is not valid "
                            + "UTF-8; if the file was saved as Latin-1 or by Excel on Windows, give --encoding "
                            + "ISO-8859-1 or --encoding windows-1252")
                    .satisfies(e -> assertThat(((RegistryImportException) e).rejectedLine()).isFalse());
            assertThatThrownBy(() -> utf8.forEachPatientRecord(latin1, null)).hasMessageContaining(":3: byte 0xFC");
            assertThatThrownBy(() -> utf8.forEachPatient(latin1, p -> { })).hasMessageContaining(":3: byte 0xFC");
        }
        Read read = readAllWays(importer(StandardCharsets.ISO_8859_1, null), latin1);
        assertThat(read.events()).extracting(ClinicalEvent::site).contains("Zürich");
        read.summaries().forEach(s -> assertThat(s.rejectedCount()).isZero());

        // Windows-1252 has characters where Latin-1 has control codes (0x80 is the euro sign).
        Path cp1252 = write("cp1252.csv", HEADER + "\nP1,Köln €,2016-01-01,,\n", WINDOWS_1252);
        assertThat(readAllWays(importer(WINDOWS_1252, null), cp1252).events())
                .extracting(ClinicalEvent::site).contains("Köln €");
    }

    @Test
    void utf16AndBinaryFilesAreNamedAsSuch() throws Exception {
        Path utf16 = write("utf16.csv", "\uFEFF" + HEADER + "\nP1,khi,2016-01-01,,\n", StandardCharsets.UTF_16LE);
        assertThatThrownBy(() -> importer(StandardCharsets.UTF_8, null).forEachEvent(utf16, e -> { }))
                .hasMessage(utf16 + ":1: the file starts with a UTF-16 byte-order mark; save it as UTF-8 (or ISO-8859-1 "
                        + "or windows-1252 with --encoding)");
        // Without a byte-order mark UTF-16 decodes as UTF-8 with NUL bytes in between.
        Path noBom = write("utf16.txt", HEADER + "\nP1,khi,2016-01-01,,\n", StandardCharsets.UTF_16LE);
        assertThatThrownBy(() -> importer(StandardCharsets.UTF_8, null).forEachEvent(noBom, e -> { }))
                .hasMessageContaining(":1: header: the line holds NUL bytes");
        byte[] garbage = new byte[256];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (0x81 + 37 * i); // starts with a continuation byte, never a byte-order mark
        }
        Path binary = dir.resolve("data.bin");
        Files.write(binary, garbage);
        assertThatThrownBy(() -> importer(StandardCharsets.UTF_8, null).forEachEvent(binary, e -> { }))
                .hasMessageStartingWith(binary + ":1: byte 0x81 at byte offset 0 (byte 1 of the line) is not valid UTF-8");
    }

    @Test
    void aSemicolonTabOrPipeDelimitedHeaderIsNamed() throws Exception {
        for (String[] d : new String[][] {{";", "';' (semicolons"}, {"\t", "tabs"}, {"|", "'|' (pipes)"}}) {
            Path file = write("d.csv", HEADER.replace(",", d[0]) + "\nP1" + d[0] + "khi" + d[0] + "2016-01-01"
                    + d[0] + d[0] + "\n", StandardCharsets.UTF_8);
            assertThatThrownBy(() -> importer(StandardCharsets.UTF_8, null).forEachEvent(file, e -> { }))
                    .hasMessageStartingWith(file + ":1: header: the columns are separated by " + d[1])
                    .hasMessageContaining("export the file as comma-separated CSV");
        }
        // A comma-separated header that misses a column is still told so.
        Path missing = write("m.csv", "patient_id;x,site\nP1;x,khi\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> importer(StandardCharsets.UTF_8, null).forEachEvent(missing, e -> { }))
                .hasMessageContaining("required column patient_id is missing");
    }

    @Test
    void datesAfterTheAsOfDateAreNotedWithLineAndColumnInEveryReading() throws Exception {
        Path file = write("late.csv", HEADER + "\n"
                + "P1,khi,2016-01-01,2016-03-01,2019-01-01\n"
                + "P2,khi,2016-01-01,,2099-01-01\n"
                + "P3,khi,2016-01-01,2030-05-01,2030-06-01\n", StandardCharsets.UTF_8);
        Read read = readAllWays(importer(StandardCharsets.UTF_8, LocalDate.of(2024, 5, 1)), file);
        for (ImportSummary s : read.summaries()) {
            ImportNotes n = s.notes();
            assertThat(n.asOf()).isEqualTo(LocalDate.of(2024, 5, 1));
            assertThat(n.datesAfterAsOfCount()).isEqualTo(2);
            assertThat(n.datesAfterAsOf()).extracting(LineNote::toString).containsExactly(
                    file + ":3: last_contact_date: 2099-01-01 is after the as-of date 2024-05-01",
                    file + ":4: surgery_date: 2030-05-01 is after the as-of date 2024-05-01");
            assertThat(s.rejectedCount()).isZero();
        }
        // Without a reference date nothing is noted (the library default; the CLI passes today).
        assertThat(readAllWays(importer(StandardCharsets.UTF_8, null), file).summaries())
                .allSatisfy(s -> assertThat(s.notes().datesAfterAsOfCount()).isZero());

        Path jsonl = write("late.jsonl", "{\"eventId\":\"e1\",\"patientId\":\"P1\",\"site\":\"s\",\"occurredOn\":"
                + "\"2016-01-01\",\"type\":\"diagnosis\"}\n{\"eventId\":\"e2\",\"patientId\":\"P1\",\"site\":\"s\","
                + "\"occurredOn\":\"2099-01-01\",\"type\":\"follow-up\"}\n", StandardCharsets.UTF_8);
        assertThat(importer(StandardCharsets.UTF_8, LocalDate.of(2024, 5, 1)).forEachEvent(jsonl, e -> { }).notes()
                .datesAfterAsOf()).extracting(LineNote::toString)
                .containsExactly(jsonl + ":2: occurredOn: 2099-01-01 is after the as-of date 2024-05-01");
    }

    @Test
    void aPatientOnSeveralRowsIsReportedWithBothLineNumbersContiguousOrNot() throws Exception {
        Path contiguous = write("c.csv", HEADER + "\n"
                + "P1,khi,2016-01-01,,2017-01-01\n"
                + "P1,khi,2016-01-01,,2018-01-01\n"
                + "P2,khi,2016-01-01,,2017-01-01\n", StandardCharsets.UTF_8);
        for (ImportSummary s : readAllWays(importer(StandardCharsets.UTF_8, null), contiguous).summaries()) {
            assertThat(s.patients() == -1 || s.patients() == 2).isTrue();
            assertThat(s.notes().repeatedPatients()).extracting(LineNote::toString).containsExactly(
                    contiguous + ":3: patient_id: the same patient as line 2; the rows are merged into one patient");
        }
        Path apart = write("a.csv", HEADER + "\n"
                + "P1,khi,2016-01-01,,2017-01-01\n"
                + "P2,khi,2016-01-01,,2017-01-01\n"
                + "P3,khi,2016-01-01,,2017-01-01\n"
                + "P1,khi,2016-01-01,,2018-01-01\n"
                + "P3,khi,2016-01-01,,2019-01-01\n", StandardCharsets.UTF_8);
        for (ImportSummary s : readAllWays(importer(StandardCharsets.UTF_8, null), apart).summaries()) {
            assertThat(s.notes().repeatedPatientsCount()).isEqualTo(2);
            assertThat(s.notes().repeatedPatients()).extracting(LineNote::line, LineNote::note).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(5L, "the same patient as line 2; the rows are merged into "
                            + "one patient"),
                    org.assertj.core.groups.Tuple.tuple(6L, "the same patient as line 4; the rows are merged into "
                            + "one patient"));
            assertThat(s.notes().repeatedPatients()).allSatisfy(n -> assertThat(n.toString()).doesNotContain("P1"));
        }
        // JSON Lines has one event per line: a patient on many lines is the normal case, not a note.
        Path jsonl = write("p.jsonl", "{\"eventId\":\"e1\",\"patientId\":\"P1\",\"site\":\"s\",\"occurredOn\":"
                + "\"2016-01-01\",\"type\":\"diagnosis\"}\n{\"eventId\":\"e2\",\"patientId\":\"P1\",\"site\":\"s\","
                + "\"occurredOn\":\"2017-01-01\",\"type\":\"follow-up\"}\n", StandardCharsets.UTF_8);
        assertThat(importer(StandardCharsets.UTF_8, null).forEachEvent(jsonl, e -> { }).notes().repeatedPatientsCount())
                .isZero();
    }

    @Test
    void aHeaderOnlyFileHasNoRecordsAndNoPatients() throws Exception {
        Path file = write("h.csv", HEADER + "\n", StandardCharsets.UTF_8);
        Read read = readAllWays(importer(StandardCharsets.UTF_8, null), file);
        assertThat(read.summaries()).allSatisfy(s -> {
            assertThat(s.records()).isZero();
            assertThat(s.patients()).isIn(-1L, 0L);
        });
        assertThat(read.events()).isEmpty();
    }
}
