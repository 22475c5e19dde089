package org.followupmonitor.analysis;

import java.time.LocalDate;
import java.util.List;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.Labels;
import org.followupmonitor.events.PatientTimeline;
import org.followupmonitor.events.Payload;
import org.followupmonitor.events.SubtypeRules;
import org.followupmonitor.events.avro.TherapyType;
import org.followupmonitor.events.file.CsvPatientRow;

/**
 * What the derivation of subject rows needs from one patient, collected once per patient and shared by every
 * analysis ({@link SubjectRows#derive(PatientFacts, AnalysisDefinition)}): the diagnosis, the first date of
 * each kind of event, the first and last event dates. Built from a timeline's events in effect, or straight
 * from a one-row CSV patient, whose events {@link #of(CsvPatientRow)} need not make: both give the same facts
 * for the same patient.
 */
public final class PatientFacts {
    private static final TherapyType[] THERAPIES = TherapyType.values();
    private static final PatientFacts EMPTY = new PatientFacts();

    LocalDate diagnosisDate;
    String diagnosisSite;
    Payload.Diagnosis diagnosisPayload;
    LocalDate death;
    boolean conflictingDeaths;
    LocalDate firstControl;
    LocalDate firstSurgery;
    LocalDate firstRecurrence;
    LocalDate firstEvent;
    LocalDate lastEvent;
    /** First start of each therapy, by {@link TherapyType} ordinal. */
    final LocalDate[] firstTherapy = new LocalDate[THERAPIES.length];
    private String subtype;
    private boolean subtypeKnown;
    /** An event in effect is dated after the import's reference date ({@link #flagDatesAfter}). */
    boolean datedAfterAsOf;
    /** Where the facts came from, to derive them again as of earlier dates: the events in effect, or the CSV row. */
    private List<ClinicalEvent> events;
    private CsvPatientRow row;

    private PatientFacts() {
    }

    /**
     * Marks the patient {@link DataQualityFlag#DATE_AFTER_AS_OF} when an event in effect is dated after
     * {@code asOf}, the import's reference date; nothing when {@code asOf} is null (the stream has none).
     *
     * @return these facts
     */
    public PatientFacts flagDatesAfter(LocalDate asOf) {
        if (asOf != null && lastEvent != null && lastEvent.isAfter(asOf)) {
            datedAfterAsOf = true;
        }
        return this;
    }

    /** The facts of a timeline's events in effect. */
    public static PatientFacts of(PatientTimeline timeline) {
        return ofEffective(timeline.effectiveEvents());
    }

    /**
     * The facts of events in effect, sorted in {@link PatientTimeline#ORDER}.
     */
    static PatientFacts ofEffective(List<ClinicalEvent> sorted) {
        if (sorted.isEmpty()) {
            return EMPTY;
        }
        PatientFacts f = new PatientFacts();
        for (ClinicalEvent e : sorted) {
            f.add(e);
        }
        f.events = sorted;
        return f;
    }

    /** Takes in the next event in {@link PatientTimeline#ORDER}: by date, so each first assignment is the earliest. */
    private void add(ClinicalEvent e) {
        LocalDate d = e.occurredOn();
        if (firstEvent == null) {
            firstEvent = d;
        }
        lastEvent = d;
        Payload p = e.payload();
        if (p instanceof Payload.Diagnosis dx) {
            if (diagnosisPayload == null) {
                diagnosisPayload = dx;
                diagnosisDate = d;
                diagnosisSite = e.site();
            }
        } else if (p instanceof Payload.Death) {
            if (death == null) {
                death = d;
            } else if (!death.equals(d)) {
                conflictingDeaths = true;
            }
        } else if (p instanceof Payload.SystemicResponse r) {
            if (r.diseaseControlled() && firstControl == null) {
                firstControl = d;
            }
        } else if (p instanceof Payload.Surgery) {
            if (firstSurgery == null) {
                firstSurgery = d;
            }
        } else if (p instanceof Payload.Recurrence) {
            if (firstRecurrence == null) {
                firstRecurrence = d;
            }
        } else if (p instanceof Payload.Therapy t) {
            int k = t.therapy().ordinal();
            if (firstTherapy[k] == null) {
                firstTherapy[k] = d;
            }
        }
    }

