package org.followupmonitor.registry;

import java.util.Locale;

/**
 * Schema compatibility rules, as the Confluent registry names them. BACKWARD: consumers on the new
 * schema can read data written with the previous one (the project's rule: new code reads old bytes).
 * FORWARD: consumers on the previous schema can read data written with the new one. FULL: both.
 * The {@code _TRANSITIVE} variants check against every earlier version instead of only the latest.
 */
public enum CompatibilityLevel {
    NONE, BACKWARD, FORWARD, FULL, BACKWARD_TRANSITIVE, FORWARD_TRANSITIVE, FULL_TRANSITIVE;

    /** The registry's default. */
    public static final CompatibilityLevel DEFAULT = BACKWARD;

    /**
     * Parses a level name (case-insensitive).
     *
     * @throws RegistryException with {@link RegistryException#INVALID_COMPATIBILITY_LEVEL} for an unknown name
     */
    public static CompatibilityLevel parse(String name) {
        if (name == null || name.isBlank()) {
            throw new RegistryException(RegistryException.INVALID_COMPATIBILITY_LEVEL,
                    "compatibility level is missing: use one of NONE, BACKWARD, FORWARD, FULL (optionally _TRANSITIVE)");
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RegistryException(RegistryException.INVALID_COMPATIBILITY_LEVEL, "unknown compatibility level '"
                    + name + "': use one of NONE, BACKWARD, FORWARD, FULL (optionally _TRANSITIVE)");
        }
    }

    boolean checksBackward() {
        return this == BACKWARD || this == FULL || this == BACKWARD_TRANSITIVE || this == FULL_TRANSITIVE;
    }

    boolean checksForward() {
        return this == FORWARD || this == FULL || this == FORWARD_TRANSITIVE || this == FULL_TRANSITIVE;
    }

    boolean transitive() {
        return name().endsWith("_TRANSITIVE");
    }
}
