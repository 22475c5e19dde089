package org.followupmonitor.events.file;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The two registry file layouts. */
public enum FileFormat {
    /** One PatientEvent per line in its JSON form (docs/events.md). */
    JSON_LINES,
    /** One row per patient, as registries export (docs/events.md, "CSV"). */
    CSV;

    /**
     * By extension (.csv; .jsonl, .ndjson, .json), else by the first byte that is not blank or a UTF-8 byte-order
     * mark ('{' = JSON Lines). Reads bytes, so a file in another encoding is detected before it is decoded.
     */
    public static FileFormat detect(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return JSON_LINES;
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            int b;
            while ((b = in.read()) != -1) {
                if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != 0xEF && b != 0xBB && b != 0xBF) {
                    return b == '{' ? JSON_LINES : CSV;
                }
            }
        }
        return CSV;
    }
}
