package org.followupmonitor.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/** Mixin: {@code --pseudonymize-key KEY}, for every command that imports a file ({@code analyze, validate, load}). */
final class PseudonymOptions {
    @Option(names = "--pseudonymize-key", paramLabel = "KEY",
            description = "Replace patient ids by HMAC-SHA256 with this key before anything else sees them.")
    String key;

    /** The key, if given; an empty one is an error (it would pseudonymise nothing while seeming to). */
    Optional<String> key() {
        if (key != null && key.isEmpty()) {
            throw CliError.unusable("--pseudonymize-key: must not be empty");
        }
        return Optional.ofNullable(key);
    }
}
