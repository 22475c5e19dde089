package org.followupmonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.synthetic.StudyCohortParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayEventsTest {

    /** What identifies an event apart from recordedAt (which the CSV importer takes from the file's mtime). */
    private static List<String> identities(List<ClinicalEvent> events) {
        return events.stream().map(e -> e.eventId() + "|" + e.patientId() + "|" + e.site() + "|" + e.occurredOn()
                + "|" + e.payload()).toList();
    }

    @Test
    void generatedCohortImportsLikeTheCommittedExampleOfTheSameSeed() throws Exception {
        ReplayEvents generated = ReplayEvents.fromGenerator(StudyCohortParameters.study(StudyCohortParameters.EXAMPLE_SEED),
                RegistryImporter.Options.defaults());
        ReplayEvents example = ReplayEvents.fromFile(Path.of("examples/study-cohort.csv"),
                RegistryImporter.Options.defaults());
        assertThat(generated.patients()).isEqualTo(StudyCohortParameters.STUDY_PATIENTS).isEqualTo(example.patients());
        assertThat(generated.summary().rejectedCount()).isZero();
        assertThat(identities(generated.events())).isEqualTo(identities(example.events()));
        assertThat(generated.firstDate()).isEqualTo(example.firstDate());
        assertThat(generated.toString()).doesNotContain("SYN-");
    }

    /** The stream has no reference date: a replay holds back the patients the batch flags DATE_AFTER_AS_OF. */
    @Test
    void patientsWithADateAfterTheAsOfDateAreHeldBackWholeAndCounted(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("late.jsonl"), String.join("\n",
                event("e1", "P1", "2016-01-01", "diagnosis"), event("e2", "P1", "2017-01-01", "follow-up"),
                event("e3", "P2", "2016-01-01", "diagnosis"), event("e4", "P2", "2099-01-01", "follow-up"),
                // P3's future contact was retracted: nothing in effect is late, so P3 is sent.
                event("e5", "P3", "2016-01-01", "diagnosis"), event("e6", "P3", "2099-01-01", "follow-up"),
                "{\"eventId\":\"e7\",\"patientId\":\"P3\",\"site\":\"s\",\"occurredOn\":\"2018-01-01\","
                        + "\"type\":\"retraction\",\"payload\":{\"retractedEventId\":\"e6\"}}") + "\n");
        RegistryImporter.Options asOf = RegistryImporter.Options.defaults().withAsOf(LocalDate.of(2024, 5, 1));
        ReplayEvents events = ReplayEvents.fromFile(file, asOf);
        assertThat(events.heldBack()).isEqualTo(1);
        assertThat(events.patients()).isEqualTo(2);
        assertThat(events.events()).extracting(ClinicalEvent::patientId).containsExactly("P1", "P1", "P3", "P3", "P3");
        assertThat(events.summary().notes().datesAfterAsOfCount()).isEqualTo(2);
        // Without a reference date everything is sent.
        ReplayEvents all = ReplayEvents.fromFile(file, RegistryImporter.Options.defaults());
        assertThat(all.heldBack()).isZero();
        assertThat(all.events()).hasSize(7);
    }

    private static String event(String id, String patient, String date, String type) {
        return "{\"eventId\":\"" + id + "\",\"patientId\":\"" + patient + "\",\"site\":\"s\",\"occurredOn\":\""
                + date + "\",\"type\":\"" + type + "\"}";
    }

    @Test
    void pseudonymisedImportHidesTheIds() throws Exception {
        ReplayEvents events = ReplayEvents.fromFile(Path.of("examples/registry-example.csv"),
                new RegistryImporter.Options(false, Optional.of("k")));
        assertThat(events.events()).isNotEmpty();
        assertThat(events.events()).allSatisfy(e -> assertThat(e.patientId()).hasSize(64).doesNotStartWith("P0"));
    }
}
