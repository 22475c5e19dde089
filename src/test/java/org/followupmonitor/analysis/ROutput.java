package org.followupmonitor.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The {@code key=value} lines an R reference script of this package printed, one number per key. */
final class ROutput {
    private ROutput() {
    }

    /** Reads {@code resource} (relative to {@code owner}'s package); lines without '=' are skipped. */
    static Map<String, Double> keyValues(Class<?> owner, String resource) {
        Map<String, Double> r = new HashMap<>();
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no reference output " + resource + " beside " + owner.getName());
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    r.put(line.substring(0, eq), Double.parseDouble(line.substring(eq + 1).trim()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return r;
    }
}
