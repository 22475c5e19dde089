package org.followupmonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.synthetic.StudyCohortParameters;
import org.junit.jupiter.api.Test;

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

    @Test
    void pseudonymisedImportHidesTheIds() throws Exception {
        ReplayEvents events = ReplayEvents.fromFile(Path.of("examples/registry-example.csv"),
                new RegistryImporter.Options(false, Optional.of("k")));
        assertThat(events.events()).isNotEmpty();
        assertThat(events.events()).allSatisfy(e -> assertThat(e.patientId()).hasSize(64).doesNotStartWith("P0"));
    }
}
