package org.followupmonitor.events.file;

import java.util.HashMap;
import java.util.Map;
import org.followupmonitor.events.Labels;

/**
 * Exact file labels to enum constants, one hash lookup per cell: a million-row CSV has millions of enum
 * cells, nearly all written exactly as {@link Labels#label} writes them. Anything else (other case,
 * underscores, spaces, unknown) is left to {@link Labels#parse}, which gives the same constant or the error.
 */
final class EnumLabels {
    private static final ClassValue<Map<String, Enum<?>>> BY_TYPE = new ClassValue<>() {
        @Override
        protected Map<String, Enum<?>> computeValue(Class<?> type) {
            Map<String, Enum<?>> m = new HashMap<>();
            for (Object constant : type.getEnumConstants()) {
                m.putIfAbsent(Labels.label((Enum<?>) constant), (Enum<?>) constant);
            }
            return m;
        }
    };

    /** Labels and constants in declaration order, for matching a label in place in a line. */
    private record Ordered(String[] labels, Enum<?>[] constants) {}

    private static final ClassValue<Ordered> ORDERED = new ClassValue<>() {
        @Override
        protected Ordered computeValue(Class<?> type) {
            Object[] constants = type.getEnumConstants();
            String[] labels = new String[constants.length];
            Enum<?>[] values = new Enum<?>[constants.length];
            for (int i = 0; i < constants.length; i++) {
                values[i] = (Enum<?>) constants[i];
                labels[i] = Labels.label(values[i]);
            }
            return new Ordered(labels, values);
        }
    };

    private EnumLabels() {
    }

    /**
     * The constant whose label is exactly {@code text[from, from + length)}, else null; the first in declaration
     * order, as {@link #exact(Class, String)} and {@link Labels#parse} take it.
     */
    @SuppressWarnings("unchecked")
    static <E extends Enum<E>> E exact(Class<E> type, String text, int from, int length) {
        Ordered o = ORDERED.get(type);
        for (int i = 0; i < o.labels().length; i++) {
            String label = o.labels()[i];
            if (label.length() == length && text.regionMatches(from, label, 0, length)) {
                return (E) o.constants()[i];
            }
        }
        return null;
    }

    /** The constant whose label is exactly {@code text}, else null. */
    @SuppressWarnings("unchecked")
    static <E extends Enum<E>> E exact(Class<E> type, String text) {
        return (E) BY_TYPE.get(type).get(text);
    }
}
