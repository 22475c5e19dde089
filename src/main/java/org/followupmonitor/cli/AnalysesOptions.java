package org.followupmonitor.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.followupmonitor.analysis.AnalysesConfig;
import org.followupmonitor.analysis.AnalysesLoader;
import picocli.CommandLine.Option;

/** Mixin: {@code --config FILE}, the analyses YAML of every command that analyses ({@code analyze, validate, run, demo}). */
final class AnalysesOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Analyses YAML, as docs/analyses.md describes (default: the bundled analyses of the "
                    + "reference study).")
    Path file;

    /**
     * The analyses, loaded and validated.
     *
     * @throws org.followupmonitor.analysis.AnalysesConfigException listing every problem with its field path
     */
    AnalysesConfig load() {
        if (file != null && Files.isDirectory(file)) {
            throw CliError.unusable("--config " + file + ": is a directory; give the analyses YAML file");
        }
        if (file != null && !Files.exists(file)) {
            throw CliError.unusable("--config " + file + ": file not found; give an analyses YAML file "
                    + "(docs/analyses.md) or leave --config out for the bundled analyses");
        }
        return file == null ? AnalysesLoader.loadDefault() : AnalysesLoader.load(file);
    }

    /** Where the analyses came from, for reports. */
    String source() {
        return file == null ? "bundled default" : file.toString();
    }
}
