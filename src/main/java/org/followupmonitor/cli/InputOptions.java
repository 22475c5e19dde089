package org.followupmonitor.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Mixin: {@code --input FILE} and how to read it ({@link ReadOptions}), for every command that reads a registry
 * file ({@code analyze}, {@code validate}, {@code load}).
 */
final class InputOptions {
    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "The registry file: CSV (one row per patient) or JSON Lines (one event per line); "
                    + "docs/events.md describes both.")
    Path input;

    @Mixin
    ReadOptions read = new ReadOptions();

    /** The input file, checked to be a readable regular file. */
    Path file() {
        return requireFile("--input", input);
    }

    /**
     * Fails with one line unless {@code file} is a readable regular file.
     *
     * @param option the option that named it, for the message
     */
    static Path requireFile(String option, Path file) {
        if (Files.isDirectory(file)) {
            throw CliError.unusable(option + " " + file + ": is a directory; give a CSV or JSON Lines file");
        }
        if (!Files.exists(file)) {
            throw CliError.unusable(option + " " + file + ": file not found; give an existing CSV or JSON Lines file");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw CliError.unusable(option + " " + file + ": not a readable file; check its permissions");
        }
        return file;
    }
}
