package org.followupmonitor.registry;

import java.util.Objects;
import java.util.Optional;

/** What the registry persists: a subject version or a compatibility setting (one record each). */
public sealed interface RegistryRecord {
    /**
     * A registered subject version, or its (soft) deletion when {@code deleted}: the version leaves the
     * subject but its id keeps resolving, so records already written stay readable.
     */
    record SchemaVersionRecord(SubjectVersion version, boolean deleted) implements RegistryRecord {
        public SchemaVersionRecord {
            Objects.requireNonNull(version, "version");
        }

        /** A live version. */
        public SchemaVersionRecord(SubjectVersion version) {
            this(version, false);
        }
    }

    /**
     * A compatibility level, global when {@code subject} is empty.
     */
    record ConfigRecord(Optional<String> subject, CompatibilityLevel level) implements RegistryRecord {
        public ConfigRecord {
            Objects.requireNonNull(subject, "subject (Optional.empty() for the global level)");
            Objects.requireNonNull(level, "level");
        }
    }
}
