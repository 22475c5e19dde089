package org.followupmonitor.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.PatientTimeline;
import org.followupmonitor.events.file.ImportSummary;
import org.followupmonitor.events.file.RegistryImportException;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.synthetic.StudyCohortEvents;
import org.followupmonitor.synthetic.StudyCohortGenerator;
import org.followupmonitor.synthetic.StudyCohortParameters;

/**
 * Events to replay, read into memory (a replay in date order has to see them all before the first goes
 * out), with what the import found. Holds patient ids: never print it whole ({@link #toString()} does not).
 *
 * @param events   the accepted events in file order
 * @param summary  the importer's summary (rejections with line and field, counts by type)
 * @param patients distinct patient ids among the events
 * @param heldBack patients left out because an event of theirs in effect is dated after the import's reference date
 *     (the batch flags them {@code DATE_AFTER_AS_OF}; the stream, which has no reference date, would count them)
 */
public record ReplayEvents(List<ClinicalEvent> events, ImportSummary summary, long patients, long heldBack) {
    public ReplayEvents {
        events = List.copyOf(events);
        Objects.requireNonNull(summary, "summary");
    }

    /** Nothing held back. */
    public ReplayEvents(List<ClinicalEvent> events, ImportSummary summary, long patients) {
        this(events, summary, patients, 0);
    }

    /**
     * Reads a registry file (CSV or JSON Lines) with the one importer every command uses.
     *
     * @throws RegistryImportException when the file is missing or unusable, or (strict) on the first bad line
     * @throws IOException on a read error
     */
    public static ReplayEvents fromFile(Path file, RegistryImporter.Options options)
            throws IOException, RegistryImportException {
        List<ClinicalEvent> events = new ArrayList<>();
        Map<String, List<ClinicalEvent>> byPatient = new LinkedHashMap<>();
        ImportSummary summary = new RegistryImporter(options).forEachEvent(file, e -> {
            events.add(e);
            byPatient.computeIfAbsent(e.patientId(), k -> new ArrayList<>()).add(e);
        });
        if (options.asOf() == null || summary.notes().datesAfterAsOfCount() == 0) {
            return new ReplayEvents(events, summary, byPatient.size());
        }
        // The batch's rule (PatientFacts.flagDatesAfter): an event in effect after the reference date.
        Set<String> late = new HashSet<>();
        byPatient.forEach((id, own) -> PatientTimeline.of(own).effectiveEvents().stream()
                .filter(e -> e.occurredOn().isAfter(options.asOf())).findAny().ifPresent(e -> late.add(id)));
        List<ClinicalEvent> kept = events.stream().filter(e -> !late.contains(e.patientId())).toList();
        return new ReplayEvents(kept, summary, byPatient.size() - late.size(), late.size());
    }

    /**
     * Generates the study-shaped synthetic cohort and imports it: the generator writes its CSV to a temporary
     * file (deleted afterwards) and the importer turns it into events, so there is one CSV-to-event path.
     *
     * @throws IOException when the temporary file cannot be written or read
     */
    public static ReplayEvents fromGenerator(StudyCohortParameters parameters, RegistryImporter.Options options)
            throws IOException {
        Path csv = Files.createTempFile("followup-monitor-cohort-", ".csv");
        try {
            new StudyCohortGenerator(parameters).writeCsv(csv);
            return fromFile(csv, options);
        } catch (RegistryImportException e) {
            // The generator writes what the importer reads; a rejection here is a bug in one of them.
            throw new IllegalStateException("generated cohort did not import: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    /**
     * The synthetic cohort as a live registry records it: its events with follow-up contacts every 3-6 months
     * ({@link StudyCohortEvents}), written to a temporary JSON Lines file (deleted afterwards) and imported, so a
     * replay in date order looks like a live registry.
     *
     * @throws IOException when the temporary file cannot be written or read
     */
    public static ReplayEvents fromGeneratorWithContacts(StudyCohortParameters parameters,
            RegistryImporter.Options options) throws IOException {
        Path jsonl = Files.createTempFile("followup-monitor-cohort-", ".jsonl");
        try {
            StudyCohortEvents.writeJsonLines(parameters, jsonl);
            return fromFile(jsonl, options);
        } catch (RegistryImportException e) {
            throw new IllegalStateException("generated cohort did not import: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(jsonl);
        }
    }

    /** The earliest event date, empty without events. */
    public Optional<LocalDate> firstDate() {
        return events.stream().map(ClinicalEvent::occurredOn).min(LocalDate::compareTo);
    }

    /** The latest event date, empty without events. */
    public Optional<LocalDate> lastDate() {
        return events.stream().map(ClinicalEvent::occurredOn).max(LocalDate::compareTo);
    }

    @Override
    public String toString() {
        return "ReplayEvents[" + events.size() + " events, " + patients + " patients, " + summary.rejectedCount()
                + " rejected]";
    }
}
