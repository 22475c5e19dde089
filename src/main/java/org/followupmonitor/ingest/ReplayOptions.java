package org.followupmonitor.ingest;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * How a {@link Replayer} orders and paces events.
 *
 * @param speed        the pace
 * @param shuffleSeed  empty: event-date order; present: a pseudo-random permutation drawn with this seed
 *                     (the same seed gives the same order), for arrival-order invariance demonstrations
 */
public record ReplayOptions(ReplaySpeed speed, OptionalLong shuffleSeed) {
    public ReplayOptions {
        Objects.requireNonNull(speed, "speed: required (ReplaySpeed.MAX for no pacing)");
        shuffleSeed = shuffleSeed == null ? OptionalLong.empty() : shuffleSeed;
    }

    /** Event-date order at {@code speed}. */
    public static ReplayOptions inDateOrder(ReplaySpeed speed) {
        return new ReplayOptions(speed, OptionalLong.empty());
    }

    /** Shuffled with {@code seed} at {@code speed}. */
    public static ReplayOptions shuffled(ReplaySpeed speed, long seed) {
        return new ReplayOptions(speed, OptionalLong.of(seed));
    }
}