    /**
     * Calls {@code atDate} with the patient's facts as the registry held them at the end of each date on which
     * the patient has an event in effect: the facts of the events dated on or before that date, in date order. The
     * facts object passed is updated in place between calls, so it must not be kept.
     */
    void forEachDate(java.util.function.BiConsumer<LocalDate, PatientFacts> atDate) {
        if (events != null) {
            PatientFacts f = new PatientFacts();
            for (int i = 0; i < events.size(); i++) {
                f.add(events.get(i));
                LocalDate d = events.get(i).occurredOn();
                if (i + 1 == events.size() || !events.get(i + 1).occurredOn().equals(d)) {
                    atDate.accept(d, f);
                }
            }
        } else if (row != null) {
            // The events the row implies, a handful, in date order: taken in one by one as the timeline path does.
            LocalDate[] dates = rowDates(row);
            int[] order = new int[dates.length];
            int n = 0;
            for (int k = 0; k < dates.length; k++) {
                if (dates[k] != null) {
                    int i = n++;
                    for (; i > 0 && dates[order[i - 1]].isAfter(dates[k]); i--) {
                        order[i] = order[i - 1];
                    }
                    order[i] = k;
                }
            }
            PatientFacts f = new PatientFacts();
            for (int i = 0; i < n; i++) {
                LocalDate d = dates[order[i]];
                f.addRowDate(row, order[i], d);
                if (i + 1 == n || !dates[order[i + 1]].equals(d)) {
                    atDate.accept(d, f);
                }
            }
        }
    }

    /** Takes in one dated field of a CSV row (index as in {@link #rowDates}), the row's dates coming in date order. */
    private void addRowDate(CsvPatientRow row, int k, LocalDate d) {
        if (firstEvent == null) {
            firstEvent = d;
        }
        lastEvent = d;
        switch (k) {
            case 0 -> {
                diagnosisPayload = row.diagnosis();
                diagnosisDate = d;
                diagnosisSite = row.site();
            }
            case 1 -> death = d;
            case 2 -> firstControl = row.diseaseControlled() ? d : null;
            case 3 -> firstSurgery = d;
            case 4 -> firstRecurrence = d;
            case 5 -> { } // the last contact: a date only
            default -> firstTherapy[k - 6] = d;
        }
    }

    private static LocalDate[] rowDates(CsvPatientRow row) {
        LocalDate[] out = new LocalDate[7 + THERAPIES.length];
        out[0] = row.diagnosisDate();
        out[1] = row.deathDate();
        out[2] = row.controlDate();
        out[3] = row.surgeryDate();
        out[4] = row.recurrenceDate();
        out[5] = row.lastContactDate();
        for (TherapyType t : THERAPIES) {
            out[6 + t.ordinal()] = row.therapyDate(t);
        }
        return out;
    }

    /**
     * The facts of a patient whose only record is this CSV row: the row implies one event of each kind it
     * dates, so each "first" is that date and the first and last event dates are the extremes.
     */
    public static PatientFacts of(CsvPatientRow row) {
        PatientFacts f = new PatientFacts();
        f.diagnosisPayload = row.diagnosis();
        f.diagnosisDate = row.diagnosisDate();
        f.diagnosisSite = row.site();
        f.firstEvent = row.diagnosisDate();
        f.lastEvent = row.diagnosisDate();
        f.death = f.seen(row.deathDate());
        f.firstControl = row.diseaseControlled() ? row.controlDate() : null;
        f.seen(row.controlDate());
        f.firstSurgery = f.seen(row.surgeryDate());
        f.firstRecurrence = f.seen(row.recurrenceDate());
        for (TherapyType t : THERAPIES) {
            f.firstTherapy[t.ordinal()] = f.seen(row.therapyDate(t));
        }
        f.seen(row.lastContactDate());
        f.row = row;
        return f;
    }

