package org.followupmonitor.events.file;

/**
 * A line of an input file that was not imported.
 *
 * @param file the file as given
 * @param line 1-based line number
 * @param field the JSON field path or CSV column at fault, or {@code (record)}
 * @param reason what is wrong; never contains a patient id
 */
public record Rejection(String file, long line, String field, String reason) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + field + ": " + reason;
    }
}
