package org.followupmonitor.analysis;

import java.util.List;
import java.util.Optional;

/**
 * A patient characteristic an analysis can group, stratify, filter or adjust by. Categorical variables
 * have closed level sets (except {@code site}); numeric ones are used as given in Cox models.
 * The first level is the natural reference (e.g. {@code no-surgery}, {@code no}, grade {@code 1}).
 */
public enum Variable {
    /** surgery / no-surgery (received at any time, or by the landmark when one is set). */
    ARM(List.of("no-surgery", "surgery")),
    /** St Gallen surrogate subtype. */
    SUBTYPE(List.of("luminal-a", "luminal-b", "luminal-b-her2", "her2-enriched", "triple-negative")),
    /** Histological grade 1-3. */
    GRADE(List.of("1", "2", "3")),
    /** T stage 0-4. */
    T_STAGE(List.of("0", "1", "2", "3", "4")),
    /** N stage 0-3. */
    N_STAGE(List.of("0", "1", "2", "3")),
    /** Number of metastatic sites at diagnosis: single / multiple. */
    METASTASIS(List.of("single", "multiple")),
    /** Chemotherapy received: no / yes. */
    CHEMOTHERAPY(List.of("no", "yes")),
    /** Radiotherapy received: no / yes. */
    RADIOTHERAPY(List.of("no", "yes")),
    /** Hormonal therapy received: no / yes. */
    HORMONAL(List.of("no", "yes")),
    /** Anti-HER2 therapy received: no / yes. */
    ANTI_HER2(List.of("no", "yes")),
    /** Reporting site of the diagnosis (open level set). */
    SITE(null),
    /** Age at diagnosis in years (numeric). */
    AGE(null),
    /** Positive lymph nodes (numeric). */
    POSITIVE_NODES(null),
    /** Ki-67 percent (numeric). */
    KI67(null);

    private final List<String> levels;
    /**
     * Asked for each covariate of each subject row; the shared cache behind {@link
     * org.followupmonitor.events.Labels#label} (a concurrent map lookup) was 6% of rebuilding a timeline task's shares.
     */
    private final String label;

    Variable(List<String> levels) {
        this.levels = levels;
        this.label = org.followupmonitor.events.Labels.label(this);
    }

    /** True for AGE, POSITIVE_NODES and KI67. */
    public boolean isNumeric() {
        return this == AGE || this == POSITIVE_NODES || this == KI67;
    }

    /**
     * True for the variables that switch on at a date of the patient's timeline and stay on: {@code arm} (at the
     * first surgery) and the four therapies (at their first start). Only these can be time-varying Cox covariates.
     */
    public boolean switchesOn() {
        return this == ARM || this == CHEMOTHERAPY || this == RADIOTHERAPY || this == HORMONAL || this == ANTI_HER2;
    }

    /** The closed level set in natural order; empty for numeric variables and for {@code site}. */
    public Optional<List<String>> levels() {
        return Optional.ofNullable(levels);
    }

    /** The label used in YAML and in {@link SubjectRow} maps, e.g. {@code t-stage}. */
    public String label() {
        return label;
    }
}
