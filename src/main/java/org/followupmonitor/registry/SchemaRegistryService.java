package org.followupmonitor.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * The registry itself, in-process: subjects, versions, ids and compatibility levels, persisted in a
 * {@link RegistryStorage} and rebuilt from it at construction, so ids and versions survive a restart.
 * {@link EmbeddedSchemaRegistry} serves it over HTTP; code in the same JVM may call it directly.
 *
 * <p>Rules, as the Confluent registry applies them: the same schema (compared in Avro's normalised
 * JSON form) gets the same id in every subject; registering a schema already under a subject returns
 * its id without a new version; a new version must satisfy the subject's compatibility level (its own,
 * else the global one, default {@link CompatibilityLevel#BACKWARD}), checked with Avro's
 * {@link SchemaCompatibility}. This class assumes it is the only writer of its storage.
 */
public final class SchemaRegistryService implements SchemaRegistryClient, AutoCloseable {
    private final RegistryStorage storage;
    private final Map<String, List<SubjectVersion>> subjects = new TreeMap<>();
    private final Map<Integer, String> schemasById = new HashMap<>();
    private final Map<String, Integer> idsBySchema = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    /** Highest version ever given per subject, deleted ones included: versions are never reused. */
    private final Map<String, Integer> maxVersions = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.DEFAULT;
    private int maxId;

    /** Rebuilds the state from everything {@code storage} holds. */
    public SchemaRegistryService(RegistryStorage storage) {
        this.storage = storage;
        for (RegistryRecord r : storage.readAll()) {
            apply(r);
        }
    }

    /** A registry that keeps nothing across restarts (tests). */
    public static SchemaRegistryService inMemory() {
        return new SchemaRegistryService(RegistryStorage.inMemory());
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        return register(subject, schema.toString());
    }

    /**
     * Registers schema text (as received over HTTP).
     *
     * @throws RegistryException 42201 if it is not a valid Avro schema, 409 if incompatible, 50001 if not stored
     */
    public synchronized int register(String subject, String schemaText) {
        checkSubject(subject);
        Schema schema = parse(schemaText);
        String canonical = schema.toString();
        List<SubjectVersion> versions = subjects.getOrDefault(subject, List.of());
        for (SubjectVersion v : versions) {
            if (v.schema().equals(canonical)) {
                return v.id();
            }
        }
        List<String> problems = incompatibilities(subject, versions, schema);
        if (!problems.isEmpty()) {
            throw new RegistryException(RegistryException.INCOMPATIBLE_SCHEMA, "Schema being registered is incompatible"
                    + " with an earlier schema for subject \"" + subject + "\" (" + levelOf(subject) + "): "
                    + String.join("; ", problems));
        }
        int id = idsBySchema.getOrDefault(canonical, maxId + 1);
        int version = maxVersions.getOrDefault(subject, 0) + 1;
        RegistryRecord record = new RegistryRecord.SchemaVersionRecord(new SubjectVersion(subject, version, id, canonical));
        persist(record);
        apply(record);
        return id;
    }

    @Override
    public synchronized SubjectVersion lookup(String subject, Schema schema) {
        return lookup(subject, schema.toString());
    }

    /** Looks schema text up under a subject; see {@link #lookup(String, Schema)}. */
    public synchronized SubjectVersion lookup(String subject, String schemaText) {
        List<SubjectVersion> versions = existing(subject);
        String canonical = parse(schemaText).toString();
        return versions.stream().filter(v -> v.schema().equals(canonical)).findFirst()
                .orElseThrow(() -> new RegistryException(RegistryException.SCHEMA_NOT_FOUND,
                        "Schema not found under subject \"" + subject + "\""));
    }

    @Override
    public synchronized Schema schemaById(int id) {
        return parse(schemaTextById(id));
    }

    /** The schema text registered with this id. */
    public synchronized String schemaTextById(int id) {
        String text = schemasById.get(id);
        if (text == null) {
            throw new RegistryException(RegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return text;
    }

    @Override
    public synchronized List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }

    @Override
    public synchronized List<Integer> versions(String subject) {
        return existing(subject).stream().map(SubjectVersion::version).toList();
    }

    @Override
    public synchronized SubjectVersion version(String subject, int version) {
        return existing(subject).stream().filter(v -> v.version() == version).findFirst()
                .orElseThrow(() -> new RegistryException(RegistryException.VERSION_NOT_FOUND,
                        "Version " + version + " not found for subject \"" + subject + "\""));
    }

    @Override
    public synchronized SubjectVersion latestVersion(String subject) {
        List<SubjectVersion> versions = existing(subject);
        return versions.get(versions.size() - 1);
    }

    @Override
    public synchronized boolean isCompatible(String subject, Schema schema) {
        return incompatibilities(subject, subjects.getOrDefault(subject, List.of()), schema).isEmpty();
    }

    /** Compatibility of schema text with the subject's versions (HTTP entry point). */
    public synchronized List<String> incompatibilities(String subject, String schemaText) {
        return incompatibilities(subject, existing(subject), parse(schemaText));
    }

    /**
     * Compatibility of schema text with one given version only, in the subject's direction(s).
     *
     * @throws RegistryException 40401 / 40402 when the subject or version does not exist
     */
    public synchronized List<String> incompatibilitiesWithVersion(String subject, int version, String schemaText) {
        SubjectVersion v = version(subject, version);
        return check(levelOf(subject), List.of(v), parse(schemaText));
    }

    @Override
    public synchronized List<Integer> deleteSubject(String subject) {
        List<SubjectVersion> versions = List.copyOf(existing(subject));
        for (SubjectVersion v : versions) {
            RegistryRecord record = new RegistryRecord.SchemaVersionRecord(v, true);
            persist(record);
            apply(record);
        }
        return versions.stream().map(SubjectVersion::version).toList();
    }

    @Override
    public synchronized int deleteVersion(String subject, int version) {
        RegistryRecord record = new RegistryRecord.SchemaVersionRecord(version(subject, version), true);
        persist(record);
        apply(record);
        return version;
    }

    @Override
    public synchronized CompatibilityLevel globalCompatibility() {
        return globalLevel;
    }

    @Override
    public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
        RegistryRecord record = new RegistryRecord.ConfigRecord(Optional.empty(), level);
        persist(record);
        apply(record);
    }

    @Override
    public synchronized Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    @Override
    public synchronized void setSubjectCompatibility(String subject, CompatibilityLevel level) {
        checkSubject(subject);
        RegistryRecord record = new RegistryRecord.ConfigRecord(Optional.of(subject), level);
        persist(record);
        apply(record);
    }

    /** The level that applies to a subject: its own, else the global one. */
    public synchronized CompatibilityLevel levelOf(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    /** Closes the storage. */
    @Override
    public void close() {
        storage.close();
    }

    private List<String> incompatibilities(String subject, List<SubjectVersion> versions, Schema candidate) {
        if (versions.isEmpty()) {
            return List.of();
        }
        CompatibilityLevel level = levelOf(subject);
        List<SubjectVersion> against = level.transitive() ? versions : List.of(versions.get(versions.size() - 1));
        return check(level, against, candidate);
    }

    private static List<String> check(CompatibilityLevel level, List<SubjectVersion> against, Schema candidate) {
        List<String> problems = new ArrayList<>();
        for (SubjectVersion v : against) {
            Schema earlier = parse(v.schema());
            if (level.checksBackward()) {
                // BACKWARD: the new schema, as reader, must read data written with the earlier one.
                problems.addAll(describe("new schema cannot read version " + v.version(),
                        SchemaCompatibility.checkReaderWriterCompatibility(candidate, earlier)));
            }
            if (level.checksForward()) {
                // FORWARD: the earlier schema, as reader, must read data written with the new one.
                problems.addAll(describe("version " + v.version() + " cannot read the new schema",
                        SchemaCompatibility.checkReaderWriterCompatibility(earlier, candidate)));
            }
        }
        return problems;
    }

    private static List<String> describe(String what, SchemaCompatibility.SchemaPairCompatibility result) {
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        List<Incompatibility> found = result.getResult().getIncompatibilities();
        return List.of(what + ": " + found.stream()
                .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                .collect(Collectors.joining(", ")));
    }

    private void persist(RegistryRecord record) {
        try {
            storage.append(record);
        } catch (RegistryException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RegistryException(RegistryException.STORE_ERROR, 500,
                    "the registry could not store its record: " + e.getClass().getSimpleName(), e);
        }
    }

    private void apply(RegistryRecord record) {
        if (record instanceof RegistryRecord.SchemaVersionRecord s) {
            SubjectVersion v = s.version();
            List<SubjectVersion> versions = subjects.computeIfAbsent(v.subject(), k -> new ArrayList<>());
            versions.removeIf(old -> old.version() == v.version());
            if (s.deleted()) {
                if (versions.isEmpty()) {
                    subjects.remove(v.subject());
                }
            } else {
                versions.add(v);
                versions.sort((a, b) -> Integer.compare(a.version(), b.version()));
            }
            maxVersions.merge(v.subject(), v.version(), Math::max);
            schemasById.put(v.id(), v.schema());
            idsBySchema.putIfAbsent(v.schema(), v.id());
            maxId = Math.max(maxId, v.id());
        } else if (record instanceof RegistryRecord.ConfigRecord c) {
            if (c.subject().isPresent()) {
                subjectLevels.put(c.subject().get(), c.level());
            } else {
                globalLevel = c.level();
            }
        }
    }

    private List<SubjectVersion> existing(String subject) {
        List<SubjectVersion> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new RegistryException(RegistryException.SUBJECT_NOT_FOUND, "Subject \"" + subject + "\" not found");
        }
        return versions;
    }

    private static void checkSubject(String subject) {
        if (subject == null || subject.isBlank()) {
            throw new RegistryException(RegistryException.BAD_REQUEST, "subject is blank: name it <topic>-key or <topic>-value");
        }
    }

    static Schema parse(String text) {
        if (text == null || text.isBlank()) {
            throw new RegistryException(RegistryException.INVALID_SCHEMA, "Invalid schema: the schema text is empty");
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (AvroRuntimeException e) {
            throw new RegistryException(RegistryException.INVALID_SCHEMA, "Invalid schema: " + e.getMessage());
        }
    }
}
