package org.followupmonitor.events;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.followupmonitor.events.avro.DeathCause;
import org.followupmonitor.events.avro.ErasureReason;
import org.followupmonitor.events.avro.FollowUpStatus;
import org.followupmonitor.events.avro.ReceptorStatus;
import org.followupmonitor.events.avro.RecurrenceSite;
import org.followupmonitor.events.avro.ResectionMargin;
import org.followupmonitor.events.avro.ResponseCategory;
import org.followupmonitor.events.avro.Subtype;
import org.followupmonitor.events.avro.SurgicalProcedure;
import org.followupmonitor.events.avro.TherapyType;

/**
 * What an event says happened: one record per payload branch of the Avro {@code PatientEvent}.
 * The closed value sets reuse the enums generated from {@code schemas/PatientEvent.avsc}, so the
 * domain and the wire format cannot drift apart. Optional values are {@code null}.
 */
public sealed interface Payload {

    /** The payload's type label as written in files, e.g. {@code systemic-response}. */
    String type();

    /**
     * Histological diagnosis. Every numeric field is optional ({@code null} = not recorded).
     *
     * @param age age in years at diagnosis, 0-130
     * @param grade histological grade 1-3
     * @param tStage T stage 0-4
     * @param nStage N stage 0-3
     * @param positiveNodes positive lymph nodes, >= 0
     * @param er oestrogen receptor, never null ({@code UNKNOWN} when not recorded)
     * @param pr progesterone receptor, never null
     * @param her2 HER2 status, never null
     * @param ki67Percent Ki-67 index in percent, 0-100
     * @param subtype explicit subtype (wins over the one derived from receptors)
     * @param metastasisSites lower-case site names; empty when none recorded
     */
    record Diagnosis(Integer age, Integer grade, Integer tStage, Integer nStage, Integer positiveNodes,
            ReceptorStatus er, ReceptorStatus pr, ReceptorStatus her2, Double ki67Percent, Subtype subtype,
            List<String> metastasisSites) implements Payload {
        public Diagnosis {
            checkRange("age", age, 0, 130);
            checkRange("grade", grade, 1, 3);
            checkRange("tStage", tStage, 0, 4);
            checkRange("nStage", nStage, 0, 3);
            checkRange("positiveNodes", positiveNodes, 0, 200);
            er = er == null ? ReceptorStatus.UNKNOWN : er;
            pr = pr == null ? ReceptorStatus.UNKNOWN : pr;
            her2 = her2 == null ? ReceptorStatus.UNKNOWN : her2;
            if (ki67Percent != null && !(ki67Percent >= 0 && ki67Percent <= 100)) {
                throw new IllegalArgumentException("ki67Percent: " + ki67Percent + " is not a percentage (0-100)");
            }
            metastasisSites = metastasisSites == null ? List.of() : canonicalSites(metastasisSites);
        }

        /** Trimmed, lower case, non-empty, distinct, sorted; without a stream when already so (a batch import). */
        private static List<String> canonicalSites(List<String> sites) {
            boolean canonical = true;
            String previous = null;
            for (String s : sites) {
                if (s.isEmpty() || !s.trim().equals(s) || !s.toLowerCase(Locale.ROOT).equals(s)
                        || (previous != null && previous.compareTo(s) >= 0)) {
                    canonical = false;
                    break;
                }
                previous = s;
            }
            if (canonical) {
                return List.copyOf(sites);
            }
            return sites.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).distinct()
                    .sorted().toList();
        }

        @Override
        public String type() {
            return "diagnosis";
        }
    }

    /** Response assessment after systemic treatment; the first controlled one is the systemic-control origin. */
    record SystemicResponse(ResponseCategory response, boolean diseaseControlled) implements Payload {
        public SystemicResponse {
            if (response == ResponseCategory.PROGRESSION && diseaseControlled) {
                throw new IllegalArgumentException("diseaseControlled: cannot be true with response progression");
            }
        }

        @Override
        public String type() {
            return "systemic-response";
        }
    }

    /** Start of a treatment modality. */
    record Therapy(TherapyType therapy) implements Payload {
        public Therapy {
            Objects.requireNonNull(therapy, "therapy: required");
        }

        @Override
        public String type() {
            return "therapy";
        }
    }

    /** Local breast surgery; procedure and margin may be unknown ({@code null}). */
    record Surgery(SurgicalProcedure procedure, ResectionMargin margin) implements Payload {
        @Override
        public String type() {
            return "surgery";
        }
    }

    /** Recurrence; site may be unknown ({@code null}). */
    record Recurrence(RecurrenceSite site) implements Payload {
        @Override
        public String type() {
            return "recurrence";
        }
    }

    /** Death from any cause. */
    record Death(DeathCause cause) implements Payload {
        public Death {
            cause = cause == null ? DeathCause.UNKNOWN : cause;
        }

        @Override
        public String type() {
            return "death";
        }
    }

    /** A contact at which the patient was known alive. */
    record FollowUp(FollowUpStatus status) implements Payload {
        public FollowUp {
            status = status == null ? FollowUpStatus.UNKNOWN : status;
        }

        @Override
        public String type() {
            return "follow-up";
        }
    }

    /** Withdraws the event with the given id (a data correction). */
    record Retraction(String retractedEventId) implements Payload {
        public Retraction {
            if (retractedEventId == null || retractedEventId.isBlank()) {
                throw new IllegalArgumentException("retractedEventId: required");
            }
        }

        @Override
        public String type() {
            return "retraction";
        }
    }

    /** The patient withdrew consent: everything about them is removed, now and later. */
    record Erasure(ErasureReason reason) implements Payload {
        public Erasure {
            reason = reason == null ? ErasureReason.CONSENT_WITHDRAWN : reason;
        }

        @Override
        public String type() {
            return "erasure";
        }
    }

    /** Every payload type label, in the order used for reports. */
    List<String> TYPES = List.of("diagnosis", "systemic-response", "therapy", "surgery", "recurrence", "death",
            "follow-up", "retraction", "erasure");

    private static void checkRange(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw new IllegalArgumentException(field + ": " + value + " is outside " + min + "-" + max);
        }
    }
}
