package org.followupmonitor.analysis;

/** Conversions at the edge between the statistics (NaN = undefined) and published results (null). */
public final class Numbers {
    private Numbers() {}

    /** {@code null} for NaN or an infinity, otherwise the value: JSON has no NaN. */
    public static Double orNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
