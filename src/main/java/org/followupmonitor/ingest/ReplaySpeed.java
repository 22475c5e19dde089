package org.followupmonitor.ingest;

import java.util.Locale;

/**
 * How fast a replay runs: days of event time per wall-clock second, or {@link #MAX} (no waiting, as fast
 * as the sink takes events).
 *
 * @param daysPerSecond positive and finite, or {@link Double#POSITIVE_INFINITY} for {@link #MAX}
 */
public record ReplaySpeed(double daysPerSecond) {
    /** No pacing. */
    public static final ReplaySpeed MAX = new ReplaySpeed(Double.POSITIVE_INFINITY);

    /**
     * The demo's default: the study cohort's events span about 12 years (2010-01 to 2021-12, 4,380 days),
     * which at 70 days per second pass in about 63 seconds.
     */
    public static final ReplaySpeed DEFAULT_ACCELERATED = new ReplaySpeed(70.0);

    public ReplaySpeed {
        if (Double.isNaN(daysPerSecond) || daysPerSecond <= 0) {
            throw new IllegalArgumentException("speed " + daysPerSecond
                    + ": give a positive number of days of event time per second, or max");
        }
    }

    /** True when the replay does not wait at all. */
    public boolean isMax() {
        return Double.isInfinite(daysPerSecond);
    }

    /**
     * Parses {@code max} (any case) or a positive decimal number of days per second, e.g. {@code 70} or
     * {@code 0.5}.
     *
     * @throws IllegalArgumentException when the text is neither
     */
    public static ReplaySpeed parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("speed: empty; give days of event time per second (e.g. 70) or max");
        }
        String t = text.trim();
        if (t.toLowerCase(Locale.ROOT).equals("max")) {
            return MAX;
        }
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("speed '" + t
                    + "': not a number; give days of event time per second (e.g. 70) or max");
        }
        if (Double.isInfinite(v)) {
            throw new IllegalArgumentException("speed '" + t + "': too large; use max for no pacing");
        }
        return new ReplaySpeed(v);
    }

    /** Wall-clock nanoseconds that {@code days} of event time take at this speed (0 at {@link #MAX}). */
    long nanosFor(long days) {
        if (isMax()) {
            return 0L;
        }
        return Math.round(days * 1e9 / daysPerSecond);
    }

    @Override
    public String toString() {
        return isMax() ? "max" : daysPerSecond + " days/s";
    }
}
