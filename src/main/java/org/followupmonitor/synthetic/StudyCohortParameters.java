package org.followupmonitor.synthetic;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Parameters of a synthetic registry shaped like the reference study (Soomro et al. 2021).
 *
 * <p>The category mixes (grade, T stage, metastasis sites, subtype, therapies, procedure) are the
 * study's Table 1 shares and are fixed in {@link StudyCohortGenerator}; what varies between uses
 * is the size, the seed, the operated share and the calendar.
 *
 * @param patients          number of rows, 1 … 100,000,000
 * @param seed              seed of the pseudo-random stream; the same parameters give byte-identical output
 * @param operatedShare     share of patients operated after systemic control, in (0, 1); the study's is 237/421
 * @param firstDiagnosis    earliest diagnosis date (inclusive)
 * @param lastDiagnosis     latest diagnosis date (inclusive), not before {@code firstDiagnosis}
 * @param followUpEnd       data cut-off: no date in the registry is later; at least 365 days after
 *                          {@code lastDiagnosis} so that every patient reaches the time origin with follow-up left
 * @param ageMean           mean age at diagnosis in years, 18 … 90
 * @param ageSd             standard deviation of age in years, 0 … 30
 * @param explicitSubtypeShare share of rows with a known subtype whose {@code subtype} column is filled,
 *                          in [0, 1]; the others leave the subtype to be derived from ER/PR/HER2/Ki-67
 * @param lossToFollowUpPerYear yearly hazard of losing a surviving patient to follow-up, in [0, 1)
 * @param sites             registry site codes assigned uniformly; non-empty, each matching {@code [A-Za-z0-9_-]+}
 */
public record StudyCohortParameters(
        int patients,
        long seed,
        double operatedShare,
        LocalDate firstDiagnosis,
        LocalDate lastDiagnosis,
        LocalDate followUpEnd,
        double ageMean,
        double ageSd,
        double explicitSubtypeShare,
        double lossToFollowUpPerYear,
        List<String> sites) {

    /** The study's size. */
    public static final int STUDY_PATIENTS = 421;
    /** The study's operated share, 237 of 421. */
    public static final double STUDY_OPERATED_SHARE = 237.0 / 421.0;
    /** The seed of the bundled example {@code examples/study-cohort.csv}. */
    public static final long EXAMPLE_SEED = 2021L;
    /** Upper bound on {@link #patients()}; far above the 1,000,000 the scale test needs. */
    public static final int MAX_PATIENTS = 100_000_000;

    public StudyCohortParameters {
        if (patients < 1 || patients > MAX_PATIENTS) {
            throw new IllegalArgumentException(
                    "patients must be between 1 and " + MAX_PATIENTS + ", got " + patients);
        }
        if (!(operatedShare > 0.0 && operatedShare < 1.0)) {
            throw new IllegalArgumentException("operatedShare must be strictly between 0 and 1, got " + operatedShare
                    + "; the study's is " + STUDY_OPERATED_SHARE);
        }
        if (firstDiagnosis == null || lastDiagnosis == null || followUpEnd == null) {
            throw new IllegalArgumentException("firstDiagnosis, lastDiagnosis and followUpEnd are required");
        }
        if (lastDiagnosis.isBefore(firstDiagnosis)) {
            throw new IllegalArgumentException("lastDiagnosis " + lastDiagnosis + " is before firstDiagnosis "
                    + firstDiagnosis + "; swap them");
        }
        if (ChronoUnit.DAYS.between(lastDiagnosis, followUpEnd) < 365) {
            throw new IllegalArgumentException("followUpEnd " + followUpEnd + " must be at least 365 days after "
                    + "lastDiagnosis " + lastDiagnosis + " so every patient reaches surgery or systemic control "
                    + "with follow-up left");
        }
        if (!(ageMean >= 18.0 && ageMean <= 90.0)) {
            throw new IllegalArgumentException("ageMean must be within 18..90 years, got " + ageMean);
        }
        if (!(ageSd >= 0.0 && ageSd <= 30.0)) {
            throw new IllegalArgumentException("ageSd must be within 0..30 years, got " + ageSd);
        }
        if (!(explicitSubtypeShare >= 0.0 && explicitSubtypeShare <= 1.0)) {
            throw new IllegalArgumentException("explicitSubtypeShare must be within 0..1, got " + explicitSubtypeShare);
        }
        if (!(lossToFollowUpPerYear >= 0.0 && lossToFollowUpPerYear < 1.0)) {
            throw new IllegalArgumentException(
                    "lossToFollowUpPerYear must be within [0, 1), got " + lossToFollowUpPerYear);
        }
        if (sites == null || sites.isEmpty()) {
            throw new IllegalArgumentException("sites must name at least one registry site");
        }
        sites = List.copyOf(sites);
        for (String s : sites) {
            if (!s.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("site codes may use letters, digits, '_' and '-' only, got '"
                        + s + "'");
            }
        }
    }

    /**
     * The reference study's shape: 421 patients, 237 operated, diagnoses 2010–2020, data cut-off
     * 2021-12-31, age 49.2 ± 12.1, a third of known subtypes written explicitly, 4% yearly loss to
     * follow-up, one site.
     */
    public static StudyCohortParameters study(long seed) {
        return new StudyCohortParameters(STUDY_PATIENTS, seed, STUDY_OPERATED_SHARE,
                LocalDate.of(2010, 1, 1), LocalDate.of(2020, 12, 31), LocalDate.of(2021, 12, 31),
                49.2, 12.1, 0.35, 0.04, List.of("LNH"));
    }

    /** A copy with another size (the shares scale with it). */
    public StudyCohortParameters withPatients(int n) {
        return new StudyCohortParameters(n, seed, operatedShare, firstDiagnosis, lastDiagnosis, followUpEnd,
                ageMean, ageSd, explicitSubtypeShare, lossToFollowUpPerYear, sites);
    }

    /** A copy with another seed. */
    public StudyCohortParameters withSeed(long s) {
        return new StudyCohortParameters(patients, s, operatedShare, firstDiagnosis, lastDiagnosis, followUpEnd,
                ageMean, ageSd, explicitSubtypeShare, lossToFollowUpPerYear, sites);
    }

    /** A copy with another operated share. */
    public StudyCohortParameters withOperatedShare(double share) {
        return new StudyCohortParameters(patients, seed, share, firstDiagnosis, lastDiagnosis, followUpEnd,
                ageMean, ageSd, explicitSubtypeShare, lossToFollowUpPerYear, sites);
    }
}
