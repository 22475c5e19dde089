package org.followupmonitor.cli;

import java.io.PrintWriter;
import java.util.List;
import org.followupmonitor.events.file.FileFormat;
import org.followupmonitor.events.file.ImportNotes;
import org.followupmonitor.events.file.ImportSummary;

/** What the commands that import a file say about the import, the same way in each. Never a patient id. */
final class ImportMessages {
    private ImportMessages() {
    }

    /** The one line for a file without a single usable patient (exit 2). */
    static String noPatients(ImportSummary s) {
        String why;
        if (s.records() == 0) {
            why = s.format() == FileFormat.JSON_LINES ? "the file has no events"
                    : "the file has a header but no data rows";
        } else if (s.rejectedCount() == s.records()) {
            why = "all " + s.records() + " line(s) were rejected; 'validate --input " + s.file() + "' lists why";
        } else {
            why = "no line holds a patient's event";
        }
        return s.file() + ": no patients (" + why + ")";
    }

    /**
     * One line each, on standard error, for what {@code analyze} and {@code load} accepted but the user should know:
     * rejected lines, dates after the as-of date, patients on several rows ({@code validate} lists the lines).
     */
    static void printNotes(String command, ImportSummary s, PrintWriter err) {
        String validate = "'validate --input " + s.file() + "' lists them";
        if (s.rejectedCount() > 0) {
            err.printf("%s: %d line(s) rejected (%s)%n", command, s.rejectedCount(), validate);
        }
        ImportNotes n = s.notes();
        if (n.datesAfterAsOfCount() > 0) {
            err.printf("%s: %d line(s) with a date after the as-of date %s; their patients are flagged "
                    + "DATE_AFTER_AS_OF and left out (%s)%n", command, n.datesAfterAsOfCount(), n.asOf(), validate);
        }
        if (n.repeatedPatientsCount() > 0) {
            err.printf("%s: %d row(s) repeat a patient of an earlier row and are merged with it (%s)%n", command,
                    n.repeatedPatientsCount(), validate);
        }
        err.flush();
    }

    /** The listing of {@code validate}: a heading with the count, then each line, then how many more. */
    static void list(PrintWriter out, String heading, long count, List<?> notes) {
        if (count == 0) {
            return;
        }
        out.printf("%s: %d%n", heading, count);
        notes.forEach(note -> out.printf("  %s%n", note));
        if (count > notes.size()) {
            out.printf("  ... and %d more%n", count - notes.size());
        }
    }
}
