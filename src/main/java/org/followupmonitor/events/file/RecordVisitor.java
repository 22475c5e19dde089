package org.followupmonitor.events.file;

import java.util.List;
import org.followupmonitor.events.ClinicalEvent;

/** Receives what a file reader produced, line by line. */
interface RecordVisitor {
    /** The events of one data line (a JSON line: one; a CSV row: all that the row implies). */
    void events(long line, List<ClinicalEvent> events) throws RegistryImportException;

    /** A line that could not be read. */
    void rejected(Rejection rejection) throws RegistryImportException;

    /** CSV header columns that are not part of the layout (reported once per file). */
    default void unknownColumns(List<String> columns) {
    }
}
