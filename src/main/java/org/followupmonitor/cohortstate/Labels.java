package org.followupmonitor.cohortstate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Numbered labels: the strings that repeat across subject entries (group, stratum, covariate names and levels).
 * An encoded value ({@link CohortCodec}, format 5) names a label by its code instead of spelling it out. Two tables
 * exist: one per delta, written at the delta's head; and one per analysis in {@code cohort-subjects}, whose labels are
 * entries of the store themselves ({@link CohortKeys#label}), written before the first entry that uses them, so the
 * changelog holds a label before any entry that names it.
 *
 * <p>Codes start at 1 and are never reused or changed (an entry in the store keeps its codes). A table holds at most
 * its limit; past that {@link #codeOf} gives 0 and the label is spelled out in the value (still correct, only larger),
 * so a covariate with a value per patient cannot grow a table without end. Not thread-safe.
 */
final class Labels {
    /** The most labels of one analysis in {@code cohort-subjects}. */
    static final int STORE_LIMIT = 1 << 16;

    private final List<String> byCode = new ArrayList<>();
    private final Map<String, Integer> codes = new HashMap<>();
    private final int limit;

    /** @param limit the most labels this table numbers */
    Labels(int limit) {
        this.limit = limit;
    }

    /** The label's code, numbering it when it is new; 0 when it has none and the table is full. */
    int codeOf(String label) {
        Integer code = codes.get(label);
        if (code != null) {
            return code;
        }
        if (byCode.size() >= limit) {
            return 0;
        }
        byCode.add(label);
        codes.put(label, byCode.size());
        return byCode.size();
    }

    /**
     * The label numbered {@code code}.
     *
     * @throws IllegalArgumentException when no label has that code
     */
    String label(int code) {
        if (code < 1 || code > byCode.size()) {
            throw new IllegalArgumentException("label " + code + " is not among the " + byCode.size() + " known");
        }
        return byCode.get(code - 1);
    }

    /** Labels numbered so far: codes 1 to this. */
    int size() {
        return byCode.size();
    }

    /**
     * Takes a label read back from where it was kept; labels come in code order, without gaps.
     *
     * @throws IllegalArgumentException when {@code code} is not the next code, or the label is numbered already
     */
    void restore(int code, String label) {
        if (code != byCode.size() + 1 || codes.containsKey(label)) {
            throw new IllegalArgumentException("label " + code + " read back after " + byCode.size()
                    + (codes.containsKey(label) ? ", and its text is numbered already" : ""));
        }
        byCode.add(label);
        codes.put(label, code);
    }
}
