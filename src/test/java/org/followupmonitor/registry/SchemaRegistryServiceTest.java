package org.followupmonitor.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaRegistryServiceTest {
    private final RegistryStorage storage = RegistryStorage.inMemory();
    private final SchemaRegistryService registry = new SchemaRegistryService(storage);

    @Test
    void theSameSchemaKeepsItsIdAndVersionHoweverItIsFormatted() {
        int id = registry.register("a-value", TestSchemas.MEASUREMENT_V1_TEXT);
        String reformatted = TestSchemas.v1().toString(true);
        assertThat(registry.register("a-value", reformatted)).isEqualTo(id);
        assertThat(registry.versions("a-value")).containsExactly(1);
        // Same schema, other subject: same id, its own version 1.
        assertThat(registry.register("b-value", reformatted)).isEqualTo(id);
        assertThat(registry.version("b-value", 1).id()).isEqualTo(id);
        assertThat(registry.subjects()).containsExactly("a-value", "b-value");
    }

    @Test
    void newSchemasGetNewIdsAndTheNextVersion() {
        int v1 = registry.register("a-value", TestSchemas.v1());
        int other = registry.register("o-value", TestSchemas.other());
        int v2 = registry.register("a-value", TestSchemas.v2());
        assertThat(List.of(v1, other, v2)).containsExactly(1, 2, 3);
        assertThat(registry.latestVersion("a-value")).isEqualTo(new SubjectVersion("a-value", 2, 3, TestSchemas.v2().toString()));
        assertThat(registry.lookup("a-value", TestSchemas.v1()).version()).isEqualTo(1);
        assertThat(registry.schemaById(3)).isEqualTo(TestSchemas.v2());
    }

    @Test
    void backwardIsTheDefaultAndRejectsANewRequiredField() {
        registry.register("a-value", TestSchemas.v1());
        assertThat(registry.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(registry.isCompatible("a-value", TestSchemas.requiredField())).isFalse();
        assertThat(registry.isCompatible("a-value", TestSchemas.droppedField())).isTrue();
        assertThatThrownBy(() -> registry.register("a-value", TestSchemas.requiredField()))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("site");
                });
        assertThat(registry.versions("a-value")).containsExactly(1);
    }

    @Test
    void forwardRejectsADroppedRequiredFieldAndFullRejectsBoth() {
        registry.register("a-value", TestSchemas.v1());
        registry.setSubjectCompatibility("a-value", CompatibilityLevel.FORWARD);
        assertThat(registry.isCompatible("a-value", TestSchemas.droppedField())).isFalse();
        assertThat(registry.isCompatible("a-value", TestSchemas.requiredField())).isTrue();
        registry.setSubjectCompatibility("a-value", CompatibilityLevel.FULL);
        assertThat(registry.isCompatible("a-value", TestSchemas.droppedField())).isFalse();
        assertThat(registry.isCompatible("a-value", TestSchemas.requiredField())).isFalse();
        assertThat(registry.isCompatible("a-value", TestSchemas.v2())).isTrue();
        registry.setSubjectCompatibility("a-value", CompatibilityLevel.NONE);
        assertThat(registry.register("a-value", TestSchemas.requiredField())).isPositive();
        assertThat(registry.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
    }

    @Test
    void transitiveLevelsCheckEveryEarlierVersion() {
        registry.setGlobalCompatibility(CompatibilityLevel.NONE);
        registry.register("a-value", TestSchemas.v1());
        registry.register("a-value", TestSchemas.droppedField());
        // Against the latest (label only) a required "count" would be new without default: v1 has it, so
        // check a schema that BACKWARD-reads the latest but not v1: label plus a defaulted count of another type.
        String labelAndStringCount = """
                {"type":"record","name":"Measurement","namespace":"org.followupmonitor.registry",
                 "fields":[{"name":"label","type":"string"},{"name":"count","type":"string","default":"0"}]}""";
        registry.setGlobalCompatibility(CompatibilityLevel.BACKWARD);
        assertThat(registry.incompatibilities("a-value", labelAndStringCount)).isEmpty();
        registry.setGlobalCompatibility(CompatibilityLevel.BACKWARD_TRANSITIVE);
        assertThat(registry.incompatibilities("a-value", labelAndStringCount)).singleElement()
                .asString().contains("version 1");
    }

    @Test
    void reportsConfluentErrorCodes() {
        registry.register("a-value", TestSchemas.v1());
        assertCode(() -> registry.versions("missing"), 40401);
        assertCode(() -> registry.latestVersion("missing"), 40401);
        assertCode(() -> registry.version("a-value", 9), 40402);
        assertCode(() -> registry.schemaById(42), 40403);
        assertCode(() -> registry.lookup("a-value", TestSchemas.other()), 40403);
        assertCode(() -> registry.lookup("missing", TestSchemas.v1()), 40401);
        assertCode(() -> registry.register("a-value", "{\"type\": \"record\""), 42201);
        assertCode(() -> registry.register("a-value", "{\"type\": \"nosuchtype\"}"), 42201);
        assertCode(() -> CompatibilityLevel.parse("SIDEWAYS"), 42203);
        assertThat(RegistryException.statusFor(40401)).isEqualTo(404);
        assertThat(RegistryException.statusFor(42201)).isEqualTo(422);
        assertThat(RegistryException.statusFor(409)).isEqualTo(409);
    }

    @Test
    void aRestartOnTheSameStorageKeepsIdsVersionsAndConfig() {
        registry.register("a-value", TestSchemas.v1());
        registry.register("o-value", TestSchemas.other());
        registry.register("a-value", TestSchemas.v2());
        registry.setSubjectCompatibility("o-value", CompatibilityLevel.FULL);
        registry.setGlobalCompatibility(CompatibilityLevel.FORWARD);

        SchemaRegistryService restarted = new SchemaRegistryService(storage);
        assertThat(restarted.subjects()).containsExactly("a-value", "o-value");
        assertThat(restarted.version("a-value", 2)).isEqualTo(registry.version("a-value", 2));
        assertThat(restarted.schemaById(2)).isEqualTo(TestSchemas.other());
        assertThat(restarted.subjectCompatibility("o-value")).contains(CompatibilityLevel.FULL);
        assertThat(restarted.globalCompatibility()).isEqualTo(CompatibilityLevel.FORWARD);
        // Ids continue after the highest one seen, never reusing one.
        assertThat(restarted.register("n-value", TestSchemas.droppedField())).isEqualTo(4);
    }

    @Test
    void softDeletesKeepIdsResolvableAndNeverReuseVersions() {
        int id1 = registry.register("a-value", TestSchemas.v1());
        int id2 = registry.register("a-value", TestSchemas.v2());
        assertThat(registry.deleteVersion("a-value", 2)).isEqualTo(2);
        assertThat(registry.versions("a-value")).containsExactly(1);
        assertThat(registry.schemaById(id2)).as("old records stay readable").isEqualTo(TestSchemas.v2());
        assertThat(registry.deleteSubject("a-value")).containsExactly(1);
        assertThat(registry.subjects()).isEmpty();
        assertCode(() -> registry.versions("a-value"), 40401);
        assertCode(() -> registry.deleteSubject("a-value"), 40401);
        assertThat(registry.schemaById(id1)).isEqualTo(TestSchemas.v1());
        // Registered again: same id, a version number after every earlier one.
        assertThat(registry.register("a-value", TestSchemas.v1())).isEqualTo(id1);
        assertThat(registry.versions("a-value")).containsExactly(3);

        SchemaRegistryService restarted = new SchemaRegistryService(storage);
        assertThat(restarted.versions("a-value")).containsExactly(3);
        assertThat(restarted.schemaById(id2)).isEqualTo(TestSchemas.v2());
        assertThat(restarted.register("a-value", TestSchemas.v2())).isEqualTo(id2);
        assertThat(restarted.versions("a-value")).containsExactly(3, 4);
    }

    private static void assertCode(Runnable call, int code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(code));
    }
}
