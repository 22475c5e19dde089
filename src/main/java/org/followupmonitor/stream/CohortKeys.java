package org.followupmonitor.stream;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Keys of the cohort stores. Strings joined by the ASCII unit separator (which no analysis name,
 * level or flag contains) and days zero-padded, so RocksDB's byte order is (analysis, …, day) order
 * and one analysis is one prefix scan.
 */
public final class CohortKeys {
    static final char SEP = '\u001f';
    private static final int DAY_WIDTH = 7;

    private CohortKeys() {}

    /** The prefix of everything one analysis keeps in a cohort store. */
    public static String prefix(String analysis, String kind) {
        return analysis + SEP + kind + SEP;
    }

    /** cohort-state: a risk-set cell's day. */
    public static String cell(String analysis, String group, String stratum, int day) {
        return prefix(analysis, "c") + group + SEP + stratum + SEP + pad(day);
    }

    /** cohort-state: one day of the analysis clock (how many subjects were last seen that day). */
    public static String clock(String analysis, String date) {
        return prefix(analysis, "t") + date;
    }

    /** cohort-state: the count of one exclusion flag. */
    public static String exclusion(String analysis, String flag) {
        return prefix(analysis, "x") + flag;
    }

    /** cohort-subjects: one subject of one analysis. */
    public static String subject(String analysis, String subject) {
        return prefix(analysis, "s") + subject;
    }

    /** The parts after the prefix, split at the separator. */
    public static String[] parts(String key, String prefix) {
        return key.substring(prefix.length()).split(String.valueOf(SEP), -1);
    }

    private static String pad(int day) {
        if (day < 0 || day >= 10_000_000) {
            throw new IllegalArgumentException("day out of range for a cohort key: " + day);
        }
        String s = Integer.toString(day);
        return "0".repeat(DAY_WIDTH - s.length()) + s;
    }

    /**
     * A one-way hash of the patient key. The cohort stores and the repartition topic are keyed by it,
     * so they never hold a patient identifier, while the same patient always maps to the same subject.
     */
    public static String subjectOf(String patientKey) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(patientKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
