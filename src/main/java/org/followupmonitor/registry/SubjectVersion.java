package org.followupmonitor.registry;

import java.util.Objects;

/**
 * One registered version of a subject: the answer of {@code GET /subjects/{s}/versions/{v}} and of a
 * look-up ({@code POST /subjects/{s}}).
 *
 * @param subject the subject, e.g. {@code patient-events-value}
 * @param version the version within the subject, from 1
 * @param id      the registry-wide schema id written into each record's header
 * @param schema  the schema text (Avro JSON)
 */
public record SubjectVersion(String subject, int version, int id, String schema) {
    public SubjectVersion {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        if (version < 1) {
            throw new IllegalArgumentException("version " + version + " is not a registry version: versions start at 1");
        }
        if (id < 0) {
            throw new IllegalArgumentException("schema id " + id + " is negative: ids are non-negative");
        }
    }
}
