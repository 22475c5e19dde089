package org.followupmonitor.analysis;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.Labels;
import org.followupmonitor.events.PatientTimeline;
import org.followupmonitor.events.Payload;
import org.followupmonitor.events.SubtypeRules;
import org.followupmonitor.events.avro.TherapyType;

/**
 * Derives a patient's {@link SubjectRow} for an analysis from their whole timeline. A pure function of
 * (timeline, definition), so batch and streaming share it and the result cannot depend on arrival order.
 *
 * <p>Conventions (DESIGN.md, "Analyses"):
 * <ul>
 *   <li>Censoring at the last date the patient was known alive: the latest date of any event in effect.</li>
 *   <li>Time in whole days between dates.</li>
 *   <li>Landmark L: group and therapy status are taken as of origin + L, only patients still at risk at
 *       origin + L are kept (event or censoring at exactly L is kept, with time 0) and time counts from
 *       there; this avoids immortal-time bias (Anderson, Cain &amp; Gelber, J Clin Oncol 1983;1:710-9).</li>
 *   <li>Horizon H: follow-up longer than H is censored at H (counted from the start of follow-up).</li>
 *   <li>The first Diagnosis (by date, then event id) is the patient's diagnosis.</li>
 * </ul>
 */
public final class SubjectRows {
    private SubjectRows() {
    }

    /** The derivation of one patient's row for one analysis; never throws for any timeline. */
    public static Derivation derive(PatientTimeline timeline, AnalysisDefinition analysis) {
        List<ClinicalEvent> events = timeline.effectiveEvents();
        if (events.isEmpty()) {
            return excluded(DataQualityFlag.EMPTY_TIMELINE);
        }
        Facts facts = Facts.of(events);
        if (facts.diagnosis == null) {
            return excluded(DataQualityFlag.NO_DIAGNOSIS);
        }
        LocalDate origin = origin(facts, analysis.origin());
        // Status "as of" the landmark when there is one; otherwise at any time.
        LocalDate cut = origin == null || analysis.landmarkDays().isEmpty() ? null
                : origin.plusDays(analysis.landmarkDays().getAsInt());
        // The filter first, so a sub-cohort analysis reports data-quality problems of its own patients only.
        for (Map.Entry<Variable, String> f : analysis.filter().entrySet()) {
            if (!f.getValue().equals(facts.categorical(f.getKey(), cut))) {
                return excluded(DataQualityFlag.OUTSIDE_FILTER);
            }
        }
        if (facts.conflictingDeaths) {
            return excluded(DataQualityFlag.CONFLICTING_DEATHS);
        }
        LocalDate diagnosed = facts.diagnosis.occurredOn();
        if (facts.death != null && facts.death.isBefore(diagnosed)) {
            return excluded(DataQualityFlag.DEATH_BEFORE_DIAGNOSIS);
        }
        if (facts.death != null && facts.lastEvent.isAfter(facts.death)) {
            return excluded(DataQualityFlag.EVENT_AFTER_DEATH);
        }
        if (facts.firstEvent.isBefore(diagnosed)) {
            return excluded(DataQualityFlag.EVENT_BEFORE_DIAGNOSIS);
        }
        if (origin == null) {
            return excluded(DataQualityFlag.NO_ORIGIN_EVENT);
        }
        boolean countsRecurrence = analysis.endpoint() != Endpoint.OVERALL_SURVIVAL;
        if (countsRecurrence && facts.firstRecurrence != null && facts.firstRecurrence.isBefore(origin)) {
            return excluded(DataQualityFlag.RECURRENCE_BEFORE_ORIGIN);
        }
        String group = SubjectRow.ALL;
        if (analysis.groupBy().isPresent()) {
            group = facts.categorical(analysis.groupBy().get(), cut);
            if (group == null) {
                return excluded(DataQualityFlag.MISSING_GROUP);
            }
        }
        List<String> strata = new ArrayList<>(analysis.strata().size());
        for (Variable s : analysis.strata()) {
            String level = facts.categorical(s, cut);
            if (level == null) {
                return excluded(DataQualityFlag.MISSING_STRATUM);
            }
            strata.add(s.label() + "=" + level);
        }

        LocalDate eventDate = switch (analysis.endpoint()) {
            case OVERALL_SURVIVAL -> facts.death;
            case DISEASE_FREE -> earliest(facts.firstRecurrence, facts.death);
            case RECURRENCE -> facts.firstRecurrence;
        };
        boolean event = eventDate != null;
        // Censored at the last date known alive; after a death (recurrence endpoint) that is the death date,
        // because no event may follow a death.
        LocalDate end = event ? eventDate : facts.lastEvent;
        long time = ChronoUnit.DAYS.between(origin, end);
        if (analysis.landmarkDays().isPresent()) {
            int landmark = analysis.landmarkDays().getAsInt();
            if (time < landmark) {
                return excluded(event ? DataQualityFlag.ENDPOINT_BEFORE_LANDMARK
                        : DataQualityFlag.CENSORED_BEFORE_LANDMARK);
            }
            time -= landmark;
        }
        if (analysis.horizonDays().isPresent() && time > analysis.horizonDays().getAsInt()) {
            time = analysis.horizonDays().getAsInt();
            event = false;
        }

        Map<String, String> factors = new HashMap<>();
        Map<String, Double> numbers = new HashMap<>();
        for (Variable v : analysis.covariates()) {
            if (v.isNumeric()) {
                Double value = facts.numeric(v);
                if (value != null) {
                    numbers.put(v.label(), value);
                }
            } else {
                String level = facts.categorical(v, cut);
                if (level != null) {
                    factors.put(v.label(), level);
                }
            }
        }
        return new Derivation.Row(new SubjectRow(Math.toIntExact(time), event, group, String.join(",", strata),
                factors, numbers));
    }

