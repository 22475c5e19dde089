package org.followupmonitor.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The text form of enum constants in files (CSV, JSON Lines, YAML): lower case with hyphens,
 * so {@code LUMINAL_B_HER2} is written {@code luminal-b-her2}. One rule for every file format keeps
 * the documentation short and the parsers alike.
 */
public final class Labels {
    /** Labels are asked for millions of times in a large import; each constant's is computed once. */
    private static final java.util.concurrent.ConcurrentHashMap<Enum<?>, String> CACHE =
            new java.util.concurrent.ConcurrentHashMap<>();

    private Labels() {
    }

    /** The file label of a constant, e.g. {@code T_STAGE -> "t-stage"}. */
    public static String label(Enum<?> value) {
        return CACHE.computeIfAbsent(value, v -> v.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    /**
     * Parses a label (case-insensitive; hyphens or underscores).
     *
     * @throws IllegalArgumentException naming the value and the accepted labels
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (E constant : type.getEnumConstants()) {
            if (label(constant).equals(wanted)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown value '" + text + "'; expected one of " + expected(type));
    }

    /** The accepted labels of an enum, comma separated, in declaration order. */
    public static String expected(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Labels::label).collect(Collectors.joining(", "));
    }
}
