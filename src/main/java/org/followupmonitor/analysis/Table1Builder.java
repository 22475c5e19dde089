package org.followupmonitor.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.apache.commons.math3.stat.inference.TTest;
import org.followupmonitor.events.PatientTimeline;
import org.followupmonitor.survival.ChiSquareTest;
import org.followupmonitor.survival.ContingencyTable;
import org.followupmonitor.survival.FisherExactTest;

/**
 * Accumulates the study's Table 1 (characteristics by surgery arm) one patient at a time, in memory
 * proportional to the number of levels, not patients, so a registry of millions fits.
 *
 * <p>Counts are compared with Pearson's chi-square, or Fisher's exact test when an expected count is
 * below 5 (the usual SPSS-era rule the study follows); age by Welch's t-test. {@link #counts()} gives the
 * counts; {@link #table} renders them with what disclosure control withholds.
 */
public final class Table1Builder {
    private static final List<Variable> CATEGORICAL = List.of(Variable.GRADE, Variable.T_STAGE,
            Variable.METASTASIS, Variable.SUBTYPE, Variable.CHEMOTHERAPY, Variable.RADIOTHERAPY, Variable.HORMONAL,
            Variable.ANTI_HER2);
    private static final List<String> ARMS = List.of("surgery", "no-surgery");

    private final Map<String, SummaryStatistics> age = new LinkedHashMap<>();
    /** characteristic → level → arm → count */
    private final Map<String, Map<String, Map<String, Long>>> counts = new LinkedHashMap<>();
    private final Map<String, Long> armSizes = new TreeMap<>();
    private final int minCellSize;

    public Table1Builder(int minCellSize) {
        this.minCellSize = minCellSize;
        ARMS.forEach(a -> age.put(a, new SummaryStatistics()));
    }

    /** Adds one patient; patients without a diagnosis in effect are not counted. */
    public void add(PatientTimeline timeline) {
        add(PatientFacts.of(timeline));
    }

    /** Adds one patient from its facts (the batch path); the same as adding the timeline they came from. */
    public void add(PatientFacts facts) {
        Map<Variable, Object> c = SubjectRows.characteristics(facts);
        if (c.isEmpty()) {
            return;
        }
        String arm = (String) c.get(Variable.ARM);
        armSizes.merge(arm, 1L, Long::sum);
        Object a = c.get(Variable.AGE);
        if (a != null) {
            age.get(arm).addValue((Double) a);
        }
        for (Variable v : CATEGORICAL) {
            count(v.label(), (String) c.getOrDefault(v, "unknown"), arm);
        }
        // A recurrence (death) event in effect is exactly a first recurrence (death) date.
        count("recurrence", facts.firstRecurrence != null ? "yes" : "no", arm);
        count("status", facts.death != null ? "died" : "alive", arm);
    }

    /**
     * Counts in hash maps while patients are added (millions of times), moved into the sorted {@code counts}
     * once, by {@link #build()}: characteristic → level → arm → count, characteristics in order of first use.
     */
    private final Map<String, Map<String, Map<String, long[]>>> staged = new LinkedHashMap<>();

    private void count(String characteristic, String level, String arm) {
        staged.computeIfAbsent(characteristic, k -> new java.util.HashMap<>())
                .computeIfAbsent(level, k -> new java.util.HashMap<>())
                .computeIfAbsent(arm, k -> new long[1])[0]++;
    }

    private void unstage() {
        staged.forEach((characteristic, levels) -> levels.forEach((level, arms) -> arms.forEach((arm, n) ->
                counts.computeIfAbsent(characteristic, k -> new TreeMap<>(CohortCounts.levelOrder(variable(k))))
                        .computeIfAbsent(level, k -> new TreeMap<>())
                        .merge(arm, n[0], Long::sum))));
        staged.clear();
    }

