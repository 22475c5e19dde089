package org.followupmonitor.synthetic;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A seeded synthetic registry shaped like the reference study (Soomro et al. 2021, stage IV breast
 * cancer, surgery after systemic disease control vs none), one {@link RegistryRow} per patient.
 *
 * <p><b>What is reproduced, and how exactly.</b> Counts that the study reports are met exactly
 * for 421 patients, and in proportion for any other size, by drawing without replacement from
 * apportioned quotas ({@link QuotaSampler}): the arms (237 operated / 184 not), Table 1's grade,
 * T stage, single/multiple metastasis, procedure, chemotherapy, radiotherapy and hormonal counts,
 * the subtype mix, the deaths per arm (37 = 15.6% operated, 47 = 25.5% not) and the recurrences per
 * arm (10 / 6). Age, N stage, Ki-67, individual metastasis sites and the dates are drawn freely.
 *
 * <p><b>Decisions where the paper is incomplete or inconsistent</b> (documented here because
 * analyses of the example depend on them):
 * <ul>
 *   <li>Table 1's subtypes add up to 348 of 421. The remaining 73 (17.3%) are written with
 *       {@code er/pr/her2 = unknown} and no subtype, rather than rescaling the five subtypes: this
 *       keeps the table's counts and exercises the unknown-receptor path. It also reconciles the
 *       paper's per-subtype 5-year survival (operated: luminal B 91.8%, luminal B HER2+ 80%, HER2-enriched
 *       83.3%, triple-negative 90%; not operated 83.6%, 71%, 81.3%, 64.5%; luminal A below) with
 *       its per-arm mortality, which the five subtypes alone cannot reach: the unknown group carries
 *       the remaining deaths (about 34% operated, 41% not).</li>
 *   <li>Luminal A: the text gives 100% five-year survival in both arms (of 5 patients), but Table 4 gives
 *       luminal A a univariate hazard ratio of 1.609 against triple-negative, which needs deaths; with none, the
 *       study's own Cox models on subtype cannot be fitted (the coefficient runs off to infinity, as R warns).
 *       The generator follows Table 4: luminal A's survival is triple-negative's raised to the power 1.609
 *       (proportional hazards), 84% operated and 49% not at five years; 1 of the 5 dies in the 421-patient
 *       cohort, about 18 of 59 in 5,000. The unknown-subtype group carries that many fewer deaths, so the
 *       per-arm deaths are unchanged.</li>
 *   <li>Grade is known for 246 patients and T stage for 406 in Table 1; the rest are left empty.
 *       Procedure is known for 236 of 237 operated patients; one is left empty.</li>
 *   <li>Subtype is independent of arm (cell counts apportioned in proportion), as are grade and T stage.</li>
 *   <li>The paper's overall survival is not monotone (not operated: 72.4%, 75.4%, 74.5% at 1, 2, 5 years).
 *       Deaths are placed mostly in the first year after the time origin (93% operated, 95% not, the
 *       rest in years 2 and 3–5), which gives a monotone curve near the reported figures:
 *       about 85–86% / 85% / 84% operated and 75–76% / 75% / 74% not.</li>
 *   <li>Time origin (the study's): surgery for operated patients, systemic control otherwise. Every
 *       patient has a control date (4–8 months after diagnosis) with response complete, partial or
 *       stable; operated patients are operated 2–8 weeks after control, with margin R0.</li>
 *   <li>Deaths are always recorded (registry linkage); survivors are censored at their last contact,
 *       the earlier of the data cut-off (less a last-visit gap of up to 60 days) and loss to follow-up,
 *       so patients whose origin is within 5 years of the cut-off are censored before 5 years.</li>
 *   <li>No chemotherapy (62) only for HER2-negative hormone-receptor-positive patients, who then receive
 *       primary endocrine therapy; hormonal therapy otherwise for 80% of receptor-positive and 14% of
 *       unknown-receptor patients (181 in all); anti-HER2 for 46% of HER2-positive patients
 *       (the paper notes limited affordability); radiotherapy for 150 operated and 28 not operated.</li>
 *   <li>Receptors are consistent with the subtype by the St Gallen 2013 surrogate rules. Luminal A rows
 *       always carry Ki-67 ≤ 13 with PR positive; luminal B (HER2−) rows carry PR negative or Ki-67 ≥ 20,
 *       so the 14% and 20% Ki-67 cut-offs agree. The {@code subtype} column is filled for a share of rows
 *       ({@link StudyCohortParameters#explicitSubtypeShare()}), always agreeing with the receptors.</li>
 *   <li>All recurrences are distant, as in the study (no local recurrence).</li>
 * </ul>
 *
 * <p>Output is a pure function of the parameters: the same parameters give byte-identical CSV. Rows
 * are produced lazily, so {@link #writeCsv(Writer)} streams any size in constant memory.
 */
public final class StudyCohortGenerator {

    // Table 1 counts (of 421) used as weights.
    private static final double[] SUBTYPE_WEIGHTS = {5, 153, 56, 53, 81, 73}; // A, B, B-HER2, HER2, TN, unknown
    private static final String[] SUBTYPE_TOKENS = {"luminal-a", "luminal-b", "luminal-b-her2", "her2-enriched",
        "triple-negative", null};
    private static final int LUM_A = 0;
    private static final int LUM_B = 1;
    private static final int LUM_B_HER2 = 2;
    private static final int HER2 = 3;
    private static final int UNKNOWN = 5;
    private static final double[] GRADE_WEIGHTS = {11, 146, 89, 175}; // I, II, III, unknown
    private static final double[] T_WEIGHTS = {50, 10, 87, 60, 199, 15}; // T0..T4, unknown
    private static final double[] METASTASIS_COUNT_WEIGHTS = {333, 88}; // single, multiple
    private static final String[] METASTASIS_SITES = {"bone", "lung", "liver", "axillary-nodes", "adrenal",
        "abdominal", "other"};
    private static final double[] METASTASIS_SITE_WEIGHTS = {191, 186, 116, 9, 9, 2, 11};
    private static final double[] PROCEDURE_WEIGHTS = {171, 65, 1}; // mastectomy, breast-conserving, unknown

    // 5-year mortality by subtype from the paper's per-subtype survival; index 0 operated, 1 not. Luminal A
    // from Table 4 instead (see the class comment): S = S_TN^1.609, i.e. 1 - 0.90^1.609 and 1 - 0.645^1.609.
    private static final double LUMINAL_A_HR = 1.609;
    private static final double[][] SUBTYPE_MORTALITY = {
        {1 - Math.pow(0.90, LUMINAL_A_HR), 0.082, 0.20, 0.167, 0.10},
        {1 - Math.pow(0.645, LUMINAL_A_HR), 0.164, 0.29, 0.187, 0.355},
    };
    private static final double[] ARM_MORTALITY = {37.0 / 237.0, 47.0 / 184.0};
    private static final double[] ARM_RECURRENCE = {10.0 / 237.0, 6.0 / 184.0};
    private static final double[] ARM_RADIOTHERAPY = {150.0 / 237.0, 28.0 / 184.0};
    private static final double NO_CHEMO_SHARE = 62.0 / 421.0;
    private static final double HORMONAL_SHARE = 181.0 / 421.0;
    private static final double HORMONAL_UNKNOWN_RECEPTOR = 10.0 / 73.0;
    private static final double ANTI_HER2_SHARE = 0.46;
    // Share of deaths in (30, 365], (365, 730], (730, 1826] days after the origin, by arm.
    private static final double[][] DEATH_YEAR_SHARE = {{0.93, 0.04, 0.03}, {0.95, 0.03, 0.02}};
    private static final int[] DEATH_BOUNDS = {30, 365, 730, 1826};
    private static final double[][] RESPONSE_WEIGHTS = {{0.8, 0.2, 0.0}, {0.4, 0.45, 0.15}};
    private static final String[] RESPONSES = {"complete", "partial", "stable"};

    private final StudyCohortParameters parameters;

    /**
     * @param parameters validated parameters
     * @throws NullPointerException if parameters is null
     */
    public StudyCohortGenerator(StudyCohortParameters parameters) {
        this.parameters = java.util.Objects.requireNonNull(parameters, "parameters");
    }

    public StudyCohortParameters parameters() {
        return parameters;
    }

    /** A fresh lazy iterator over all rows, starting from the seed each time it is called. */
    public Iterator<RegistryRow> rows() {
        return new Run(parameters);
    }

    /** The rows as a sequential, ordered, lazy stream. */
    public Stream<RegistryRow> stream() {
        return StreamSupport.stream(Spliterators.spliterator(rows(), parameters.patients(),
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.SIZED), false);
    }

    /**
     * Writes the header and every row as CSV ({@code \n} line ends) without holding rows in memory.
     * The writer is flushed, not closed.
     *
     * @return the number of patient rows written
     * @throws IOException if the writer fails
     */
    public long writeCsv(Writer out) throws IOException {
        out.write(RegistryRow.csvHeader());
        out.write('\n');
        long n = 0;
        for (Iterator<RegistryRow> it = rows(); it.hasNext(); n++) {
            out.write(it.next().toCsvLine());
            out.write('\n');
        }
        out.flush();
        return n;
    }

    /**
     * Writes the CSV to a file (UTF-8), creating parent directories.
     *
     * @return the number of patient rows written
     * @throws IOException if the file cannot be written
     */
    public long writeCsv(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            return writeCsv(w);
        }
    }

    /** The CSV as one string; for small cohorts (tests, examples). */
    public String toCsv() {
        java.io.StringWriter w = new java.io.StringWriter();
        try {
            writeCsv(w);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // StringWriter does not throw
        }
        return w.toString();
    }

    /** One pass over the cohort: the random stream and the remaining quotas. */
    private static final class Run implements Iterator<RegistryRow> {
        private final StudyCohortParameters p;
        private final SplitMix64 rng;
        private final QuotaSampler armSubtype; // index arm * 6 + subtype
        private final QuotaSampler[] death = new QuotaSampler[12]; // per arm×subtype: 0 dies, 1 survives
        private final QuotaSampler[] recurrence = new QuotaSampler[2];
        private final QuotaSampler[] radiotherapy = new QuotaSampler[2];
        private final QuotaSampler grade;
        private final QuotaSampler tStage;
        private final QuotaSampler metastasisCount;
        private final QuotaSampler procedure;
        private final QuotaSampler noChemo; // among HER2-negative receptor-positive (luminal A and B)
        private final QuotaSampler hormonalWithChemo; // among receptor-positive patients who had chemotherapy
        private final QuotaSampler hormonalUnknown; // among unknown-receptor patients
        private final QuotaSampler antiHer2; // among HER2-positive
        private final int idWidth;
        private final long diagnosisSpan;
        private final double lossRatePerDay;
        private int next;

        Run(StudyCohortParameters p) {
            this.p = p;
            this.rng = new SplitMix64(p.seed());
            int n = p.patients();
            long operated = Math.round(n * p.operatedShare());
            long[] armTotals = {operated, n - operated};
            long[] subtypeTotals = QuotaSampler.apportion(n, SUBTYPE_WEIGHTS);
            double[] subtypeAsWeights = new double[6];
            for (int s = 0; s < 6; s++) {
                subtypeAsWeights[s] = subtypeTotals[s];
            }
            // op[s] <= subtypeTotals[s] always holds for largest-remainder apportionment of a smaller total
            long[] op = QuotaSampler.apportion(operated, subtypeAsWeights);
            long[] cells = new long[12];
            for (int s = 0; s < 6; s++) {
                cells[s] = op[s];
                cells[6 + s] = subtypeTotals[s] - op[s];
            }
            armSubtype = new QuotaSampler(cells);
            for (int arm = 0; arm < 2; arm++) {
                long armDeaths = Math.round(armTotals[arm] * ARM_MORTALITY[arm]);
                long known = 0;
                for (int s = 0; s < 5; s++) {
                    long c = cells[arm * 6 + s];
                    long d = Math.min(c, Math.round(c * SUBTYPE_MORTALITY[arm][s]));
                    known += d;
                    death[arm * 6 + s] = new QuotaSampler(d, c - d);
                }
                long c = cells[arm * 6 + UNKNOWN];
                long d = Math.max(0, Math.min(c, armDeaths - known));
                death[arm * 6 + UNKNOWN] = new QuotaSampler(d, c - d);
                long r = Math.round(armTotals[arm] * ARM_RECURRENCE[arm]);
                recurrence[arm] = new QuotaSampler(r, armTotals[arm] - r);
                long rt = Math.round(armTotals[arm] * ARM_RADIOTHERAPY[arm]);
                radiotherapy[arm] = new QuotaSampler(rt, armTotals[arm] - rt);
            }
            grade = new QuotaSampler(QuotaSampler.apportion(n, GRADE_WEIGHTS));
            tStage = new QuotaSampler(QuotaSampler.apportion(n, T_WEIGHTS));
            metastasisCount = new QuotaSampler(QuotaSampler.apportion(n, METASTASIS_COUNT_WEIGHTS));
            procedure = new QuotaSampler(QuotaSampler.apportion(operated, PROCEDURE_WEIGHTS));
            long luminalHer2Negative = subtypeTotals[LUM_A] + subtypeTotals[LUM_B];
            long noChemoCount = Math.min(luminalHer2Negative, Math.round(n * NO_CHEMO_SHARE));
            noChemo = new QuotaSampler(noChemoCount, luminalHer2Negative - noChemoCount);
            long receptorPositive = luminalHer2Negative + subtypeTotals[LUM_B_HER2];
            long unknownHormonal = Math.round(subtypeTotals[UNKNOWN] * HORMONAL_UNKNOWN_RECEPTOR);
            long withChemo = receptorPositive - noChemoCount;
            long hormonal = Math.max(0, Math.min(withChemo,
                    Math.round(n * HORMONAL_SHARE) - noChemoCount - unknownHormonal));
            hormonalWithChemo = new QuotaSampler(hormonal, withChemo - hormonal);
            hormonalUnknown = new QuotaSampler(unknownHormonal, subtypeTotals[UNKNOWN] - unknownHormonal);
            long her2Positive = subtypeTotals[LUM_B_HER2] + subtypeTotals[HER2];
            long antiHer2Count = Math.round(her2Positive * ANTI_HER2_SHARE);
            antiHer2 = new QuotaSampler(antiHer2Count, her2Positive - antiHer2Count);
            idWidth = Math.max(6, Integer.toString(n).length());
            diagnosisSpan = ChronoUnit.DAYS.between(p.firstDiagnosis(), p.lastDiagnosis()) + 1;
            lossRatePerDay = -StrictMath.log(1.0 - p.lossToFollowUpPerYear()) / 365.25;
        }

        @Override
        public boolean hasNext() {
            return next < p.patients();
        }

        @Override
        public RegistryRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException("all " + p.patients() + " rows have been produced");
            }
            next++;
            return patient(next);
        }

        private RegistryRow patient(int number) {
            String digits = Integer.toString(number);
            String id = "SYN-" + "0".repeat(Math.max(0, idWidth - digits.length())) + digits;
            String site = p.sites().get((int) rng.nextLong(p.sites().size()));
            int cell = armSubtype.draw(rng);
            int arm = cell / 6; // 0 operated, 1 not
            int subtype = cell % 6;
            boolean operated = arm == 0;

            LocalDate diagnosis = p.firstDiagnosis().plusDays(rng.nextLong(diagnosisSpan));
            int age = (int) Math.round(p.ageMean() + p.ageSd() * rng.gaussian());
            age = Math.max(20, Math.min(95, age));
            int g = grade.draw(rng);
            OptionalInt gradeValue = g < 3 ? OptionalInt.of(g + 1) : OptionalInt.empty();
            int t = tStage.draw(rng);
            OptionalInt tValue = t < 5 ? OptionalInt.of(t) : OptionalInt.empty();
            int nStage = rng.pick(new double[] {0.25, 0.40, 0.20, 0.15});

            // Receptors consistent with the subtype (St Gallen 2013 surrogate definitions).
            String er;
            String pr;
            String her2;
            OptionalInt ki67;
            switch (subtype) {
                case LUM_A -> {
                    er = "positive";
                    pr = "positive";
                    her2 = "negative";
                    ki67 = OptionalInt.of(rng.between(3, 13));
                }
                case LUM_B -> {
                    er = "positive";
                    her2 = "negative";
                    if (rng.chance(0.5)) {
                        pr = "negative";
                        ki67 = rng.chance(0.5) ? OptionalInt.empty() : OptionalInt.of(rng.between(14, 70));
                    } else {
                        pr = "positive";
                        ki67 = OptionalInt.of(rng.between(20, 70));
                    }
                }
                case LUM_B_HER2 -> {
                    er = "positive";
                    pr = rng.chance(0.6) ? "positive" : "negative";
                    her2 = "positive";
                    ki67 = rng.chance(0.5) ? OptionalInt.empty() : OptionalInt.of(rng.between(10, 70));
                }
                case HER2 -> {
                    er = "negative";
                    pr = "negative";
                    her2 = "positive";
                    ki67 = rng.chance(0.5) ? OptionalInt.empty() : OptionalInt.of(rng.between(20, 80));
                }
                case UNKNOWN -> {
                    er = "unknown";
                    pr = "unknown";
                    her2 = "unknown";
                    ki67 = OptionalInt.empty();
                }
                default -> { // triple-negative
                    er = "negative";
                    pr = "negative";
                    her2 = "negative";
                    ki67 = rng.chance(0.5) ? OptionalInt.empty() : OptionalInt.of(rng.between(30, 90));
                }
            }
            Optional<String> explicitSubtype = subtype != UNKNOWN && rng.chance(p.explicitSubtypeShare())
                    ? Optional.of(SUBTYPE_TOKENS[subtype]) : Optional.empty();

            List<String> sites = metastasisSites(metastasisCount.draw(rng) == 1);

            // Treatment course before the time origin.
            boolean chemo = true;
            boolean hormonal = false;
            if (subtype == LUM_A || subtype == LUM_B) {
                chemo = noChemo.draw(rng) == 1;
            }
            if (subtype == UNKNOWN) {
                hormonal = hormonalUnknown.draw(rng) == 0;
            } else if (!chemo) {
                hormonal = true; // primary endocrine therapy is their systemic treatment
            } else if (subtype == LUM_A || subtype == LUM_B || subtype == LUM_B_HER2) {
                hormonal = hormonalWithChemo.draw(rng) == 0;
            }
            boolean her2Positive = subtype == LUM_B_HER2 || subtype == HER2;
            boolean antiHer2Given = her2Positive && antiHer2.draw(rng) == 0;
            boolean radio = radiotherapy[arm].draw(rng) == 0;

            LocalDate systemicStart = diagnosis.plusDays(rng.between(7, 28));
            LocalDate control = diagnosis.plusDays(rng.between(120, 240));
            String response = RESPONSES[rng.pick(RESPONSE_WEIGHTS[arm])];
            LocalDate surgery = null;
            String procedureToken = null;
            OptionalInt positiveNodes = OptionalInt.empty();
            if (operated) {
                surgery = control.plusDays(rng.between(14, 56));
                int proc = procedure.draw(rng);
                procedureToken = proc == 0 ? "mastectomy" : proc == 1 ? "breast-conserving" : null;
                positiveNodes = OptionalInt.of(switch (nStage) {
                    case 0 -> 0;
                    case 1 -> rng.between(1, 3);
                    case 2 -> rng.between(4, 9);
                    default -> rng.between(10, 20);
                });
            }
            LocalDate origin = operated ? surgery : control;
            long window = ChronoUnit.DAYS.between(origin, p.followUpEnd());

            // Outcome after the origin: deaths are always observed; survivors are censored.
            boolean dies = death[cell].draw(rng) == 0;
            long endDays;
            LocalDate deathDate = null;
            String deathCause = null;
            if (dies) {
                endDays = deathDay(arm, window);
                deathDate = origin.plusDays(endDays);
                int cause = rng.pick(new double[] {0.85, 0.10, 0.05});
                deathCause = cause == 0 ? "breast-cancer" : cause == 1 ? "other" : "unknown";
            } else {
                long visitGap = rng.between(0, 60);
                long admin = Math.max(30, window - visitGap);
                long lost = 30 + (long) Math.floor(-StrictMath.log(1.0 - rng.nextDouble()) / lossRatePerDayOrTiny());
                endDays = Math.min(admin, lost);
            }
            LocalDate end = origin.plusDays(endDays);
            boolean recurs = recurrence[arm].draw(rng) == 0;
            LocalDate recurrenceDate = null;
            if (recurs) {
                long horizon = Math.min(endDays, 900);
                recurrenceDate = origin.plusDays(14 + (long) Math.floor(rng.nextDouble() * (horizon - 14)));
            }

            LocalDate chemoDate = chemo ? systemicStart : null;
            LocalDate hormonalDate = hormonal
                    ? (chemo ? control.plusDays(rng.between(7, 35)) : systemicStart) : null;
            LocalDate antiHer2Date = antiHer2Given ? systemicStart : null;
            LocalDate radioDate = radio
                    ? (operated ? surgery.plusDays(rng.between(28, 56)) : control.plusDays(rng.between(14, 90)))
                    : null;

            return new RegistryRow(id, site, diagnosis, age, gradeValue, tValue, OptionalInt.of(nStage),
                    positiveNodes, er, pr, her2, ki67, explicitSubtype, sites,
                    Optional.of(control), Optional.of(response), Optional.ofNullable(surgery),
                    Optional.ofNullable(procedureToken), Optional.ofNullable(operated ? "R0" : null),
                    clamp(chemoDate, end), clamp(radioDate, end), clamp(hormonalDate, end),
                    clamp(antiHer2Date, end), Optional.ofNullable(recurrenceDate),
                    Optional.ofNullable(recurs ? "distant" : null), Optional.ofNullable(deathDate),
                    Optional.ofNullable(deathCause), Optional.of(end));
        }

        private double lossRatePerDayOrTiny() {
            // a zero loss rate means nobody is lost: an effectively infinite time to loss
            return lossRatePerDay > 0 ? lossRatePerDay : 1e-300;
        }

        /**
         * Day of death after the origin from a piecewise-uniform density on the arm's yearly shares,
         * conditioned on falling within the follow-up window (inverse CDF on [30, window]).
         */
        private long deathDay(int arm, long window) {
            double[] share = DEATH_YEAR_SHARE[arm];
            long upper = Math.max(DEATH_BOUNDS[0] + 1, window);
            double capped = cdf(share, upper);
            double u = rng.nextDouble() * capped;
            double acc = 0;
            for (int k = 0; k < share.length; k++) {
                if (u < acc + share[k] || k == share.length - 1) {
                    double frac = (u - acc) / share[k];
                    double day = DEATH_BOUNDS[k] + frac * (DEATH_BOUNDS[k + 1] - DEATH_BOUNDS[k]);
                    return Math.max(DEATH_BOUNDS[0], Math.min(upper, (long) Math.ceil(day)));
                }
                acc += share[k];
            }
            throw new IllegalStateException("unreachable");
        }

        private static double cdf(double[] share, long day) {
            double acc = 0;
            for (int k = 0; k < share.length; k++) {
                if (day >= DEATH_BOUNDS[k + 1]) {
                    acc += share[k];
                } else {
                    acc += share[k] * (double) (day - DEATH_BOUNDS[k]) / (DEATH_BOUNDS[k + 1] - DEATH_BOUNDS[k]);
                    break;
                }
            }
            return acc;
        }

        private List<String> metastasisSites(boolean multiple) {
            int k = multiple ? (rng.chance(0.83) ? 2 : 3) : 1;
            double[] w = METASTASIS_SITE_WEIGHTS.clone();
            boolean[] chosen = new boolean[w.length];
            for (int i = 0; i < k; i++) {
                int s = rng.pick(w);
                chosen[s] = true;
                w[s] = 0;
            }
            List<String> out = new ArrayList<>(k);
            for (int s = 0; s < chosen.length; s++) {
                if (chosen[s]) {
                    out.add(METASTASIS_SITES[s]);
                }
            }
            return out;
        }

        private static Optional<LocalDate> clamp(LocalDate d, LocalDate end) {
            if (d == null) {
                return Optional.empty();
            }
            return Optional.of(d.isAfter(end) ? end : d);
        }
    }
}
