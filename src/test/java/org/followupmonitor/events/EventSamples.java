package org.followupmonitor.events;

import java.io.File;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.followupmonitor.events.avro.DeathCause;
import org.followupmonitor.events.avro.ErasureReason;
import org.followupmonitor.events.avro.FollowUpStatus;
import org.followupmonitor.events.avro.PatientEvent;
import org.followupmonitor.events.avro.ReceptorStatus;
import org.followupmonitor.events.avro.RecurrenceSite;
import org.followupmonitor.events.avro.ResectionMargin;
import org.followupmonitor.events.avro.ResponseCategory;
import org.followupmonitor.events.avro.Subtype;
import org.followupmonitor.events.avro.SurgicalProcedure;
import org.followupmonitor.events.avro.TherapyType;

/** Hand-made events for tests: one of every payload type, and a builder for short timelines. */
public final class EventSamples {
    private EventSamples() {
    }

    public static ClinicalEvent event(String id, String date, Payload payload) {
        return new ClinicalEvent(id, "patient-a", "site-1", LocalDate.parse(date),
                Instant.parse(date + "T10:00:00Z"), payload);
    }

    public static Payload.Diagnosis diagnosis(Integer grade, Integer tStage, ReceptorStatus er, ReceptorStatus pr,
            ReceptorStatus her2, Double ki67) {
        return new Payload.Diagnosis(50, grade, tStage, 1, 2, er, pr, her2, ki67, null, List.of("bone"));
    }

    /** One event of each of the nine payload types, with every optional field filled somewhere. */
    public static List<ClinicalEvent> onePerType() {
        return List.of(
                event("e1", "2016-03-01", new Payload.Diagnosis(52, 2, 4, 1, 3, ReceptorStatus.POSITIVE,
                        ReceptorStatus.NEGATIVE, ReceptorStatus.NEGATIVE, 25.5, Subtype.LUMINAL_B,
                        List.of("bone", "lung"))),
                event("e2", "2016-08-20", new Payload.SystemicResponse(ResponseCategory.PARTIAL, true)),
                event("e3", "2016-03-15", new Payload.Therapy(TherapyType.ANTI_HER2)),
                event("e4", "2016-09-12", new Payload.Surgery(SurgicalProcedure.BREAST_CONSERVING, ResectionMargin.R1)),
                event("e5", "2018-05-02", new Payload.Recurrence(RecurrenceSite.REGIONAL)),
                event("e6", "2019-07-30", new Payload.Death(DeathCause.BREAST_CANCER)),
                event("e7", "2019-01-10", new Payload.FollowUp(FollowUpStatus.ALIVE_WITH_DISEASE)),
                event("e8", "2019-02-01", new Payload.Retraction("e7")),
                event("e9", "2020-02-02", new Payload.Erasure(ErasureReason.LEGAL_REQUEST)));
    }

    /**
     * Writes the v1 fixture: {@code java -cp <test classpath> org.followupmonitor.events.EventSamples FILE}.
     * Run once when the schema was at v1; the committed file must never be regenerated afterwards.
     */
    public static void main(String[] args) throws IOException {
        try (DataFileWriter<PatientEvent> w = new DataFileWriter<>(new SpecificDatumWriter<>(PatientEvent.class))) {
            w.create(PatientEvent.getClassSchema(), new File(args[0]));
            for (ClinicalEvent e : onePerType()) {
                w.append(AvroEvents.toAvro(e));
            }
        }
    }
}
