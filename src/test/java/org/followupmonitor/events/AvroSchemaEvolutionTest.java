package org.followupmonitor.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.followupmonitor.events.avro.PatientEvent;
import org.followupmonitor.events.avro.PatientTimelineState;
import org.junit.jupiter.api.Test;

/** The wire schema round-trips every payload and evolves BACKWARD (new readers read old bytes). */
class AvroSchemaEvolutionTest {
    private static final String V1_FIXTURE = "/org/followupmonitor/events/avro/patient-events-v1.avro";

    @Test
    void everyPayloadTypeRoundTripsThroughAvroBinary() throws IOException {
        for (ClinicalEvent event : EventSamples.onePerType()) {
            byte[] bytes = write(AvroEvents.toAvro(event));
            PatientEvent back = new SpecificDatumReader<>(PatientEvent.class)
                    .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
            assertThat(AvroEvents.fromAvro(back)).as(event.type()).isEqualTo(event);
        }
    }

    @Test
    void timelineStoreFormRoundTripsThroughAvroBinary() throws IOException {
        PatientTimeline timeline = PatientTimeline.of(EventSamples.onePerType().subList(0, 8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(PatientTimelineState.class).write(AvroEvents.toAvro(timeline), enc);
        enc.flush();
        PatientTimelineState back = new SpecificDatumReader<>(PatientTimelineState.class)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertThat(AvroEvents.fromAvro(back)).isEqualTo(timeline);
        assertThat(AvroEvents.fromAvro(AvroEvents.toAvro(PatientTimeline.of(EventSamples.onePerType()))).erased())
                .isTrue();
    }

    @Test
    void currentSchemaReadsTheCommittedV1Bytes() throws IOException {
        List<ClinicalEvent> read = new ArrayList<>();
        Schema writer;
        try (InputStream in = getClass().getResourceAsStream(V1_FIXTURE);
                DataFileStream<PatientEvent> stream = new DataFileStream<>(in,
                        new SpecificDatumReader<>(PatientEvent.class))) {
            writer = stream.getSchema();
            stream.forEach(e -> read.add(AvroEvents.fromAvro(e)));
        }
        assertThat(read).isEqualTo(EventSamples.onePerType());
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(PatientEvent.getClassSchema(), writer).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void anEvolvedSchemaWithAnOptionalFieldReadsOldBytesWithItsDefault() throws IOException {
        Schema evolved = evolve(true);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(evolved, PatientEvent.getClassSchema())
                .getType()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);

        ClinicalEvent diagnosis = EventSamples.onePerType().get(0);
        byte[] oldBytes = write(AvroEvents.toAvro(diagnosis));
        GenericRecord read = new GenericDatumReader<GenericRecord>(PatientEvent.getClassSchema(), evolved)
                .read(null, DecoderFactory.get().binaryDecoder(oldBytes, null));

        assertThat(read.get("eventId").toString()).isEqualTo("e1");
        assertThat(read.get("sourceSystem")).isNull();
        GenericRecord payload = (GenericRecord) read.get("payload");
        assertThat(payload.get("menopausalStatus")).isNull();
        assertThat(payload.get("grade")).isEqualTo(2);
        assertThat(payload.get("ki67Percent")).isEqualTo(25.5);
    }

    @Test
    void aRequiredFieldWithoutDefaultWouldBreakBackwardCompatibility() throws IOException {
        // Shows the check above can fail: a new field without a default cannot be filled from old bytes.
        Schema broken = evolve(false);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(broken, PatientEvent.getClassSchema())
                .getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    /** The current schema plus a field on the envelope and one on Diagnosis. */
    private static Schema evolve(boolean optional) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(PatientEvent.getClassSchema().toString());
        ((ArrayNode) root.get("fields")).add(field(json, "sourceSystem", optional));
        for (var field : root.get("fields")) {
            if (field.get("name").asText().equals("payload")) {
                for (var branch : field.get("type")) {
                    if (branch.get("name").asText().equals("Diagnosis")) {
                        ((ArrayNode) branch.get("fields")).add(field(json, "menopausalStatus", optional));
                    }
                }
            }
        }
        return new Schema.Parser().parse(root.toString());
    }

    private static ObjectNode field(ObjectMapper json, String name, boolean optional) {
        ObjectNode f = json.createObjectNode();
        f.put("name", name);
        if (optional) {
            f.putArray("type").add("null").add("string");
            f.putNull("default");
        } else {
            f.put("type", "string");
        }
        return f;
    }

    private static byte[] write(PatientEvent event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(PatientEvent.class).write(event, enc);
        enc.flush();
        return out.toByteArray();
    }
}
