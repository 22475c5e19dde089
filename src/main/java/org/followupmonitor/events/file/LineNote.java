package org.followupmonitor.events.file;

/**
 * A line of an input file that was imported but deserves a look: a date after the import's reference date, a
 * patient already seen on an earlier row. Never holds a patient id.
 *
 * @param file the file as given
 * @param line 1-based line number
 * @param field the CSV column or JSON field concerned
 * @param note what is noteworthy
 */
public record LineNote(String file, long line, String field, String note) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + field + ": " + note;
    }
}
