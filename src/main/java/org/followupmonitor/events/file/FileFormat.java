package org.followupmonitor.events.file;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The two registry file layouts. */
public enum FileFormat {
    /** One PatientEvent per line in its JSON form (docs/events.md). */
    JSON_LINES,
    /** One row per patient, as registries export (docs/events.md, "CSV"). */
    CSV;

    /** By extension (.csv; .jsonl, .ndjson, .json), else by the first non-blank character ('{' = JSON Lines). */
    public static FileFormat detect(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return JSON_LINES;
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int c;
            while ((c = r.read()) != -1) {
                if (!Character.isWhitespace(c)) {
                    return c == '{' ? JSON_LINES : CSV;
                }
            }
        }
        return CSV;
    }
}
