package org.followupmonitor.events.file;

import java.time.LocalDate;
import java.util.List;

/**
 * What an import accepted but reports: lines dated after the reference date, and patients written on several CSV
 * rows (merged into one patient). Each list keeps the first {@link RegistryImporter#MAX_LISTED_REJECTIONS}
 * lines; the counts count all. Holds no patient id.
 *
 * @param asOf the import's reference date, or null when dates were not checked against one
 * @param datesAfterAsOf lines with a date after {@code asOf}, the first date's column or field named
 * @param datesAfterAsOfCount all such lines
 * @param repeatedPatients CSV rows of a patient already seen on an earlier row, naming that row
 * @param repeatedPatientsCount all such rows
 */
public record ImportNotes(LocalDate asOf, List<LineNote> datesAfterAsOf, long datesAfterAsOfCount,
        List<LineNote> repeatedPatients, long repeatedPatientsCount) {
    /** Nothing noted, no reference date. */
    public static final ImportNotes NONE = new ImportNotes(null, List.of(), 0, List.of(), 0);

    public ImportNotes {
        datesAfterAsOf = List.copyOf(datesAfterAsOf);
        repeatedPatients = List.copyOf(repeatedPatients);
    }
}
