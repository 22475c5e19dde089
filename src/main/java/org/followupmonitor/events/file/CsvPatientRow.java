package org.followupmonitor.events.file;

import java.time.LocalDate;
import java.util.Objects;
import org.followupmonitor.events.Payload;
import org.followupmonitor.events.avro.DeathCause;
import org.followupmonitor.events.avro.RecurrenceSite;
import org.followupmonitor.events.avro.ResectionMargin;
import org.followupmonitor.events.avro.ResponseCategory;
import org.followupmonitor.events.avro.SurgicalProcedure;
import org.followupmonitor.events.avro.TherapyType;

/**
 * One accepted row of the one-row-per-patient CSV layout (docs/events.md), typed but not yet turned into
 * events: what the batch path reads when a patient has exactly one row, so that a million patients cost no
 * event ids, timelines or sorting. It holds no patient id. The events it implies are those the importer
 * makes from it for every other command; a date is null when its cell is empty.
 *
 * @param site the registry site ({@code unknown} when the cell is empty)
 * @param diagnosisDate required
 * @param diagnosis required, validated
 * @param response null when not recorded; a systemic-response event exists iff {@code controlDate} is set
 * @param procedure only with a surgery date
 * @param recurrenceSite only with a recurrence date
 * @param deathCause only with a death date
 */
public record CsvPatientRow(String site, LocalDate diagnosisDate, Payload.Diagnosis diagnosis,
        LocalDate controlDate, ResponseCategory response, LocalDate surgeryDate, SurgicalProcedure procedure,
        ResectionMargin margin, LocalDate chemotherapyDate, LocalDate radiotherapyDate, LocalDate hormonalDate,
        LocalDate antiHer2Date, LocalDate recurrenceDate, RecurrenceSite recurrenceSite, LocalDate deathDate,
        DeathCause deathCause, LocalDate lastContactDate) {
    public CsvPatientRow {
        Objects.requireNonNull(site, "site: required");
        Objects.requireNonNull(diagnosisDate, "diagnosisDate: required");
        Objects.requireNonNull(diagnosis, "diagnosis: required");
        if (controlDate == null && response != null) {
            throw new IllegalArgumentException("response: given without controlDate");
        }
        if (surgeryDate == null && (procedure != null || margin != null)) {
            throw new IllegalArgumentException("procedure/margin: given without surgeryDate");
        }
        if (recurrenceDate == null && recurrenceSite != null) {
            throw new IllegalArgumentException("recurrenceSite: given without recurrenceDate");
        }
        if (deathDate == null && deathCause != null) {
            throw new IllegalArgumentException("deathCause: given without deathDate");
        }
    }

    /** The start date of a therapy, null when not given. */
    public LocalDate therapyDate(TherapyType type) {
        return switch (type) {
            case CHEMOTHERAPY -> chemotherapyDate;
            case RADIOTHERAPY -> radiotherapyDate;
            case HORMONAL -> hormonalDate;
            case ANTI_HER2 -> antiHer2Date;
        };
    }

    /** Whether the systemic response recorded on the control date counts as disease control. */
    public boolean diseaseControlled() {
        return controlDate != null && response != ResponseCategory.PROGRESSION;
    }
}
