package org.followupmonitor.events.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.followupmonitor.events.ClinicalEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed-row reading of the batch path: the same lines accepted and rejected, with the same messages, as the
 * event reading every other command uses; the pipelined reading identical to the sequential one; one-row
 * patients handed out typed, several-row patients as events.
 */
class CsvRowReadingTest {
    private static final String HEADER = String.join(",", CsvRegistryReader.COLUMNS);

    @TempDir
    Path dir;

    private static String row(String... pairs) {
        String[] cells = new String[CsvRegistryReader.COLUMNS.size()];
        java.util.Arrays.fill(cells, "");
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            cells[CsvRegistryReader.COLUMNS.indexOf(pair.substring(0, eq))] = pair.substring(eq + 1);
        }
        return String.join(",", cells);
    }

    /** Good rows and one of each kind of bad row. */
    private static List<String> mixedLines() {
        return List.of(HEADER,
                row("patient_id=P1", "diagnosis_date=2015-01-02", "grade=G2", "t_stage=T4", "er=positive",
                        "pr=NEGATIVE", "her2=negative", "ki67=35%", "metastasis_sites=bone; Liver;bone",
                        "control_date=2015-06-01", "response=partial", "surgery_date=2015-08-01",
                        "chemotherapy_date=2015-01-20", "death_date=2017-03-04", "death_cause=breast-cancer",
                        "last_contact_date=2017-03-04"),
                row("patient_id=P2", "diagnosis_date=2015-02-30"),
                row("patient_id=P3", "diagnosis_date=2015-01-02", "grade=7"),
                row("patient_id=P4", "diagnosis_date=2015-01-02", "response=complete"),
                row("patient_id=P5", "diagnosis_date=2015-01-02", "er=maybe"),
                row("patient_id=", "diagnosis_date=2015-01-02"),
                "P7,x,2015-01-02",
                row("patient_id=P8", "diagnosis_date=1016-01-02"),
                row("patient_id=P9", "diagnosis_date=\"2015-01-02\"", "site=\"A, B\"", "age= 61 "),
                "\"P10,unterminated",
                "",
                row("patient_id=P11", "diagnosis_date=2015-1-2"),
                row("patient_id=P12", "diagnosis_date=2016-02-29", "last_contact_date=2020-12-31"));
    }

    private record Seen(List<String> accepted, List<Rejection> rejected) {}

    private static Seen readRows(List<String> lines, boolean pipelined) throws Exception {
        CsvRegistryReader reader = new CsvRegistryReader("f.csv", UnaryOperator.identity(), Instant.EPOCH);
        List<String> accepted = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        reader.readRows(new BufferedReader(new StringReader(String.join("\n", lines))),
                new CsvRegistryReader.RowVisitor() {
                    @Override
                    public void row(long line, String rawId, CsvPatientRow row) {
                        accepted.add(line + ":" + rawId + ":" + reader.events(rawId, row));
                    }

                    @Override
                    public void rejected(Rejection rejection) {
                        rejected.add(rejection);
                    }
                }, pipelined);
        return new Seen(accepted, rejected);
    }

    private static Seen readEvents(List<String> lines) throws Exception {
        CsvRegistryReader reader = new CsvRegistryReader("f.csv", UnaryOperator.identity(), Instant.EPOCH);
        List<String> accepted = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        reader.read(new BufferedReader(new StringReader(String.join("\n", lines))), new RecordVisitor() {
            @Override
            public void events(long line, List<ClinicalEvent> events) {
                accepted.add(line + ":" + events.get(0).patientId() + ":" + events);
            }

            @Override
            public void rejected(Rejection rejection) {
                rejected.add(rejection);
            }
        });
        return new Seen(accepted, rejected);
    }

    @Test
    void typedRowsAcceptAndRejectWhatTheEventReadingDoesWithTheSameMessages() throws Exception {
        Seen rows = readRows(mixedLines(), false);
        Seen events = readEvents(mixedLines());
        assertThat(rows).isEqualTo(events);
        assertThat(rows.accepted()).hasSize(3);
        assertThat(rows.rejected()).extracting(Rejection::field, Rejection::reason).contains(
                org.assertj.core.groups.Tuple.tuple("diagnosis_date", "'2015-02-30' is not a date yyyy-mm-dd"),
                org.assertj.core.groups.Tuple.tuple("grade", "7 is outside 1-3"),
                org.assertj.core.groups.Tuple.tuple("response", "given without control_date"),
                org.assertj.core.groups.Tuple.tuple("diagnosis_date", "'1016-01-02' is outside the years 1900-2199"),
                org.assertj.core.groups.Tuple.tuple("diagnosis_date", "'2015-1-2' is not a date yyyy-mm-dd"));
    }

    @Test
    void enumCellsReadAsLabelsParseReadsThem() throws Exception {
        // Exact labels (matched in place), other spellings (left to Labels.parse) and unknown values.
        List<String> texts = List.of("positive", "negative", "unknown", "POSITIVE", " negative ", "Unknown",
                "luminal-b-her2", "LUMINAL_B_HER2", "triple-negative", "maybe", "complete", "partial");
        for (String text : texts) {
            List<String> lines = List.of(HEADER, row("patient_id=P", "diagnosis_date=2015-01-02", "er=" + text),
                    row("patient_id=P", "diagnosis_date=2015-01-02", "subtype=" + text));
            Seen seen = readRows(lines, false);
            Object er;
            try {
                er = org.followupmonitor.events.Labels.parse(
                        org.followupmonitor.events.avro.ReceptorStatus.class, text.trim()); // cells are trimmed
            } catch (IllegalArgumentException e) {
                er = e.getMessage();
            }
            Object subtype;
            try {
                subtype = org.followupmonitor.events.Labels.parse(org.followupmonitor.events.avro.Subtype.class,
                        text.trim());
            } catch (IllegalArgumentException e) {
                subtype = e.getMessage();
            }
            List<Object> got = new ArrayList<>();
            CsvRegistryReader reader = new CsvRegistryReader("f.csv", UnaryOperator.identity(), Instant.EPOCH);
            reader.readRows(new BufferedReader(new StringReader(String.join("\n", lines))),
                    new CsvRegistryReader.RowVisitor() {
                        @Override
                        public void row(long line, String rawId, CsvPatientRow row) {
                            got.add(line == 2 ? row.diagnosis().er() : row.diagnosis().subtype());
                        }

                        @Override
                        public void rejected(Rejection rejection) {
                            got.add(rejection.reason());
                        }
                    }, false);
            assertThat(got).as(text).containsExactly(er, subtype);
            assertThat(seen.accepted().size() + seen.rejected().size()).isEqualTo(2);
        }
    }

    @Test
    void pipelinedReadingEqualsSequentialReading() throws Exception {
        List<String> lines = new ArrayList<>(List.of(HEADER));
        Random rnd = new Random(42);
        System.out.println("CsvRowReadingTest seed=42");
        List<String> mixed = mixedLines().subList(1, mixedLines().size());
        // Several batches of the pipeline, with bad lines scattered.
        for (int i = 0; i < 10_000; i++) {
            lines.add(rnd.nextInt(50) == 0 ? mixed.get(rnd.nextInt(mixed.size()))
                    : row("patient_id=Q" + i, "diagnosis_date=2010-0" + (1 + rnd.nextInt(9)) + "-1" + rnd.nextInt(10),
                            "grade=" + (1 + rnd.nextInt(3)), "death_date=2019-01-01"));
        }
        Seen sequential = readRows(lines, false);
        Seen pipelined = readRows(lines, true);
        assertThat(pipelined).isEqualTo(sequential);
        assertThat(sequential.rejected()).isNotEmpty();
        assertThat(sequential.accepted().size()).isGreaterThan(9_000);
    }

    @Test
    void strictModeFailsOnTheFirstBadLineInBothReadings() throws Exception {
        Path file = dir.resolve("strict.csv");
        Files.write(file, mixedLines());
        RegistryImporter strict = new RegistryImporter(new RegistryImporter.Options(true, Optional.empty()));
        String expected = null;
        try {
            strict.forEachPatient(file, p -> { });
        } catch (RegistryImportException e) {
            expected = e.getMessage();
        }
        assertThat(expected).contains(":3:").contains("strict mode");
        assertThatThrownBy(() -> strict.forEachPatientRecord(file, new RegistryImporter.PatientSink() {
            @Override
            public void row(CsvPatientRow row) {
            }

            @Override
            public void events(PatientEvents patient) {
            }
        })).isInstanceOf(RegistryImportException.class).hasMessage(expected);
    }

    @Test
    void oneRowPatientsComeTypedAndSeveralRowPatientsAsTheirEvents() throws Exception {
        Path file = dir.resolve("grouped.csv");
        Files.write(file, List.of(HEADER,
                row("patient_id=A", "diagnosis_date=2015-01-02", "last_contact_date=2016-01-01"),
                row("patient_id=B", "diagnosis_date=2015-01-02"),
                row("patient_id=B", "diagnosis_date=2015-01-02", "death_date=2016-05-05"),
                row("patient_id=C", "diagnosis_date=2015-03-02")));
        RegistryImporter importer = new RegistryImporter(new RegistryImporter.Options(false, Optional.of("key")));
        List<CsvPatientRow> typed = new ArrayList<>();
        List<PatientEvents> multi = new ArrayList<>();
        Optional<ImportSummary> summary = importer.forEachPatientRecord(file, new RegistryImporter.PatientSink() {
            @Override
            public void row(CsvPatientRow row) {
                typed.add(row);
            }

            @Override
            public void events(PatientEvents patient) {
                multi.add(patient);
            }
        });
        List<PatientEvents> reference = new ArrayList<>();
        ImportSummary expected = importer.forEachPatient(file, reference::add);
        assertThat(summary).contains(expected);
        assertThat(typed).extracting(CsvPatientRow::diagnosisDate)
                .containsExactly(LocalDate.of(2015, 1, 2), LocalDate.of(2015, 3, 2));
        assertThat(multi).containsExactly(reference.get(1));
        assertThat(multi.get(0).patientId()).isNotEqualTo("B"); // pseudonymised as forEachPatient does
    }

    @Test
    void interleavedRowsAreReportedSoTheCallerCanReadAgainGrouped() throws Exception {
        Path file = dir.resolve("interleaved.csv");
        Files.write(file, List.of(HEADER, row("patient_id=A", "diagnosis_date=2015-01-02"),
                row("patient_id=B", "diagnosis_date=2015-01-02"),
                row("patient_id=A", "diagnosis_date=2015-01-02", "death_date=2016-05-05")));
        Optional<ImportSummary> summary = new RegistryImporter(RegistryImporter.Options.defaults())
                .forEachPatientRecord(file, new RegistryImporter.PatientSink() {
                    @Override
                    public void row(CsvPatientRow row) {
                    }

                    @Override
                    public void events(PatientEvents patient) {
                    }
                });
        assertThat(summary).isEmpty();
    }
}
