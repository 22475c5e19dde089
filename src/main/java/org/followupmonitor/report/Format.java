package org.followupmonitor.report;

import java.util.Locale;

/** Number formats for the human-readable reports, as registries and journals print them. */
public final class Format {
    public static final String MISSING = "—";

    private Format() {}

    /** A proportion as a percentage with one decimal, e.g. 0.8524 → "85.2%". */
    public static String percent(Double v) {
        return v == null ? MISSING : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    /** A percentage with its confidence interval, e.g. "85.2% (80.1–89.3)". */
    public static String percentCi(Double v, Double lower, Double upper) {
        if (v == null) {
            return MISSING;
        }
        return percent(v) + " (" + bare(lower) + "–" + bare(upper) + ")";
    }

    private static String bare(Double v) {
        return v == null ? MISSING : String.format(Locale.ROOT, "%.1f", 100 * v);
    }

    /** A p-value: three significant decimals, and "<0.0001" below that, as the study prints them. */
    public static String p(Double v) {
        if (v == null) {
            return MISSING;
        }
        if (v < 0.0001) {
            return "<0.0001";
        }
        return String.format(Locale.ROOT, v < 0.001 ? "%.4f" : "%.3f", v);
    }

    public static String number(Double v, int decimals) {
        return v == null ? MISSING : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** Days as years where they are whole years of 365 or 365.25 days (1826 = 5 years). */
    public static String milestone(int days) {
        long years = Math.round(days / 365.25);
        if (years >= 1 && Math.abs(days - years * 365.25) <= 1) {
            return years + "-year";
        }
        return days + "-day";
    }
}
