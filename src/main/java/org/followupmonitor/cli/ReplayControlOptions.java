package org.followupmonitor.cli;

import java.security.SecureRandom;
import java.util.OptionalLong;
import org.followupmonitor.ingest.ReplayOptions;
import org.followupmonitor.ingest.ReplaySpeed;
import picocli.CommandLine.Option;

/**
 * Mixin: how a replay sends events ({@code --speed}, {@code --shuffle}, {@code --seed}), for {@code load} and
 * {@code demo}. The commands differ only in the default speed, given to the constructor.
 */
final class ReplayControlOptions {
    @Option(names = "--speed", paramLabel = "X|max",
            description = "Days of event time per wall-clock second, or max for no pacing (default: ${DEFAULT-VALUE}).")
    String speed;

    @Option(names = "--shuffle", description = "Send the events in a scrambled order instead of by event date "
            + "(the results do not change).")
    boolean shuffle;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of --shuffle (default: random, printed so that the order can be repeated).")
    Long seed;

    /** @param defaultSpeed {@code max} or days per second */
    ReplayControlOptions(String defaultSpeed) {
        this.speed = defaultSpeed;
    }

    ReplayControlOptions() {
        this("max");
    }

    /** The replay's options, checked: a speed that parses, a seed only with --shuffle; a random seed if none. */
    ReplayOptions options() {
        if (seed != null && !shuffle) {
            throw CliError.unusable("--seed " + seed + ": only applies with --shuffle");
        }
        ReplaySpeed s;
        try {
            s = ReplaySpeed.parse(speed);
        } catch (IllegalArgumentException e) {
            throw CliError.unusable("--" + e.getMessage());
        }
        return new ReplayOptions(s, shuffle ? OptionalLong.of(seed != null ? seed : new SecureRandom().nextLong())
                : OptionalLong.empty());
    }

    /** How the order is described in a command's output: "event date" or "shuffled (seed N)". */
    static String order(ReplayOptions options) {
        return options.shuffleSeed().isPresent() ? "shuffled (seed " + options.shuffleSeed().getAsLong() + ")"
                : "event date";
    }
}