    private static Optional<Variable> variable(String label) {
        for (Variable v : Variable.values()) {
            if (v.label().equals(label)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** The counts collected so far, before display and disclosure control. */
    public Table1Counts counts() {
        unstage();
        List<Long> sizes = new ArrayList<>();
        List<Table1Counts.Moments> ages = new ArrayList<>();
        for (String arm : ARMS) {
            sizes.add(armSizes.getOrDefault(arm, 0L));
            SummaryStatistics s = age.get(arm);
            ages.add(new Table1Counts.Moments(s.getN(), s.getSum(), s.getSumsq(), s.getMean(), s.getVariance()));
        }
        List<Table1Counts.Characteristic> chars = new ArrayList<>();
        counts.forEach((name, levels) -> {
            List<String> names = new ArrayList<>(levels.keySet());
            List<List<Long>> rows = new ArrayList<>();
            for (String level : names) {
                List<Long> row = new ArrayList<>();
                for (String arm : ARMS) {
                    row.add(levels.get(level).getOrDefault(arm, 0L));
                }
                rows.add(row);
            }
            chars.add(new Table1Counts.Characteristic(name, names, rows));
        });
        return new Table1Counts(ARMS, sizes, chars, ages);
    }

    /** Table 1 with the counts of 1 .. minimum - 1 patients withheld and nothing else. */
    public Table1 build() {
        Table1Counts t = counts();
        return table(t, Withheld.small(t, minCellSize), minCellSize);
    }

    /**
     * What Table 1 withholds: a cell (characteristic, level, arm), a level's total, an arm's size, or a
     * characteristic as a whole (then not shown at all).
     */
    public interface Withheld {
        boolean cell(String characteristic, String level, String arm);

        boolean row(String characteristic, String level);

        boolean arm(String arm);

        boolean block(String characteristic);

        /** The whole table (nothing of it is published). */
        default boolean whole() {
            return false;
        }

        /** The counts of 1 .. minimum - 1 patients (nothing when the minimum is 0). */
        static Withheld small(Table1Counts t, int minCellSize) {
            java.util.Set<String> hidden = new java.util.HashSet<>();
            java.util.function.LongPredicate small = k -> k > 0 && k < minCellSize;
            for (int j = 0; j < t.arms().size(); j++) {
                if (small.test(t.armSizes().get(j))) {
                    hidden.add("a|" + t.arms().get(j));
                }
            }
            for (Table1Counts.Characteristic c : t.characteristics()) {
                for (int i = 0; i < c.levels().size(); i++) {
                    if (small.test(c.total(i))) {
                        hidden.add("r|" + c.name() + "|" + c.levels().get(i));
                    }
                    for (int j = 0; j < t.arms().size(); j++) {
                        if (small.test(c.counts().get(i).get(j))) {
                            hidden.add("c|" + c.name() + "|" + c.levels().get(i) + "|" + t.arms().get(j));
                        }
                    }
                }
            }
            return new Withheld() {
                @Override
                public boolean cell(String c, String l, String a) {
                    return hidden.contains("c|" + c + "|" + l + "|" + a);
                }

                @Override
                public boolean row(String c, String l) {
                    return hidden.contains("r|" + c + "|" + l);
                }

                @Override
                public boolean arm(String a) {
                    return hidden.contains("a|" + a);
                }

                @Override
                public boolean block(String c) {
                    return false;
                }
            };
        }
    }

    /** The marker of a withheld count, the same for every withheld count (see the README's Privacy section). */
    public static final String WITHHELD = "*suppressed*";
    /** The test named for a characteristic withheld as a block (no rows). */
    public static final String WITHHELD_BLOCK = "withheld";
    /** What a report shows for a Table 1 withheld as a whole (and what the privacy audit reads back). */
    public static final String WITHHELD_TABLE = WITHHELD + ": no number of Table 1 is published (privacy).";

    /**
     * Table 1 as displayed: counts with percentages of their arm (or of all patients for the total), withheld
     * counts as {@link #WITHHELD}; percentages only where their denominator is shown too, and so is age's mean and
     * SD (an arm's where its size is shown, all patients' and the Welch test where every arm's is). A characteristic's
     * test compares the arms over the levels whose counts are all shown (unknown levels excepted), so that its
     * p-value is a function of published counts only.
     */
    public static Table1 table(Table1Counts t, Withheld withheld, int minCellSize) {
        List<String> arms = t.arms();
        if (withheld.whole()) {
            return Table1.withheldWhole(arms);
        }
        List<Integer> sizes = new ArrayList<>();
        for (int j = 0; j < arms.size(); j++) {
            sizes.add(withheld.arm(arms.get(j)) ? null : t.armSizes().get(j).intValue());
        }
        long total = t.armSizes().stream().mapToLong(Long::longValue).sum();
        boolean totalShown = arms.stream().noneMatch(withheld::arm);
        List<Table1.Characteristic> chars = new ArrayList<>();

        // Age only beside a published size: an arm's mean and SD where its size is shown, the total's where every
        // arm's is (as percentages), the Welch test only then. Otherwise the rounded means m_j of the arms and M of
        // all patients give sum_j n_j (m_j - M) = 0 (n_j: the arm's patients of known age, its size when every age
        // is known), linear in the n_j given the means (sums s_j with n_j (m_j - r) <= s_j <= n_j (m_j + r)): with
        // the total known from the analyses, two withheld arms come back exactly (41 patients of seed 7 in
        // AgeBesideWithheldArmsTest: 23 and 18 from 50.78, 51.78 and 51.22).
        List<String> cells = new ArrayList<>();
        for (int j = 0; j < arms.size(); j++) {
            Table1Counts.Moments m = t.age().get(j);
            cells.add(withheld.arm(arms.get(j)) ? WITHHELD
                    : m.n() < Math.max(2, minCellSize) ? (m.n() == 0 ? "—" : WITHHELD) : meanSd(m));
        }
        double n = 0;
        double sum = 0;
        double sumSq = 0;
        for (Table1Counts.Moments m : t.age()) {
            n += m.n();
            sum += m.sum();
            sumSq += m.sumSquares();
        }
        String pooled = !totalShown ? WITHHELD : n < Math.max(2, minCellSize) ? (n == 0 ? "—" : WITHHELD)
                : String.format(Locale.ROOT, "%.2f ± %.2f", sum / n, Math.sqrt((sumSq - sum * sum / n) / (n - 1)));
        Double ageP = null;
        if (totalShown && t.age().stream().allMatch(m -> m.n() >= Math.max(2, minCellSize))) {
            ageP = welch(t.age().get(0), t.age().get(1));
        }
        chars.add(new Table1.Characteristic("age, years (mean ± SD)", List.of(new Table1.Row("", cells, pooled)),
                "Welch t-test", ageP));

        for (Table1Counts.Characteristic c : t.characteristics()) {
            if (withheld.block(c.name())) {
                chars.add(new Table1.Characteristic(c.name(), List.of(), WITHHELD_BLOCK, null));
                continue;
            }
            List<Table1.Row> rows = new ArrayList<>();
            List<String> testable = new ArrayList<>();
            List<long[]> tested = new ArrayList<>();
            boolean partial = false;
            for (int i = 0; i < c.levels().size(); i++) {
                String level = c.levels().get(i);
                List<String> row = new ArrayList<>();
                boolean allShown = true;
                for (int j = 0; j < arms.size(); j++) {
                    long k = c.counts().get(i).get(j);
                    boolean hide = k > 0 && withheld.cell(c.name(), level, arms.get(j));
                    allShown &= !hide;
                    row.add(hide ? WITHHELD : percent(k, t.armSizes().get(j), !withheld.arm(arms.get(j))));
                }
                long rowTotal = c.total(i);
                boolean hideTotal = withheld.row(c.name(), level);
                rows.add(new Table1.Row(level, row, hideTotal ? WITHHELD : percent(rowTotal, total, totalShown)));
                if (!level.equals("unknown")) {
                    if (allShown) {
                        testable.add(level);
                        tested.add(c.counts().get(i).stream().mapToLong(Long::longValue).toArray());
                    } else {
                        partial = true;
                    }
                }
            }
            String[] test = {null};
            Double p = compare(testable, tested.toArray(long[][]::new), test);
            if (partial && test[0] != null) {
                test[0] = test[0] + ", shown levels";
            }
            chars.add(new Table1.Characteristic(c.name(), rows, test[0], p));
        }
        return new Table1(arms, sizes, chars);
    }

    private static Double welch(Table1Counts.Moments a, Table1Counts.Moments b) {
        SummaryStatistics x = moments(a);
        SummaryStatistics y = moments(b);
        return new TTest().tTest(x, y);
    }

    /** A summary with the given moments (TTest reads n, mean and variance). */
    private static SummaryStatistics moments(Table1Counts.Moments m) {
        double mean = m.mean();
        double var = m.variance();
        return new SummaryStatistics() {
            @Override
            public long getN() {
                return m.n();
            }

            @Override
            public double getMean() {
                return mean;
            }

            @Override
            public double getVariance() {
                return var;
            }
        };
    }

    /** Chi-square, or Fisher's exact test when an expected count is below 5; unknown levels are left out. */
    private static Double compare(List<String> levels, long[][] table, String[] testName) {
        List<long[]> known = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            if (!levels.get(i).equals("unknown")) {
                known.add(table[i]);
            }
        }
        if (known.size() < 2) {
            return null;
        }
        ContingencyTable t = ContingencyTable.of(known.toArray(long[][]::new)).withoutEmptyMargins();
        if (t.rows() < 2 || t.columns() < 2) {
            return null;
        }
        ChiSquareTest chi = ChiSquareTest.pearson(t);
        if (chi.approximationMayBeIncorrect()) {
            try {
                testName[0] = "Fisher";
                return FisherExactTest.test(t).p();
            } catch (IllegalArgumentException tooLarge) {
                testName[0] = "chi-square (expected counts < 5)";
                return chi.p();
            }
        }
        testName[0] = "chi-square";
        return chi.p();
    }

    private static String percent(long k, long of, boolean denominatorShown) {
        if (k == 0) {
            return "0";
        }
        return !denominatorShown || of == 0 ? Long.toString(k)
                : String.format(Locale.ROOT, "%d (%.1f)", k, 100.0 * k / of);
    }

    private static String meanSd(Table1Counts.Moments m) {
        return String.format(Locale.ROOT, "%.2f ± %.2f", m.mean(), Math.sqrt(m.variance()));
    }
}