    private LocalDate seen(LocalDate d) {
        if (d != null) {
            firstEvent = d.isBefore(firstEvent) ? d : firstEvent;
            lastEvent = d.isAfter(lastEvent) ? d : lastEvent;
        }
        return d;
    }

    /** True when the patient has no event in effect. */
    public boolean isEmpty() {
        return firstEvent == null;
    }

    /** The latest date among the events in effect; null when there are none. */
    public LocalDate lastSeen() {
        return lastEvent;
    }

    boolean hasDiagnosis() {
        return diagnosisPayload != null;
    }

    /** The level of a categorical variable, or null when unknown. {@code cut}: status as of that date. */
    String categorical(Variable v, LocalDate cut) {
        Payload.Diagnosis dx = diagnosisPayload;
        return switch (v) {
            case ARM -> received(firstSurgery, cut) ? "surgery" : "no-surgery";
            case SUBTYPE -> subtype();
            case GRADE -> text(dx.grade());
            case T_STAGE -> text(dx.tStage());
            case N_STAGE -> text(dx.nStage());
            case METASTASIS -> dx.metastasisSites().isEmpty() ? null
                    : dx.metastasisSites().size() == 1 ? "single" : "multiple";
            case CHEMOTHERAPY -> yesNo(TherapyType.CHEMOTHERAPY, cut);
            case RADIOTHERAPY -> yesNo(TherapyType.RADIOTHERAPY, cut);
            case HORMONAL -> yesNo(TherapyType.HORMONAL, cut);
            case ANTI_HER2 -> yesNo(TherapyType.ANTI_HER2, cut);
            case SITE -> diagnosisSite;
            case AGE, POSITIVE_NODES, KI67 -> throw new IllegalArgumentException(v.label() + " is numeric");
        };
    }

    /**
     * The date a variable that {@link Variable#switchesOn()} switches on (the first surgery, or the first start of
     * the therapy), or null when it never does.
     */
    LocalDate switchedOn(Variable v) {
        return switch (v) {
            case ARM -> firstSurgery;
            case CHEMOTHERAPY -> firstTherapy[TherapyType.CHEMOTHERAPY.ordinal()];
            case RADIOTHERAPY -> firstTherapy[TherapyType.RADIOTHERAPY.ordinal()];
            case HORMONAL -> firstTherapy[TherapyType.HORMONAL.ordinal()];
            case ANTI_HER2 -> firstTherapy[TherapyType.ANTI_HER2.ordinal()];
            default -> throw new IllegalArgumentException(v.label() + " does not switch on at a date");
        };
    }

    private String subtype() {
        if (!subtypeKnown) {
            subtype = SubtypeRules.classify(diagnosisPayload).map(Labels::label).orElse(null);
            subtypeKnown = true;
        }
        return subtype;
    }

    Double numeric(Variable v) {
        Payload.Diagnosis dx = diagnosisPayload;
        Number n = switch (v) {
            case AGE -> dx.age();
            case POSITIVE_NODES -> dx.positiveNodes();
            case KI67 -> dx.ki67Percent();
            default -> throw new IllegalArgumentException(v.label() + " is categorical");
        };
        return n == null ? null : n.doubleValue();
    }

    private String yesNo(TherapyType type, LocalDate cut) {
        return received(firstTherapy[type.ordinal()], cut) ? "yes" : "no";
    }

    private static boolean received(LocalDate first, LocalDate cut) {
        return first != null && (cut == null || !first.isAfter(cut));
    }

    // Grades and stages are 0-4: the same String instances every time, which also keeps hashing cheap.
    private static final String[] SMALL = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

    private static String text(Integer value) {
        if (value == null) {
            return null;
        }
        int v = value;
        return v >= 0 && v < SMALL.length ? SMALL[v] : Integer.toString(v);
    }
}
