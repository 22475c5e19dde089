package org.followupmonitor.events;

import java.util.Optional;
import org.followupmonitor.events.avro.ReceptorStatus;
import org.followupmonitor.events.avro.Subtype;

/**
 * St Gallen surrogate intrinsic subtypes (Goldhirsch et al., Ann Oncol 2013;24:2206-23), the five groups
 * the reference study reports.
 *
 * <ul>
 *   <li>An explicit subtype on the diagnosis wins.</li>
 *   <li>Hormone-receptor positive (HR+) = ER or PR positive; HR- = both negative.</li>
 *   <li>HR+ HER2+ → luminal-b-her2; HR- HER2+ → her2-enriched; HR- HER2- → triple-negative.</li>
 *   <li>HR+ HER2-: luminal-b when Ki-67 ≥ 20 %, grade 3 or PR negative (the 2013 "luminal B-like"
 *       markers of high proliferation or low PR); luminal-a when PR is positive and a proliferation marker
 *       (Ki-67 or grade) is known and low; otherwise unknown, because A and B cannot be told apart.</li>
 *   <li>Unknown when HER2 is unknown or HR status cannot be decided.</li>
 * </ul>
 */
public final class SubtypeRules {
    /** St Gallen 2013 threshold for high Ki-67. */
    public static final double KI67_HIGH_PERCENT = 20.0;

    private SubtypeRules() {
    }

    /** The patient's subtype, or empty when it cannot be determined. */
    public static Optional<Subtype> classify(Payload.Diagnosis d) {
        if (d.subtype() != null) {
            return Optional.of(d.subtype());
        }
        Boolean hormonePositive = hormoneReceptorPositive(d.er(), d.pr());
        if (hormonePositive == null || d.her2() == ReceptorStatus.UNKNOWN) {
            return Optional.empty();
        }
        boolean her2Positive = d.her2() == ReceptorStatus.POSITIVE;
        if (!hormonePositive) {
            return Optional.of(her2Positive ? Subtype.HER2_ENRICHED : Subtype.TRIPLE_NEGATIVE);
        }
        if (her2Positive) {
            return Optional.of(Subtype.LUMINAL_B_HER2);
        }
        boolean highKi67 = d.ki67Percent() != null && d.ki67Percent() >= KI67_HIGH_PERCENT;
        boolean grade3 = d.grade() != null && d.grade() == 3;
        if (highKi67 || grade3 || d.pr() == ReceptorStatus.NEGATIVE) {
            return Optional.of(Subtype.LUMINAL_B);
        }
        boolean proliferationKnownLow = d.ki67Percent() != null || d.grade() != null;
        if (proliferationKnownLow && d.pr() == ReceptorStatus.POSITIVE) {
            return Optional.of(Subtype.LUMINAL_A);
        }
        return Optional.empty();
    }

    /** TRUE/FALSE, or null when ER/PR do not decide it (e.g. ER unknown and PR negative). */
    private static Boolean hormoneReceptorPositive(ReceptorStatus er, ReceptorStatus pr) {
        if (er == ReceptorStatus.POSITIVE || pr == ReceptorStatus.POSITIVE) {
            return Boolean.TRUE;
        }
        if (er == ReceptorStatus.NEGATIVE && pr == ReceptorStatus.NEGATIVE) {
            return Boolean.FALSE;
        }
        return null;
    }
}
