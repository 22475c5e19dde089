package org.followupmonitor.cohortstate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
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

    /**
     * The order of subjects within a source: a ranged reset ({@link CohortDelta.Range}) sends a source's subjects in
     * this order, each record naming the bounds it covers. It is the order of the subjects' UTF-8 bytes (code point
     * order), which is the order of their keys in {@code cohort-subjects} under one source prefix (RocksDB compares
     * bytes), so a range of subjects is one range scan of the store. A subject is a hash ({@link #subjectOf}, hex
     * digits), so the order is stable across restarts and spreads the subjects evenly, whatever their arrival.
     */
    public static final Comparator<String> SUBJECT_ORDER = CohortKeys::compareCodePoints;

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** The prefix of everything one analysis keeps in a cohort store. */
    public static String prefix(String analysis, String kind) {
        return analysis + SEP + kind + SEP;
    }

    /**
     * Everything one input partition ({@code source}) sent for one analysis under one kind: the timeline
     * processor of that partition may say "forget all I sent" (a reset), which deletes exactly this prefix.
     */
    public static String sourcePrefix(String analysis, String kind, int source) {
        if (source < 0 || source >= 100_000) {
            throw new IllegalArgumentException("source partition out of range for a cohort key: " + source);
        }
        String s = Integer.toString(source);
        return prefix(analysis, kind) + "0".repeat(5 - s.length()) + s + SEP;
    }

    /** cohort-state: one source's counts of a block of days of a risk-set cell ({@link CohortDelta#BLOCK_DAYS}). */
    public static String block(String analysis, int source, String group, String stratum, int index) {
        return sourcePrefix(analysis, "c", source) + group + SEP + stratum + SEP + pad(index);
    }

    /** cohort-state: one source's analysis clock (the latest date any of its subjects was seen, as epoch day). */
    public static String clock(String analysis, int source) {
        return sourcePrefix(analysis, "t", source);
    }

    /** cohort-state: present while a source's multi-record delta is half applied (the analysis waits for it). */
    public static String pending(String analysis, int source) {
        return sourcePrefix(analysis, "p", source);
    }

    /** cohort-state: one source's count of one exclusion flag. */
    public static String exclusion(String analysis, int source, String flag) {
        return sourcePrefix(analysis, "x", source) + flag;
    }

    /**
     * The first key after every key under {@link #sourcePrefix}: the prefix ends with the separator, and the same
     * string with the next character in its place sorts after all keys that extend the prefix.
     */
    static String sourceEnd(String analysis, String kind, int source) {
        String p = sourcePrefix(analysis, kind, source);
        return p.substring(0, p.length() - 1) + (char) (SEP + 1);
    }

    /** cohort-subjects: one subject of one analysis, from one source. */
    public static String subject(String analysis, int source, String subject) {
        return sourcePrefix(analysis, "s", source) + subject;
    }

    /**
     * cohort-subjects: label {@code code} of the analysis' table ({@link Labels}); not per source, since a label may
     * serve the entries of any source, and never deleted (a reset leaves it for the entries that follow).
     */
    public static String label(String analysis, int code) {
        return prefix(analysis, "d") + code;
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
        MessageDigest sha256 = SHA256.get();
        byte[] h = sha256.digest(patientKey.getBytes(StandardCharsets.UTF_8)); // digest() also resets it
        return HEX.formatHex(h, 0, 16);
    }

    /**
     * One digest per thread: {@code MessageDigest.getInstance} looks the provider up on every call, 1.6% of the samples
     * of a timeline task's rebuild against 2.7% for the hashing itself (JFR, {@code TimelineInitBenchmark}).
     */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    });
    private static final HexFormat HEX = HexFormat.of();
}
