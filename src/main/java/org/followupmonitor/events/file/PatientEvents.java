package org.followupmonitor.events.file;

import java.util.List;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.PatientTimeline;

/**
 * All events of one patient read from a file, as handed out by
 * {@link RegistryImporter#forEachPatient}.
 *
 * @param patientId the (pseudonymised, when a key was given) patient id; do not print it
 * @param events the patient's events in file order
 */
public record PatientEvents(String patientId, List<ClinicalEvent> events) {
    public PatientEvents {
        events = List.copyOf(events);
    }

    /** The patient's timeline. */
    public PatientTimeline timeline() {
        return PatientTimeline.of(events);
    }

    @Override
    public String toString() {
        return "PatientEvents[" + events.size() + " events]";
    }
}
