package org.followupmonitor.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.avro.Schema;

/**
 * Invariants of the registry under random operation sequences (jqwik prints the seed of a failing
 * run). The rebuilt service (a restart on the same storage) must answer exactly as the live one.
 */
class SchemaRegistryServicePropertiesTest {
    private static final List<Schema> POOL = List.of(TestSchemas.v1(), TestSchemas.v2(), TestSchemas.requiredField(),
            TestSchemas.droppedField(), TestSchemas.other());
    private static final List<String> SUBJECTS = List.of("a-value", "b-value", "c-key");

    /** One operation: kind 0-5 register, 6 delete latest version, 7 set a subject level, 8 set the global level. */
    record Op(int kind, int subject, int schema, CompatibilityLevel level) {
    }

    @Property(tries = 200)
    void idsAreStablePerSchemaVersionsIncreaseAndARestartChangesNothing(@ForAll("ops") List<Op> ops) {
        RegistryStorage storage = RegistryStorage.inMemory();
        SchemaRegistryService registry = new SchemaRegistryService(storage);
        Map<Integer, Integer> idOfSchema = new HashMap<>();
        Map<String, Integer> maxVersionEver = new HashMap<>();
        for (Op op : ops) {
            String subject = SUBJECTS.get(op.subject());
            try {
                if (op.kind() <= 5) {
                    List<Integer> before = registry.subjects().contains(subject) ? registry.versions(subject) : List.of();
                    int id = registry.register(subject, POOL.get(op.schema()));
                    Integer earlier = idOfSchema.putIfAbsent(op.schema(), id);
                    assertThat(id).as("same schema, same id").isEqualTo(earlier == null ? id : earlier);
                    List<Integer> after = registry.versions(subject);
                    if (!after.equals(before)) {
                        // A new version: numbered after every version the subject ever had, deleted ones included.
                        int created = after.get(after.size() - 1);
                        assertThat(created).isGreaterThan(maxVersionEver.getOrDefault(subject, 0));
                        maxVersionEver.put(subject, created);
                    }
                } else if (op.kind() == 6) {
                    registry.deleteVersion(subject, registry.latestVersion(subject).version());
                } else if (op.kind() == 7) {
                    registry.setSubjectCompatibility(subject, op.level());
                } else {
                    registry.setGlobalCompatibility(op.level());
                }
            } catch (RegistryException e) {
                assertThat(e.errorCode()).isIn(RegistryException.INCOMPATIBLE_SCHEMA, RegistryException.SUBJECT_NOT_FOUND);
            }
        }
        assertThat(idOfSchema.values()).doesNotHaveDuplicates();
        idOfSchema.forEach((schema, id) -> assertThat(registry.schemaById(id)).isEqualTo(POOL.get(schema)));

        SchemaRegistryService restarted = new SchemaRegistryService(storage);
        assertThat(restarted.subjects()).isEqualTo(registry.subjects());
        assertThat(restarted.globalCompatibility()).isEqualTo(registry.globalCompatibility());
        for (String s : SUBJECTS) {
            assertThat(restarted.subjectCompatibility(s)).isEqualTo(registry.subjectCompatibility(s));
        }
        for (String s : registry.subjects()) {
            assertThat(restarted.versions(s)).isEqualTo(registry.versions(s));
            for (int v : registry.versions(s)) {
                assertThat(restarted.version(s, v)).isEqualTo(registry.version(s, v));
            }
        }
        // Both assign the same id to a schema never seen before.
        Schema fresh = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Fresh\",\"fields\":[]}");
        assertThat(restarted.register("z-value", fresh)).isEqualTo(registry.register("z-value", fresh));
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 8),
                Arbitraries.integers().between(0, SUBJECTS.size() - 1), Arbitraries.integers().between(0, POOL.size() - 1),
                Arbitraries.of(CompatibilityLevel.NONE, CompatibilityLevel.BACKWARD, CompatibilityLevel.FORWARD,
                        CompatibilityLevel.FULL)).as(Op::new);
        return op.list().ofMaxSize(30);
    }
}
