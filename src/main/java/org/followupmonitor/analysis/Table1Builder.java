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
 * below 5 (the usual SPSS-era rule the study follows); age by Welch's t-test. Cells smaller than the
 * privacy minimum are shown as "&lt;k".
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

    public Table1 build() {
        unstage();
        List<Integer> sizes = new ArrayList<>();
        ARMS.forEach(a -> sizes.add(armSizes.getOrDefault(a, 0L).intValue()));
        long total = sizes.stream().mapToLong(Integer::longValue).sum();
        List<Table1.Characteristic> chars = new ArrayList<>();

        List<String> cells = new ArrayList<>();
        for (String arm : ARMS) {
            SummaryStatistics s = age.get(arm);
            cells.add(s.getN() < Math.max(2, minCellSize) ? small(s.getN()) : meanSd(s));
        }
        // Pooled mean and SD from the per-arm raw moments.
        double n = 0;
        double sum = 0;
        double sumSq = 0;
        for (SummaryStatistics s : age.values()) {
            n += s.getN();
            sum += s.getSum();
            sumSq += s.getSumsq();
        }
        String pooled = n < 2 ? "—" : String.format(Locale.ROOT, "%.2f ± %.2f", sum / n,
                Math.sqrt((sumSq - sum * sum / n) / (n - 1)));
        Double ageP = null;
        if (age.values().stream().allMatch(s -> s.getN() >= 2)) {
            ageP = new TTest().tTest(age.get(ARMS.get(0)), age.get(ARMS.get(1)));
        }
        chars.add(new Table1.Characteristic("age, years (mean ± SD)", List.of(new Table1.Row("", cells, pooled)),
                "Welch t-test", ageP));

        for (Map.Entry<String, Map<String, Map<String, Long>>> c : counts.entrySet()) {
            List<Table1.Row> rows = new ArrayList<>();
            List<String> levels = new ArrayList<>(c.getValue().keySet());
            long[][] table = new long[levels.size()][ARMS.size()];
            for (int i = 0; i < levels.size(); i++) {
                List<String> row = new ArrayList<>();
                long rowTotal = 0;
                for (int j = 0; j < ARMS.size(); j++) {
                    long k = c.getValue().get(levels.get(i)).getOrDefault(ARMS.get(j), 0L);
                    table[i][j] = k;
                    rowTotal += k;
                    row.add(percent(k, sizes.get(j)));
                }
                rows.add(new Table1.Row(levels.get(i), row, percent(rowTotal, total)));
            }
            String[] test = {null};
            Double p = compare(levels, table, test);
            chars.add(new Table1.Characteristic(c.getKey(), rows, test[0], p));
        }
        return new Table1(ARMS, sizes, chars);
    }

    /** Chi-square, or Fisher's exact test when an expected count is below 5; unknown levels are left out. */
    private Double compare(List<String> levels, long[][] table, String[] testName) {
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

    private String percent(long k, long of) {
        if (k > 0 && k < minCellSize) {
            return small(k);
        }
        return of == 0 ? "0" : String.format(Locale.ROOT, "%d (%.1f)", k, 100.0 * k / of);
    }

    private String small(long k) {
        return k == 0 ? "0" : "<" + minCellSize;
    }

    private static String meanSd(SummaryStatistics s) {
        return String.format(Locale.ROOT, "%.2f ± %.2f", s.getMean(), s.getStandardDeviation());
    }
}
