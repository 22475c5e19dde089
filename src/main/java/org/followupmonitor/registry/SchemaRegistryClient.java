package org.followupmonitor.registry;

import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The operations of the Confluent Schema Registry REST API that this project uses. Implemented over
 * HTTP by {@link HttpSchemaRegistryClient} (Confluent, Apicurio ccompat, Karapace, Redpanda, the
 * {@link EmbeddedSchemaRegistry}) and in-process by {@link SchemaRegistryService}. Every method throws
 * {@link RegistryException} carrying the registry's error code.
 */
public interface SchemaRegistryClient {
    /**
     * Registers {@code schema} under {@code subject} ({@code POST /subjects/{s}/versions}); an identical
     * schema already registered under the subject keeps its id and version.
     *
     * @return the schema id
     * @throws RegistryException 409 when incompatible, 42201 when invalid
     */
    int register(String subject, Schema schema);

    /**
     * Finds {@code schema} among the subject's versions without registering it ({@code POST /subjects/{s}}).
     *
     * @throws RegistryException 40401 when the subject does not exist, 40403 when the schema is not under it
     */
    SubjectVersion lookup(String subject, Schema schema);

    /**
     * The schema with this id ({@code GET /schemas/ids/{id}}).
     *
     * @throws RegistryException 40403 when no schema has this id
     */
    Schema schemaById(int id);

    /** All subjects, sorted ({@code GET /subjects}). */
    List<String> subjects();

    /**
     * The subject's versions, ascending ({@code GET /subjects/{s}/versions}).
     *
     * @throws RegistryException 40401 when the subject does not exist
     */
    List<Integer> versions(String subject);

    /**
     * One version ({@code GET /subjects/{s}/versions/{v}}).
     *
     * @throws RegistryException 40401 unknown subject, 40402 unknown version
     */
    SubjectVersion version(String subject, int version);

    /**
     * The latest version ({@code GET /subjects/{s}/versions/latest}).
     *
     * @throws RegistryException 40401 unknown subject
     */
    SubjectVersion latestVersion(String subject);

    /**
     * Whether {@code schema} could be registered under {@code subject} given its compatibility level
     * ({@code POST /compatibility/subjects/{s}/versions/latest}); true for a subject without versions.
     */
    boolean isCompatible(String subject, Schema schema);

    /**
     * Soft-deletes every version of the subject ({@code DELETE /subjects/{s}}); ids keep resolving.
     *
     * @return the deleted versions
     * @throws RegistryException 40401 when the subject does not exist
     */
    List<Integer> deleteSubject(String subject);

    /**
     * Soft-deletes one version ({@code DELETE /subjects/{s}/versions/{v}}); its id keeps resolving.
     *
     * @return the deleted version
     * @throws RegistryException 40401 unknown subject, 40402 unknown version
     */
    int deleteVersion(String subject, int version);

    /** The global compatibility level ({@code GET /config}). */
    CompatibilityLevel globalCompatibility();

    /** Sets the global compatibility level ({@code PUT /config}). */
    void setGlobalCompatibility(CompatibilityLevel level);

    /** The subject's own level, if one is set ({@code GET /config/{s}}; empty on 40408 / 40401). */
    Optional<CompatibilityLevel> subjectCompatibility(String subject);

    /** Sets the subject's own level ({@code PUT /config/{s}}). */
    void setSubjectCompatibility(String subject, CompatibilityLevel level);
}
