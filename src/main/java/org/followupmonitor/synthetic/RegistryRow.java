package org.followupmonitor.synthetic;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One patient as a registry exports it: one CSV row in the layout of the registry file import
 * (issue 2). An empty optional is an empty cell, meaning unknown or did not happen.
 *
 * <p>Tokens: {@code er}/{@code pr}/{@code her2} are {@code positive|negative|unknown};
 * {@code subtype} is {@code luminal-a|luminal-b|luminal-b-her2|her2-enriched|triple-negative};
 * {@code response} is {@code complete|partial|stable|progression}; {@code procedure} is
 * {@code mastectomy|breast-conserving}; {@code margin} is {@code R0|R1|R2}; {@code recurrenceSite} is
 * {@code local|regional|distant}; {@code deathCause} is {@code breast-cancer|other|unknown};
 * metastasis sites are {@code bone|lung|liver|axillary-nodes|adrenal|abdominal|other}.
 */
public record RegistryRow(
        String patientId,
        String site,
        LocalDate diagnosisDate,
        int age,
        OptionalInt grade,
        OptionalInt tStage,
        OptionalInt nStage,
        OptionalInt positiveNodes,
        String er,
        String pr,
        String her2,
        OptionalInt ki67,
        Optional<String> subtype,
        List<String> metastasisSites,
        Optional<LocalDate> controlDate,
        Optional<String> response,
        Optional<LocalDate> surgeryDate,
        Optional<String> procedure,
        Optional<String> margin,
        Optional<LocalDate> chemotherapyDate,
        Optional<LocalDate> radiotherapyDate,
        Optional<LocalDate> hormonalDate,
        Optional<LocalDate> antiHer2Date,
        Optional<LocalDate> recurrenceDate,
        Optional<String> recurrenceSite,
        Optional<LocalDate> deathDate,
        Optional<String> deathCause,
        Optional<LocalDate> lastContactDate) {

    /** The CSV header, in the order {@link #toCsvLine()} writes the cells. */
    public static final List<String> HEADER = List.of("patient_id", "site", "diagnosis_date", "age", "grade",
            "t_stage", "n_stage", "positive_nodes", "er", "pr", "her2", "ki67", "subtype", "metastasis_sites",
            "control_date", "response", "surgery_date", "procedure", "margin", "chemotherapy_date",
            "radiotherapy_date", "hormonal_date", "anti_her2_date", "recurrence_date", "recurrence_site",
            "death_date", "death_cause", "last_contact_date");

    static final Set<String> RECEPTOR = Set.of("positive", "negative", "unknown");
    static final Set<String> SUBTYPES = Set.of("luminal-a", "luminal-b", "luminal-b-her2", "her2-enriched",
            "triple-negative");
    static final Set<String> RESPONSES = Set.of("complete", "partial", "stable", "progression");
    static final Set<String> PROCEDURES = Set.of("mastectomy", "breast-conserving");
    static final Set<String> MARGINS = Set.of("R0", "R1", "R2");
    static final Set<String> RECURRENCE_SITES = Set.of("local", "regional", "distant");
    static final Set<String> DEATH_CAUSES = Set.of("breast-cancer", "other", "unknown");
    static final Set<String> METASTASIS_SITES = Set.of("bone", "lung", "liver", "axillary-nodes", "adrenal",
            "abdominal", "other");

    public RegistryRow {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(diagnosisDate, "diagnosisDate");
        if (!patientId.matches("[A-Za-z0-9_-]+") || !site.matches("[A-Za-z0-9_-]+")) {
            // keeps the CSV free of quoting; the id itself is never put in the message
            throw new IllegalArgumentException("patient id and site may use letters, digits, '_' and '-' only");
        }
        if (age < 0 || age > 120) {
            throw new IllegalArgumentException("age must be within 0..120 years, got " + age);
        }
        checkRange("grade", grade, 1, 3);
        checkRange("t_stage", tStage, 0, 4);
        checkRange("n_stage", nStage, 0, 3);
        checkRange("positive_nodes", positiveNodes, 0, 100);
        checkRange("ki67", ki67, 0, 100);
        checkToken("er", er, RECEPTOR);
        checkToken("pr", pr, RECEPTOR);
        checkToken("her2", her2, RECEPTOR);
        subtype.ifPresent(s -> checkToken("subtype", s, SUBTYPES));
        metastasisSites = List.copyOf(metastasisSites);
        metastasisSites.forEach(s -> checkToken("metastasis_sites", s, METASTASIS_SITES));
        response.ifPresent(s -> checkToken("response", s, RESPONSES));
        procedure.ifPresent(s -> checkToken("procedure", s, PROCEDURES));
        margin.ifPresent(s -> checkToken("margin", s, MARGINS));
        recurrenceSite.ifPresent(s -> checkToken("recurrence_site", s, RECURRENCE_SITES));
        deathCause.ifPresent(s -> checkToken("death_cause", s, DEATH_CAUSES));
        for (Optional<LocalDate> d : List.of(controlDate, surgeryDate, chemotherapyDate, radiotherapyDate,
                hormonalDate, antiHer2Date, recurrenceDate, deathDate, lastContactDate)) {
            Objects.requireNonNull(d, "date optionals must be Optional.empty(), not null");
        }
    }

    private static void checkRange(String field, OptionalInt v, int lo, int hi) {
        Objects.requireNonNull(v, field);
        if (v.isPresent() && (v.getAsInt() < lo || v.getAsInt() > hi)) {
            throw new IllegalArgumentException(field + " must be within " + lo + ".." + hi + ", got " + v.getAsInt());
        }
    }

    private static void checkToken(String field, String v, Set<String> allowed) {
        if (v == null || !allowed.contains(v)) {
            throw new IllegalArgumentException(field + " must be one of " + new java.util.TreeSet<>(allowed)
                    + ", got '" + v + "'");
        }
    }

    /** True when the patient had surgery (the study's "operated" arm). */
    public boolean operated() {
        return surgeryDate.isPresent();
    }

    /**
     * The study's time origin: the surgery date for operated patients, the systemic-control date
     * for the others.
     */
    public Optional<LocalDate> indexDate() {
        return surgeryDate.isPresent() ? surgeryDate : controlDate;
    }

    /** The header line, without line terminator. */
    public static String csvHeader() {
        return String.join(",", HEADER);
    }

    /** This row as one CSV line without line terminator; no cell needs quoting. */
    public String toCsvLine() {
        StringBuilder b = new StringBuilder(200);
        b.append(patientId).append(',').append(site).append(',').append(diagnosisDate).append(',').append(age);
        cell(b, grade);
        cell(b, tStage);
        cell(b, nStage);
        cell(b, positiveNodes);
        b.append(',').append(er).append(',').append(pr).append(',').append(her2);
        cell(b, ki67);
        cell(b, subtype);
        b.append(',').append(String.join(";", metastasisSites));
        cell(b, controlDate);
        cell(b, response);
        cell(b, surgeryDate);
        cell(b, procedure);
        cell(b, margin);
        cell(b, chemotherapyDate);
        cell(b, radiotherapyDate);
        cell(b, hormonalDate);
        cell(b, antiHer2Date);
        cell(b, recurrenceDate);
        cell(b, recurrenceSite);
        cell(b, deathDate);
        cell(b, deathCause);
        cell(b, lastContactDate);
        return b.toString();
    }

    private static void cell(StringBuilder b, OptionalInt v) {
        b.append(',');
        if (v.isPresent()) {
            b.append(v.getAsInt());
        }
    }

    private static void cell(StringBuilder b, Optional<?> v) {
        b.append(',');
        v.ifPresent(b::append);
    }
}
