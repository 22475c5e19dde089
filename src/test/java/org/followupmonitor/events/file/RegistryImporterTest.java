package org.followupmonitor.events.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.EventSamples;
import org.followupmonitor.events.Payload;
import org.followupmonitor.events.avro.ReceptorStatus;
import org.followupmonitor.events.avro.ResponseCategory;
import org.followupmonitor.events.avro.Subtype;
import org.followupmonitor.events.avro.TherapyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryImporterTest {
    private static final String HEADER = String.join(",", CsvRegistryReader.COLUMNS);

    @TempDir
    Path dir;

    private final RegistryImporter lenient = new RegistryImporter(RegistryImporter.Options.defaults());

    /** A CSV row from column=value pairs; other columns empty. */
    private static String row(String... pairs) {
        String[] cells = new String[CsvRegistryReader.COLUMNS.size()];
        java.util.Arrays.fill(cells, "");
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            cells[CsvRegistryReader.COLUMNS.indexOf(pair.substring(0, eq))] = pair.substring(eq + 1);
        }
        return String.join(",", cells);
    }

    private Path csv(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
        return file;
    }

    private List<PatientEvents> patients(RegistryImporter importer, Path file, ImportSummary[] summary)
            throws Exception {
        List<PatientEvents> out = new ArrayList<>();
        summary[0] = importer.forEachPatient(file, out::add);
        return out;
    }

    @Test
    void aCsvRowBecomesTheEventsItImplies() throws Exception {
        Path file = csv("r.csv", HEADER, row("patient_id=P1", "site=khi", "diagnosis_date=2016-01-01", "age=50",
                "grade=III", "t_stage=T4", "n_stage=N1", "positive_nodes=3", "er=positive", "pr=negative",
                "her2=negative", "ki67=25%", "metastasis_sites=bone;Lung", "control_date=2016-06-01",
                "response=partial", "surgery_date=2016-07-01", "procedure=mastectomy", "margin=R0",
                "chemotherapy_date=2016-01-15", "radiotherapy_date=2016-08-01", "hormonal_date=2016-09-01",
                "anti_her2_date=2016-01-15", "recurrence_date=2017-01-01", "recurrence_site=distant",
                "death_date=2018-01-01", "death_cause=breast-cancer", "last_contact_date=2017-12-01"));
        ImportSummary[] summary = new ImportSummary[1];
        List<PatientEvents> patients = patients(lenient, file, summary);
        assertThat(patients).hasSize(1);
        List<ClinicalEvent> events = patients.get(0).events();
        assertThat(events).extracting(ClinicalEvent::type).containsExactly("diagnosis", "systemic-response",
                "surgery", "therapy", "therapy", "therapy", "therapy", "recurrence", "death", "follow-up");
        Payload.Diagnosis dx = (Payload.Diagnosis) events.get(0).payload();
        assertThat(dx).isEqualTo(new Payload.Diagnosis(50, 3, 4, 1, 3, ReceptorStatus.POSITIVE,
                ReceptorStatus.NEGATIVE, ReceptorStatus.NEGATIVE, 25.0, null, List.of("bone", "lung")));
        assertThat(events.get(1).payload()).isEqualTo(new Payload.SystemicResponse(ResponseCategory.PARTIAL, true));
        assertThat(events).allSatisfy(e -> {
            assertThat(e.site()).isEqualTo("khi");
            assertThat(e.recordedAt()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        });
        assertThat(summary[0].eventsByType()).containsEntry("therapy", 4L).containsEntry("retraction", 0L);
        assertThat(summary[0].events()).isEqualTo(10);
        assertThat(summary[0].patients()).isEqualTo(1);
    }

    @Test
    void headerColumnsMayComeInAnyOrderAndUnknownOnesAreReportedOnce() throws Exception {
        Path file = csv("r.csv", "death_date,mrn,Diagnosis_Date,patient_id,subtype",
                "2019-01-01,x,2016-01-01,P1,luminal-a", ",y,2016-02-01,P2,triple-negative");
        ImportSummary[] summary = new ImportSummary[1];
        List<PatientEvents> patients = patients(lenient, file, summary);
        assertThat(summary[0].unknownColumns()).containsExactly("mrn");
        assertThat(patients).hasSize(2);
        assertThat(((Payload.Diagnosis) patients.get(0).events().get(0).payload()).subtype())
                .isEqualTo(Subtype.LUMINAL_A);
        assertThat(patients.get(0).events()).extracting(ClinicalEvent::type).containsExactly("diagnosis", "death");
        assertThat(patients.get(0).events().get(0).site()).isEqualTo("unknown");
    }

    @Test
    void badRowsAreReportedWithFileLineAndFieldAndTheRestImports() throws Exception {
        Path file = csv("bad.csv", HEADER,
                row("patient_id=P1", "diagnosis_date=2016-01-01", "grade=4"),
                row("patient_id=P2", "diagnosis_date=2016-01-01"),
                "",
                row("patient_id=P3", "diagnosis_date=01/02/2016"),
                row("patient_id=P4", "diagnosis_date=2016-01-01", "er=maybe"),
                row("patient_id=P5", "diagnosis_date=2016-01-01", "procedure=mastectomy"),
                row("diagnosis_date=2016-01-01"),
                row("patient_id=P7", "diagnosis_date=2016-01-01", "t_stage=T9"),
                "P8,2016-01-01",
                row("patient_id=P9", "diagnosis_date=2016-01-01", "ki67=150"),
                row("patient_id=\"P10", "diagnosis_date=2016-01-01"));
        ImportSummary[] summary = new ImportSummary[1];
        List<PatientEvents> patients = patients(lenient, file, summary);
        assertThat(patients).hasSize(1);
        assertThat(summary[0].rejectedCount()).isEqualTo(9);
        assertThat(summary[0].records()).isEqualTo(10);
        assertThat(summary[0].rejections()).extracting(Rejection::line, Rejection::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2L, "grade"),
                org.assertj.core.groups.Tuple.tuple(5L, "diagnosis_date"),
                org.assertj.core.groups.Tuple.tuple(6L, "er"),
                org.assertj.core.groups.Tuple.tuple(7L, "procedure"),
                org.assertj.core.groups.Tuple.tuple(8L, "patient_id"),
                org.assertj.core.groups.Tuple.tuple(9L, "t_stage"),
                org.assertj.core.groups.Tuple.tuple(10L, "(record)"),
                org.assertj.core.groups.Tuple.tuple(11L, "ki67"),
                org.assertj.core.groups.Tuple.tuple(12L, "(record)"));
        assertThat(summary[0].rejections().get(0).toString()).startsWith(file + ":2: grade: ");
        assertThat(summary[0].rejections().get(2).reason())
                .isEqualTo("unknown value 'maybe'; expected one of positive, negative, unknown");
        assertThat(summary[0].rejections().stream().map(Rejection::toString).collect(Collectors.joining()))
                .doesNotContain("P1", "P3", "P4", "P5", "P7", "P9");
    }

    @Test
    void strictModeFailsOnTheFirstBadLine() throws Exception {
        Path file = csv("bad.csv", HEADER, row("patient_id=P1", "diagnosis_date=2016-01-01"),
                row("patient_id=P2", "diagnosis_date=2016-01-01", "grade=0"));
        RegistryImporter strict = new RegistryImporter(new RegistryImporter.Options(true, Optional.empty()));
        assertThatThrownBy(() -> strict.forEachEvent(file, e -> { }))
                .isInstanceOf(RegistryImportException.class).hasMessageContaining("bad.csv:3: grade:");
    }

    @Test
    void aMissingRequiredColumnOrFileIsAFileLevelError() throws Exception {
        Path noDate = csv("h.csv", "patient_id,site", "P1,khi");
        assertThatThrownBy(() -> lenient.forEachEvent(noDate, e -> { })).isInstanceOf(RegistryImportException.class)
                .hasMessageContaining("h.csv:1: header: required column diagnosis_date is missing");
        assertThatThrownBy(() -> lenient.forEachEvent(dir.resolve("absent.csv"), e -> { }))
                .isInstanceOf(RegistryImportException.class).hasMessageContaining("absent.csv: file not found");
    }

    @Test
    void csvEventIdsAreDeterministicSoReimportIsIdempotent() throws Exception {
        String r = row("patient_id=P1", "diagnosis_date=2016-01-01", "chemotherapy_date=2016-02-01",
                "hormonal_date=2016-02-01", "last_contact_date=2017-01-01");
        List<ClinicalEvent> first = new ArrayList<>();
        List<ClinicalEvent> second = new ArrayList<>();
        lenient.forEachEvent(csv("a.csv", HEADER, r), first::add);
        lenient.forEachEvent(csv("b.csv", HEADER, r), second::add);
        assertThat(second).isEqualTo(first);
        assertThat(first).extracting(ClinicalEvent::eventId).doesNotHaveDuplicates();
        List<ClinicalEvent> other = new ArrayList<>();
        lenient.forEachEvent(csv("c.csv", HEADER, r.replace("P1", "P2")), other::add);
        assertThat(other.get(0).eventId()).isNotEqualTo(first.get(0).eventId());
    }

    @Test
    void pseudonymisationReplacesIdsWithKeyedHmacBeforeIdsAreDerived() throws Exception {
        Path file = csv("p.csv", HEADER, row("patient_id=P1", "diagnosis_date=2016-01-01"));
        RegistryImporter keyed = new RegistryImporter(new RegistryImporter.Options(false, Optional.of("secret")));
        List<ClinicalEvent> events = new ArrayList<>();
        keyed.forEachEvent(file, events::add);
        // Oracle: printf P1 | openssl dgst -sha256 -hmac secret
        assertThat(events.get(0).patientId())
                .isEqualTo("17761940192b0358426d3cd116577a4db14925acad566691309ef26fe8a426f3")
                .isNotEqualTo(new Pseudonymizer("other").apply("P1"));
        List<ClinicalEvent> plain = new ArrayList<>();
        lenient.forEachEvent(file, plain::add);
        assertThat(events.get(0).eventId()).isNotEqualTo(plain.get(0).eventId());
    }

    @Test
    void hmacMatchesTheRfc4231TestVector() {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
        assertThat(new Pseudonymizer("Jefe").apply("what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void jsonLinesAreReadWithLineNumbersAndInterleavedPatientsAreGrouped() throws Exception {
        List<String> lines = new ArrayList<>();
        for (ClinicalEvent e : EventSamples.onePerType().subList(0, 7)) {
            lines.add(EventJson.write(e));
            lines.add(EventJson.write(new ClinicalEvent(e.eventId() + "-b", "patient-b", "s2", e.occurredOn(), null,
                    e.payload())));
        }
        lines.add(3, "{\"eventId\": broken");
        Path file = dir.resolve("events.jsonl");
        Files.write(file, lines);
        ImportSummary[] summary = new ImportSummary[1];
        List<PatientEvents> patients = patients(lenient, file, summary);
        assertThat(patients).extracting(PatientEvents::patientId).containsExactly("patient-a", "patient-b");
        assertThat(patients).allSatisfy(p -> assertThat(p.events()).hasSize(7));
        assertThat(summary[0].rejections()).extracting(Rejection::line, Rejection::field)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(4L, "(record)"));
        assertThat(summary[0].format()).isEqualTo(FileFormat.JSON_LINES);
        assertThat(summary[0].patients()).isEqualTo(2);
    }

    @Test
    void aPatientGroupedFileIsStreamedPatientByPatient() throws Exception {
        // 200 patients, each contiguous: every patient must arrive before the next one's first event is read.
        List<String> lines = new ArrayList<>(List.of(HEADER));
        IntStream.range(0, 200).forEach(i -> lines.add(row("patient_id=P" + i, "diagnosis_date=2016-01-01",
                "chemotherapy_date=2016-02-01")));
        Path file = csv("many.csv", lines.toArray(String[]::new));
        List<String> order = new ArrayList<>();
        ImportSummary summary = lenient.forEachPatient(file, p -> order.add(p.patientId()));
        assertThat(order).hasSize(200).doesNotHaveDuplicates().startsWith("P0", "P1", "P2");
        assertThat(summary.events()).isEqualTo(400);
    }

    @Test
    void quotedCsvFieldsMayHoldCommasAndQuotes() throws Exception {
        assertThat(CsvRegistryReader.split("a,\"b,c\",\"say \"\"hi\"\"\",")).containsExactly("a", "b,c",
                "say \"hi\"", "");
        assertThatThrownBy(() -> CsvRegistryReader.split("a,\"open")).isInstanceOf(EventFormatException.class);
    }

    @Test
    void formatIsDetectedByExtensionThenContent() throws Exception {
        Path j = Files.writeString(dir.resolve("x.txt"), "  {\"a\":1}\n");
        Path c = Files.writeString(dir.resolve("y.txt"), "patient_id,diagnosis_date\n");
        assertThat(FileFormat.detect(j)).isEqualTo(FileFormat.JSON_LINES);
        assertThat(FileFormat.detect(c)).isEqualTo(FileFormat.CSV);
        assertThat(FileFormat.detect(dir.resolve("z.ndjson"))).isEqualTo(FileFormat.JSON_LINES);
    }

    @Test
    void therapyTypesKeepTheirOwnEventIdsOnTheSameDate() throws Exception {
        List<ClinicalEvent> events = new ArrayList<>();
        lenient.forEachEvent(csv("t.csv", HEADER, row("patient_id=P1", "diagnosis_date=2016-01-01",
                "chemotherapy_date=2016-02-01", "anti_her2_date=2016-02-01")), events::add);
        assertThat(events).filteredOn(e -> e.payload() instanceof Payload.Therapy)
                .extracting(e -> ((Payload.Therapy) e.payload()).therapy())
                .containsExactly(TherapyType.CHEMOTHERAPY, TherapyType.ANTI_HER2);
        assertThat(events).extracting(ClinicalEvent::eventId).doesNotHaveDuplicates();
    }
}
