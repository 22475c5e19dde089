package org.followupmonitor.alerts;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which alert conditions of one analysis are currently raised, and which are held pending follow-up: the value the
 * streaming app keeps in a state store (keyed by analysis id) so that a restart does not raise them again.
 *
 * <p>A condition key is {@code rule|group|parameters}: the rule's YAML label, the group level (empty for rules
 * about the whole analysis) and the rule's parameters as {@code name=value} pairs joined by {@code ,}, e.g.
 * {@code milestone-below|surgery|milestoneDays=1826,threshold=0.7}. Parameters are part of the key so two
 * rules of one kind with different settings are separate conditions. Keys hold no patient identifier.
 *
 * <p>Serialised form: {@link #encode()} joins the sorted raised keys with newlines, then the pending keys each
 * prefixed with {@value #PENDING_MARK}; {@link #decode(String)} reads it.
 *
 * @param raised  the keys of the raised conditions, sorted
 * @param pending the keys of the conditions held pending follow-up (a milestone-below whose follow-up is not
 *                complete enough to act on), sorted; never also raised
 */
public record AlertState(SortedSet<String> raised, SortedSet<String> pending) {
    /** No condition raised or pending. */
    public static final AlertState EMPTY = new AlertState(new TreeSet<>(), new TreeSet<>());
    /** Marks a pending key in the encoded form (a rule label never starts with it). */
    static final String PENDING_MARK = "~";

    public AlertState {
        if (raised == null || pending == null) {
            throw new IllegalArgumentException("raised and pending are required; use AlertState.EMPTY");
        }
        TreeSet<String> copy = new TreeSet<>();
        for (String key : raised) {
            checkKey(key);
            copy.add(key);
        }
        TreeSet<String> held = new TreeSet<>();
        for (String key : pending) {
            checkKey(key);
            if (copy.contains(key)) {
                throw new IllegalArgumentException("a condition is raised or pending, not both: " + key);
            }
            held.add(key);
        }
        raised = Collections.unmodifiableSortedSet(copy);
        pending = Collections.unmodifiableSortedSet(held);
    }

    /**
     * A state with the given keys raised and none pending.
     *
     * @throws IllegalArgumentException when a key is malformed
     */
    public static AlertState of(Collection<String> keys) {
        return new AlertState(new TreeSet<>(keys), new TreeSet<>());
    }

    /**
     * The key of a condition.
     *
     * @param rule       rule label, e.g. {@code milestone-below}
     * @param group      group level, or null/empty for the whole analysis
     * @param parameters the rule's parameters, e.g. {@code milestoneDays=1826,threshold=0.7}
     * @throws IllegalArgumentException when a part contains '|' or a line break, or rule is blank
     */
    public static String key(String rule, String group, String parameters) {
        String key = rule + "|" + (group == null ? "" : group) + "|" + (parameters == null ? "" : parameters);
        checkKey(key);
        return key;
    }

    /** The rule label of a key. */
    public static String ruleOf(String key) {
        return checkKey(key)[0];
    }

    /** The group of a key, null for a whole-analysis condition. */
    public static String groupOf(String key) {
        String g = checkKey(key)[1];
        return g.isEmpty() ? null : g;
    }

    /** True when the condition is raised. */
    public boolean isRaised(String key) {
        return raised.contains(key);
    }

    /** Whether the condition is held pending follow-up. */
    public boolean isPending(String key) {
        return pending.contains(key);
    }

    /** The raised keys, one a line, sorted, then the pending ones marked; the empty string for {@link #EMPTY}. */
    public String encode() {
        List<String> lines = new java.util.ArrayList<>(raised);
        pending.forEach(k -> lines.add(PENDING_MARK + k));
        return String.join("\n", lines);
    }

    /**
     * Reads {@link #encode()}'s form.
     *
     * @throws IllegalArgumentException when text is null or holds a malformed key
     */
    public static AlertState decode(String text) {
        if (text == null) {
            throw new IllegalArgumentException("encoded alert state must not be null");
        }
        if (text.isEmpty()) {
            return EMPTY;
        }
        TreeSet<String> raised = new TreeSet<>();
        TreeSet<String> pending = new TreeSet<>();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith(PENDING_MARK)) {
                pending.add(line.substring(PENDING_MARK.length()));
            } else {
                raised.add(line);
            }
        }
        return new AlertState(raised, pending);
    }

    private static String[] checkKey(String key) {
        if (key == null || key.indexOf('\n') >= 0 || key.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an alert condition key is one line of text, got " + key);
        }
        String[] parts = key.split("\\|", -1);
        if (parts.length != 3 || parts[0].isBlank()) {
            throw new IllegalArgumentException("an alert condition key is rule|group|parameters with no other '|', got "
                    + key);
        }
        return parts;
    }
}
