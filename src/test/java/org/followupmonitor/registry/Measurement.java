package org.followupmonitor.registry;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * A hand-written SpecificRecord, shaped like what avro-maven-plugin generates for
 * {@link TestSchemas#MEASUREMENT_V2_TEXT} (the project's schemas/ belong to another package), so the
 * serde is tested with SpecificDatumReader/Writer.
 */
public class Measurement extends SpecificRecordBase {
    public static final Schema SCHEMA$ = TestSchemas.v2();

    private String label;
    private int count;
    private String note;

    public Measurement() {
    }

    public Measurement(String label, int count, String note) {
        this.label = label;
        this.count = count;
        this.note = note;
    }

    public static Schema getClassSchema() {
        return SCHEMA$;
    }

    @Override
    public Schema getSchema() {
        return SCHEMA$;
    }

    @Override
    public Object get(int field) {
        return switch (field) {
            case 0 -> label;
            case 1 -> count;
            case 2 -> note;
            default -> throw new IndexOutOfBoundsException("field " + field);
        };
    }

    @Override
    public void put(int field, Object value) {
        switch (field) {
            case 0 -> label = value == null ? null : value.toString();
            case 1 -> count = (Integer) value;
            case 2 -> note = value == null ? null : value.toString();
            default -> throw new IndexOutOfBoundsException("field " + field);
        }
    }

    public String label() {
        return label;
    }

    public int count() {
        return count;
    }

    public String note() {
        return note;
    }
}
