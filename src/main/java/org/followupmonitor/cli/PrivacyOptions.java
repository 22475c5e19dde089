package org.followupmonitor.cli;

import org.followupmonitor.analysis.AnalysesConfig;
import picocli.CommandLine.Option;

/** Mixin: {@code --privacy-min-cell-size N}, for every command that publishes results ({@code analyze, run, demo}). */
final class PrivacyOptions {
    @Option(names = "--privacy-min-cell-size", paramLabel = "N",
            description = "Suppress cells with fewer patients (default: the analyses file's privacy.minCellSize, "
                    + "11; 0 turns suppression off).")
    Integer minCellSize;

    /** The minimum: the option's, else the configuration's; checked to be 0 or more. */
    int resolve(AnalysesConfig analyses) {
        int k = minCellSize != null ? minCellSize : analyses.privacy().minCellSize();
        if (k < 0) {
            throw CliError.unusable("--privacy-min-cell-size " + k + ": must be 0 (off) or more");
        }
        return k;
    }
}
