package org.followupmonitor.events.file;

import java.util.List;
import java.util.Map;

/**
 * What an import read. Holds no patient id.
 *
 * @param file the file as given
 * @param format its layout
 * @param records data lines read (CSV rows or JSON lines, blank lines not counted)
 * @param rejectedCount lines rejected
 * @param rejections the first {@link RegistryImporter#MAX_LISTED_REJECTIONS} rejections, in file order
 * @param unknownColumns CSV header columns that were ignored (empty for JSON Lines)
 * @param eventsByType events accepted, by payload type label, in {@code Payload.TYPES} order
 * @param events events accepted in all
 * @param patients distinct patients handed out (only counted by {@code forEachPatient}, else -1)
 * @param notes accepted lines worth a look: dates after the reference date, patients on several rows
 */
public record ImportSummary(String file, FileFormat format, long records, long rejectedCount,
        List<Rejection> rejections, List<String> unknownColumns, Map<String, Long> eventsByType, long events,
        long patients, ImportNotes notes) {
    public ImportSummary {
        rejections = List.copyOf(rejections);
        unknownColumns = List.copyOf(unknownColumns);
        eventsByType = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(eventsByType));
        notes = notes == null ? ImportNotes.NONE : notes;
    }

    /** Without notes. */
    public ImportSummary(String file, FileFormat format, long records, long rejectedCount, List<Rejection> rejections,
            List<String> unknownColumns, Map<String, Long> eventsByType, long events, long patients) {
        this(file, format, records, rejectedCount, rejections, unknownColumns, eventsByType, events, patients,
                ImportNotes.NONE);
    }
}
