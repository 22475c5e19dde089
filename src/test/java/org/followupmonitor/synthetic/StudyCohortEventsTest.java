package org.followupmonitor.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.Payload;
import org.followupmonitor.events.file.RegistryImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cohort as a live registry records it: the CSV's events plus a follow-up contact every 3-6 months from the
 * diagnosis until the death or last contact, nothing after a death, deterministic, and the same analysis at the end.
 */
class StudyCohortEventsTest {
    @TempDir
    Path dir;

    private static Map<String, List<ClinicalEvent>> byPatient(Path file) throws Exception {
        Map<String, List<ClinicalEvent>> out = new LinkedHashMap<>();
        new RegistryImporter(RegistryImporter.Options.defaults()).forEachPatient(file,
                p -> out.put(p.patientId(), new ArrayList<>(p.events())));
        return out;
    }

    @Test
    void everyPatientIsSeenEveryThreeToSixMonthsUntilDeathOrLastContact() throws Exception {
        StudyCohortParameters p = StudyCohortParameters.study(17).withPatients(150);
        Path csv = dir.resolve("c.csv");
        Path jsonl = dir.resolve("c.jsonl");
        new StudyCohortGenerator(p).writeCsv(csv);
        assertThat(StudyCohortEvents.writeJsonLines(p, jsonl)).isEqualTo(150);
        Map<String, List<ClinicalEvent>> rows = byPatient(csv);
        Map<String, List<ClinicalEvent>> live = byPatient(jsonl);
        assertThat(live.keySet()).isEqualTo(rows.keySet());
        int contacts = 0;
        for (String id : rows.keySet()) {
            List<ClinicalEvent> base = rows.get(id);
            List<ClinicalEvent> events = live.get(id);
            // The row's events are all there, under the same ids, recorded the day after they happened.
            Set<String> ids = events.stream().map(ClinicalEvent::eventId).collect(Collectors.toSet());
            assertThat(ids).containsAll(base.stream().map(ClinicalEvent::eventId).toList());
            events.forEach(e -> assertThat(e.recordedAt()).isEqualTo(
                    e.occurredOn().plusDays(1).atTime(9, 0).toInstant(java.time.ZoneOffset.UTC)));
            LocalDate diagnosis = base.stream().filter(e -> e.payload() instanceof Payload.Diagnosis).findFirst()
                    .orElseThrow().occurredOn();
            LocalDate end = base.stream().map(ClinicalEvent::occurredOn).max(LocalDate::compareTo).orElseThrow();
            Set<String> rowIds = base.stream().map(ClinicalEvent::eventId).collect(Collectors.toSet());
            List<ClinicalEvent> contactEvents = events.stream().filter(e -> !rowIds.contains(e.eventId())).toList();
            assertThat(contactEvents).allMatch(e -> e.payload() instanceof Payload.FollowUp);
            List<LocalDate> added = contactEvents.stream().map(ClinicalEvent::occurredOn).toList();
            // Gaps of 91-183 days from the diagnosis, strictly before the last event (death or last contact).
            LocalDate previous = diagnosis;
            for (LocalDate d : added) {
                assertThat(ChronoUnit.DAYS.between(previous, d)).isBetween(91L, 183L);
                assertThat(d).isBefore(end);
                previous = d;
            }
            assertThat(ChronoUnit.DAYS.between(previous, end)).isLessThanOrEqualTo(183L);
            contacts += added.size();
        }
        assertThat(contacts).isGreaterThan(150 * 5);

        StringWriter again = new StringWriter();
        StudyCohortEvents.writeJsonLines(p, again);
        assertThat(again.toString()).isEqualTo(Files.readString(jsonl));
    }
}
