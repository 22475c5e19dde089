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

    private EnumLabels() {
    }

    /** The constant whose label is exactly {@code text}, else null. */
    @SuppressWarnings("unchecked")
    static <E extends Enum<E>> E exact(Class<E> type, String text) {
        return (E) BY_TYPE.get(type).get(text);
    }
}
