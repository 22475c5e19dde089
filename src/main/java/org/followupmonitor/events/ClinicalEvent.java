package org.followupmonitor.events;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * One event of one patient: the domain form of the Avro {@code PatientEvent} envelope.
 *
 * @param eventId unique id; duplicates are ignored and a {@link Payload.Retraction} names it
 * @param patientId pseudonymous patient id; never printed, logged or put in an exception message
 * @param site reporting site code
 * @param occurredOn clinical date of the event
 * @param recordedAt when the registry recorded it; only breaks ties between two versions of one id
 * @param payload what happened
 */
public record ClinicalEvent(String eventId, String patientId, String site, LocalDate occurredOn, Instant recordedAt,
        Payload payload) {
    /** Earliest accepted year of {@code occurredOn}. */
    public static final int MIN_YEAR = 1900;
    /** Latest accepted year of {@code occurredOn}. */
    public static final int MAX_YEAR = 2199;

    public ClinicalEvent {
        requireText("eventId", eventId);
        requireText("patientId", patientId);
        requireText("site", site);
        Objects.requireNonNull(occurredOn, "occurredOn: required");
        // Keeps day counts far inside int range and catches typos such as 20016-01-01.
        if (occurredOn.getYear() < MIN_YEAR || occurredOn.getYear() > MAX_YEAR) {
            throw new IllegalArgumentException("occurredOn: " + occurredOn + " is outside the years " + MIN_YEAR
                    + "-" + MAX_YEAR);
        }
        Objects.requireNonNull(payload, "payload: required");
        recordedAt = recordedAt == null ? occurredOn.atStartOfDay().toInstant(ZoneOffset.UTC) : recordedAt;
    }

    /** The payload's type label, e.g. {@code diagnosis}. */
    public String type() {
        return payload.type();
    }

    /** True for events that describe the patient (not a retraction or an erasure). */
    public boolean isClinical() {
        return !(payload instanceof Payload.Retraction) && !(payload instanceof Payload.Erasure);
    }

    /** Same event with another patient id (used by pseudonymisation). */
    public ClinicalEvent withPatientId(String newPatientId) {
        return new ClinicalEvent(eventId, newPatientId, site, occurredOn, recordedAt, payload);
    }

    @Override
    public String toString() {
        // Deliberately leaves out the patient id so an accidental log line cannot leak it.
        return "ClinicalEvent[" + eventId + ", " + site + ", " + occurredOn + ", " + payload + "]";
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": required, must not be blank");
        }
    }
}
