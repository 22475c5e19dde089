package org.followupmonitor.synthetic;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.PatientTimeline;
import org.followupmonitor.events.Payload;
import org.followupmonitor.events.avro.FollowUpStatus;
import org.followupmonitor.events.file.EventJson;
import org.followupmonitor.events.file.RegistryImportException;
import org.followupmonitor.events.file.RegistryImporter;

/**
 * The synthetic cohort as a live registry records it: the events of each generated row (through the one CSV-to-event
 * path, the importer) plus a follow-up contact every 3 to 6 months from the diagnosis until the death or the last
 * contact, as JSON Lines. The CSV form carries one last-contact date per patient, so in a date-ordered replay every
 * survivor looks censored at their time origin until that date arrives, and survival estimates sink far below their
 * final values; with contacts a replay in date order shows, on each date, what the registry knew then.
 *
 * <p>Output is a pure function of the parameters: contacts are drawn from a stream seeded by the parameters' seed and
 * the patient's number, apart from the generator's own stream, so the rows (and the CSV) are the same with or without
 * contacts. Every event is stamped as recorded the day after it happened, at 09:00 UTC. Event ids are name-based: a
 * row's events keep the ids the CSV import gives them, contacts get ids of (patient, date), so loading both forms of a
 * cohort counts nothing twice.
 */
public final class StudyCohortEvents {
    /** Shortest gap between two follow-up contacts, days (3 months). */
    static final int MIN_GAP_DAYS = 91;
    /** Longest gap between two follow-up contacts, days (6 months). */
    static final int MAX_GAP_DAYS = 183;

    private StudyCohortEvents() {
    }

    /**
     * Writes the cohort's events as JSON Lines, patient by patient in row order, each patient's in date order.
     * The writer is flushed, not closed.
     *
     * @return the number of patients written
     * @throws IOException if the writer or the temporary CSV fails
     */
    public static long writeJsonLines(StudyCohortParameters parameters, Writer out) throws IOException {
        Path csv = Files.createTempFile("followup-monitor-cohort-", ".csv");
        try {
            new StudyCohortGenerator(parameters).writeCsv(csv);
            long[] patients = {0};
            new RegistryImporter(RegistryImporter.Options.defaults()).forEachPatient(csv, p -> {
                List<ClinicalEvent> events = withContacts(p.events(), parameters.seed(), patients[0]++);
                try {
                    for (ClinicalEvent e : events) {
                        out.write(EventJson.write(e));
                        out.write('\n');
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            out.flush();
            return patients[0];
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (RegistryImportException e) {
            // The generator writes what the importer reads; a rejection here is a bug in one of them.
            throw new IllegalStateException("generated cohort did not import: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    /**
     * Writes the JSON Lines to a file (UTF-8), creating parent directories.
     *
     * @return the number of patients written
     * @throws IOException if the file cannot be written
     */
    public static long writeJsonLines(StudyCohortParameters parameters, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            return writeJsonLines(parameters, w);
        }
    }

    /**
     * One patient's events with follow-up contacts added every 3 to 6 months (uniform in whole days) from the
     * diagnosis, strictly before the patient's last event (the death, or the last contact), and every event stamped
     * as recorded the day after it happened; in timeline order.
     */
    static List<ClinicalEvent> withContacts(List<ClinicalEvent> events, long seed, long patientNumber) {
        List<ClinicalEvent> out = new ArrayList<>(events.size() + 24);
        for (ClinicalEvent e : events) {
            out.add(new ClinicalEvent(e.eventId(), e.patientId(), e.site(), e.occurredOn(), recorded(e.occurredOn()),
                    e.payload()));
        }
        ClinicalEvent diagnosis = events.stream().filter(e -> e.payload() instanceof Payload.Diagnosis)
                .min(Comparator.comparing(ClinicalEvent::occurredOn)).orElse(null);
        if (diagnosis != null) {
            LocalDate end = events.stream().map(ClinicalEvent::occurredOn).max(LocalDate::compareTo).orElseThrow();
            SplitMix64 rng = new SplitMix64(seed ^ (0x632BE59BD9B4E019L * (patientNumber + 1)));
            for (LocalDate d = diagnosis.occurredOn().plusDays(rng.between(MIN_GAP_DAYS, MAX_GAP_DAYS));
                    d.isBefore(end); d = d.plusDays(rng.between(MIN_GAP_DAYS, MAX_GAP_DAYS))) {
                String name = "gen|" + diagnosis.patientId() + "|follow-up|" + d;
                out.add(new ClinicalEvent(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString(),
                        diagnosis.patientId(), diagnosis.site(), d, recorded(d),
                        new Payload.FollowUp(FollowUpStatus.ALIVE_WITH_DISEASE)));
            }
        }
        out.sort(PatientTimeline.ORDER);
        return out;
    }

    private static java.time.Instant recorded(LocalDate d) {
        return d.plusDays(1).atTime(9, 0).toInstant(ZoneOffset.UTC);
    }
}
