package org.followupmonitor.events.file;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.followupmonitor.events.Labels;

/**
 * Exact file labels to enum constants, one hash lookup per cell: a million-row CSV has millions of enum
 * cells, nearly all written exactly as {@link Labels#label} writes them. Anything else (other case,
 * underscores, spaces, unknown) is left to {@link Labels#parse}, which gives the same constant or the error.
 */
final class EnumLabels {
    private static final Map<Class<?>, Map<String, Enum<?>>> BY_TYPE = new ConcurrentHashMap<>();

    private EnumLabels() {
    }

    /** The constant whose label is exactly {@code text}, else null. */
    static <E extends Enum<E>> E exact(Class<E> type, String text) {
        Map<String, Enum<?>> labels = BY_TYPE.computeIfAbsent(type, t -> {
            Map<String, Enum<?>> m = new HashMap<>();
            for (E constant : type.getEnumConstants()) {
                m.putIfAbsent(Labels.label(constant), constant);
            }
            return m;
        });
        return type.cast(labels.get(text));
    }
}
