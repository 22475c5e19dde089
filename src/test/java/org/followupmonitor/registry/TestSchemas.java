package org.followupmonitor.registry;

import org.apache.avro.Schema;

/** Schemas for the registry tests, parsed from strings (the project's own schemas live in schemas/). */
final class TestSchemas {
    private TestSchemas() {
    }

    static final String MEASUREMENT_V1_TEXT = """
            {"type": "record", "name": "Measurement", "namespace": "org.followupmonitor.registry",
             "fields": [
               {"name": "label", "type": "string"},
               {"name": "count", "type": "int"}
             ]}""";

    /** v1 plus an optional field with default null: BACKWARD and FORWARD compatible with v1. */
    static final String MEASUREMENT_V2_TEXT = """
            {"type": "record", "name": "Measurement", "namespace": "org.followupmonitor.registry",
             "fields": [
               {"name": "label", "type": "string"},
               {"name": "count", "type": "int"},
               {"name": "note", "type": ["null", "string"], "default": null}
             ]}""";

    /** v1 plus a required field without default: new readers cannot read v1 data (not BACKWARD). */
    static final String MEASUREMENT_REQUIRED_FIELD_TEXT = """
            {"type": "record", "name": "Measurement", "namespace": "org.followupmonitor.registry",
             "fields": [
               {"name": "label", "type": "string"},
               {"name": "count", "type": "int"},
               {"name": "site", "type": "string"}
             ]}""";

    /** v1 without "count": old readers cannot read its data (not FORWARD). */
    static final String MEASUREMENT_DROPPED_FIELD_TEXT = """
            {"type": "record", "name": "Measurement", "namespace": "org.followupmonitor.registry",
             "fields": [
               {"name": "label", "type": "string"}
             ]}""";

    static Schema v1() {
        return new Schema.Parser().parse(MEASUREMENT_V1_TEXT);
    }

    static Schema v2() {
        return new Schema.Parser().parse(MEASUREMENT_V2_TEXT);
    }

    static Schema requiredField() {
        return new Schema.Parser().parse(MEASUREMENT_REQUIRED_FIELD_TEXT);
    }

    static Schema droppedField() {
        return new Schema.Parser().parse(MEASUREMENT_DROPPED_FIELD_TEXT);
    }

    static Schema other() {
        return new Schema.Parser().parse("""
                {"type": "record", "name": "Other", "namespace": "org.followupmonitor.registry",
                 "fields": [{"name": "flag", "type": "boolean"}]}""");
    }
}