    /**
     * The date the given origin falls on in a patient's timeline (the same rule {@link #derive} uses), or empty
     * when the timeline has no diagnosis or no such event. Whether the patient qualifies for an analysis is
     * {@link #derive}'s answer, not this method's.
     */
    public static Optional<LocalDate> originDate(PatientTimeline timeline, Origin origin) {
        List<ClinicalEvent> events = timeline.effectiveEvents();
        Facts facts = events.isEmpty() ? null : Facts.of(events);
        if (facts == null || facts.diagnosis == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(origin(facts, origin));
    }

    private static LocalDate origin(Facts facts, Origin origin) {
        return switch (origin) {
            case DIAGNOSIS -> facts.diagnosis.occurredOn();
            case SYSTEMIC_CONTROL -> facts.firstControl;
            case SURGERY -> facts.firstSurgery;
            case INDEX -> facts.firstSurgery != null ? facts.firstSurgery : facts.firstControl;
        };
    }

    private static LocalDate earliest(LocalDate a, LocalDate b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isBefore(b) ? a : b;
    }

    /**
     * The patient's characteristics for a descriptive table (the study's Table 1): every variable's value
     * at the end of the timeline ({@code String} level or {@code Double}), absent when unknown. Empty when
     * there is no diagnosis in effect.
     */
    public static Map<Variable, Object> characteristics(PatientTimeline timeline) {
        List<ClinicalEvent> events = timeline.effectiveEvents();
        Facts facts = Facts.of(events);
        if (facts.diagnosisPayload == null) {
            return Map.of();
        }
        Map<Variable, Object> out = new EnumMap<>(Variable.class);
        for (Variable v : Variable.values()) {
            Object value = v.isNumeric() ? facts.numeric(v) : facts.categorical(v, null);
            if (value != null) {
                out.put(v, value);
            }
        }
        return out;
    }

    private static Derivation excluded(DataQualityFlag flag) {
        return new Derivation.Excluded(flag);
    }

    /** What the derivation needs from a timeline, collected in one pass over the (sorted) events. */
    private static final class Facts {
        ClinicalEvent diagnosis;
        Payload.Diagnosis diagnosisPayload;
        LocalDate death;
        boolean conflictingDeaths;
        LocalDate firstControl;
        LocalDate firstSurgery;
        LocalDate firstRecurrence;
        LocalDate firstEvent;
        LocalDate lastEvent;
        final Map<TherapyType, LocalDate> firstTherapy = new EnumMap<>(TherapyType.class);

        static Facts of(List<ClinicalEvent> sorted) {
            Facts f = new Facts();
            for (ClinicalEvent e : sorted) {
                LocalDate d = e.occurredOn();
                // Sorted by date: the first assignment of each "first" is the earliest.
                if (f.firstEvent == null) {
                    f.firstEvent = d;
                }
                f.lastEvent = d;
                Payload p = e.payload();
                if (p instanceof Payload.Diagnosis dx) {
                    if (f.diagnosis == null) {
                        f.diagnosis = e;
                        f.diagnosisPayload = dx;
                    }
                } else if (p instanceof Payload.Death) {
                    if (f.death == null) {
                        f.death = d;
                    } else if (!f.death.equals(d)) {
                        f.conflictingDeaths = true;
                    }
                } else if (p instanceof Payload.SystemicResponse r) {
                    if (r.diseaseControlled() && f.firstControl == null) {
                        f.firstControl = d;
                    }
                } else if (p instanceof Payload.Surgery) {
                    if (f.firstSurgery == null) {
                        f.firstSurgery = d;
                    }
                } else if (p instanceof Payload.Recurrence) {
                    if (f.firstRecurrence == null) {
                        f.firstRecurrence = d;
                    }
                } else if (p instanceof Payload.Therapy t) {
                    f.firstTherapy.putIfAbsent(t.therapy(), d);
                }
            }
            return f;
        }

        /** The level of a categorical variable, or null when unknown. {@code cut}: status as of that date. */
        String categorical(Variable v, LocalDate cut) {
            Payload.Diagnosis dx = diagnosisPayload;
            return switch (v) {
                case ARM -> received(firstSurgery, cut) ? "surgery" : "no-surgery";
                case SUBTYPE -> SubtypeRules.classify(dx).map(Labels::label).orElse(null);
                case GRADE -> text(dx.grade());
                case T_STAGE -> text(dx.tStage());
                case N_STAGE -> text(dx.nStage());
                case METASTASIS -> dx.metastasisSites().isEmpty() ? null
                        : dx.metastasisSites().size() == 1 ? "single" : "multiple";
                case CHEMOTHERAPY -> yesNo(TherapyType.CHEMOTHERAPY, cut);
                case RADIOTHERAPY -> yesNo(TherapyType.RADIOTHERAPY, cut);
                case HORMONAL -> yesNo(TherapyType.HORMONAL, cut);
                case ANTI_HER2 -> yesNo(TherapyType.ANTI_HER2, cut);
                case SITE -> diagnosis.site();
                case AGE, POSITIVE_NODES, KI67 -> throw new IllegalArgumentException(v.label() + " is numeric");
            };
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
            return received(firstTherapy.get(type), cut) ? "yes" : "no";
        }

        private static boolean received(LocalDate first, LocalDate cut) {
            return first != null && (cut == null || !first.isAfter(cut));
        }

        private static String text(Integer value) {
            return value == null ? null : Integer.toString(value);
        }
    }
}
