package org.followupmonitor.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Cox rows of one analysis in the batch path, stored by column: per row a time, an event flag and the
 * code of its covariate values (group, stratum, levels and numbers), each distinct combination of values
 * kept once. A million rows take about 9 bytes each instead of two maps per row.
 *
 * <p>The streaming and timeline paths add {@link SubjectRow}s to one too. {@link #sorted()} puts the rows in
 * the canonical order: by day, event and cause, then by the text of the row's group, stratum, factors and numbers
 * (as {@code SubjectRow} prints them), then in the order rows were added (that sort is stable). So a Cox fit
 * sums in the same order, and gives the same bits, whichever path collected the rows and in whatever order;
 * {@code CoxRowStorePropertiesTest} checks the order against a plain sort of the rows by that key.
 */
final class CoxRowStore {
    private final AnalysisDefinition definition;
    private final List<Variable> covariates;
    private int[] time = new int[1024];
    private boolean[] event = new boolean[1024];
    /** Per row: 0 censored, else the cause (1 exactly when {@code event}). */
    private byte[] cause = new byte[1024];
    private int[] combo = new int[1024];
    /** Per time-varying covariate (by its index in the covariates; null for the others): the switch day per row. */
    private final int[][] switches;
    private int n;
    private final Map<Combo, Integer> codes = new HashMap<>();
    private final List<Combo> combos = new ArrayList<>();

    /** One distinct combination of a row's values; numbers compared bit for bit, NaN = missing. */
    private record Combo(String group, String stratum, String[] levels, double[] numbers) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Combo c && group.equals(c.group) && stratum.equals(c.stratum)
                    && Arrays.equals(levels, c.levels) && Arrays.equals(numbers, c.numbers);
        }

        @Override
        public int hashCode() {
            // Asked once per row: no varargs array, no boxing.
            int h = group.hashCode() * 31 + stratum.hashCode();
            h = h * 31 + Arrays.hashCode(levels);
            return h * 31 + Arrays.hashCode(numbers);
        }
    }

    CoxRowStore(AnalysisDefinition definition) {
        this.definition = definition;
        this.covariates = definition.covariates();
        List<Variable> varying = definition.timeVarying();
        switches = new int[covariates.size()][];
        for (int k = 0; k < covariates.size(); k++) {
            if (varying.contains(covariates.get(k))) {
                switches[k] = new int[1024];
            }
        }
    }

    int size() {
        return n;
    }

    /** Adds a derived row (the lean form); its arrays are copied when their combination is new. */
    void add(SubjectRows.Lean row) {
        Combo probe = new Combo(row.group, row.stratum, row.levels, row.numbers);
        Integer code = codes.get(probe);
        if (code == null) {
            code = combos.size();
            Combo kept = new Combo(row.group, row.stratum, row.levels.clone(), row.numbers.clone());
            combos.add(kept);
            codes.put(kept, code);
        }
        append(row.timeDays, row.event, row.cause, code);
        for (int k = 0; k < switches.length; k++) {
            if (switches[k] != null) {
                switches[k][n - 1] = row.switches[k];
            }
        }
    }

    /** Adds a subject row (the timeline path). */
    void add(SubjectRow row) {
        SubjectRows.Lean lean = new SubjectRows.Lean(definition);
        lean.timeDays = row.timeDays();
        lean.event = row.event();
        lean.cause = row.cause();
        lean.group = row.group();
        lean.stratum = row.stratum();
        for (int k = 0; k < covariates.size(); k++) {
            String label = covariates.get(k).label();
            lean.levels[k] = row.factors().get(label);
            Double v = row.numbers().get(label);
            lean.numbers[k] = v == null ? Double.NaN : v;
            Integer on = row.switches().get(label);
            lean.switches[k] = on == null ? SubjectRows.Lean.NEVER : on;
        }
        add(lean);
    }

    private void append(int t, boolean e, int status, int c) {
        if (n == time.length) {
            int grown = n + (n >> 1);
            time = Arrays.copyOf(time, grown);
            event = Arrays.copyOf(event, grown);
            cause = Arrays.copyOf(cause, grown);
            combo = Arrays.copyOf(combo, grown);
            for (int k = 0; k < switches.length; k++) {
                if (switches[k] != null) {
                    switches[k] = Arrays.copyOf(switches[k], grown);
                }
            }
        }
        time[n] = t;
        event[n] = e;
        cause[n] = (byte) status;
        combo[n] = c;
        n++;
    }

    /** The text {@code canonical} sorts a row by after day and event; equal rows have equal text. */
    private String text(Combo c) {
        Map<String, String> factors = new TreeMap<>();
        Map<String, Double> numbers = new TreeMap<>();
        for (int k = 0; k < covariates.size(); k++) {
            String label = covariates.get(k).label();
            if (c.levels[k] != null) {
                factors.put(label, c.levels[k]);
            }
            if (!Double.isNaN(c.numbers[k])) {
                numbers.put(label, c.numbers[k]);
            }
        }
        return c.group + '\u0000' + c.stratum + '\u0000' + factors + '\u0000' + numbers;
    }

    /** The rows in canonical order, as the Cox fits read them. */
    AnalysisEngine.CoxRows sorted() {
        // Rank the distinct combinations by their text; equal texts share a rank.
        Integer[] byText = new Integer[combos.size()];
        String[] texts = new String[combos.size()];
        for (int c = 0; c < byText.length; c++) {
            byText[c] = c;
            texts[c] = text(combos.get(c));
        }
        Arrays.sort(byText, Comparator.comparing(c -> texts[c]));
        int[] rank = new int[combos.size()];
        for (int r = 0, current = -1; r < byText.length; r++) {
            if (r == 0 || !texts[byText[r]].equals(texts[byText[r - 1]])) {
                current++;
            }
            rank[byText[r]] = current;
        }
        int[] order = order(rank);
        int[] t = new int[n];
        boolean[] e = new boolean[n];
        byte[] why = new byte[n];
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            int j = order[i];
            t[i] = time[j];
            e[i] = event[j];
            why[i] = cause[j];
            c[i] = combo[j];
        }
        List<Combo> values = List.copyOf(combos);
        int[][] on = new int[switches.length][];
        for (int k = 0; k < switches.length; k++) {
            if (switches[k] != null) {
                on[k] = new int[n];
                for (int i = 0; i < n; i++) {
                    on[k][i] = switches[k][order[i]];
                }
            }
        }
        return new AnalysisEngine.CoxRows() {
            @Override
            public int size() {
                return t.length;
            }

            @Override
            public int timeDays(int i) {
                return t[i];
            }

            @Override
            public boolean event(int i) {
                return e[i];
            }

            @Override
            public int cause(int i) {
                return why[i];
            }

            @Override
            public String level(int k, int i) {
                return values.get(c[i]).levels[k];
            }

            @Override
            public double number(int k, int i) {
                return values.get(c[i]).numbers[k];
            }

            @Override
            public int switchDay(int k, int i) {
                return on[k] == null ? SubjectRows.Lean.NEVER : on[k][i];
            }
        };
    }

    /**
     * Row indexes by (3 day + status, rank, index): one primitive sort of packed keys when they fit in 63 bits
     * (always, for whole-day times and up to a billion rows), else a comparator sort.
     */
    private int[] order(int[] rank) {
        boolean varying = false;
        for (int[] col : switches) {
            varying |= col != null;
        }
        if (varying) {
            // Rows that differ only in when a covariate switches on are told apart by those days (after day, event
            // and values): stable sorts from the least significant key up.
            int[] order = identity(n);
            for (int k = switches.length - 1; k >= 0; k--) {
                if (switches[k] != null) {
                    // Never switching on sorts after every day.
                    int[] key = Arrays.copyOf(switches[k], n);
                    int last = Integer.MIN_VALUE;
                    for (int v : key) {
                        last = v == SubjectRows.Lean.NEVER ? last : Math.max(last, v);
                    }
                    for (int i = 0; i < n; i++) {
                        key[i] = key[i] == SubjectRows.Lean.NEVER ? last + 1 : key[i];
                    }
                    order = stableByInt(order, key);
                }
            }
            int[] rankKey = new int[n];
            for (int i = 0; i < n; i++) {
                rankKey[i] = rank[combo[i]];
            }
            order = stableByInt(order, rankKey);
            long maxDay = 0;
            for (int i = 0; i < n; i++) {
                maxDay = Math.max(maxDay, primary(i));
            }
            if (maxDay <= 4L * n + 1024) {
                int[] primaryKey = new int[n];
                for (int i = 0; i < n; i++) {
                    primaryKey[i] = (int) primary(i);
                }
                return countingSort(order, primaryKey, (int) maxDay);
            }
            Integer[] boxed = new Integer[n];
            for (int i = 0; i < n; i++) {
                boxed[i] = order[i];
            }
            // A stable sort (TimSort) by day and event keeps the order of the keys sorted before.
            Arrays.sort(boxed, Comparator.comparingLong(this::primary));
            for (int i = 0; i < n; i++) {
                order[i] = boxed[i];
            }
            return order;
        }
        long maxPrimary = 0;
        for (int i = 0; i < n; i++) {
            maxPrimary = Math.max(maxPrimary, primary(i));
        }
        int maxRank = 0;
        for (int r : rank) {
            maxRank = Math.max(maxRank, r);
        }
        if (maxPrimary <= 4L * n + 1024 && maxRank <= 4L * n + 1024) {
            // Two stable counting sorts (least significant key first): O(n) for whole-day times.
            int[] rankKey = new int[n];
            int[] primaryKey = new int[n];
            for (int i = 0; i < n; i++) {
                rankKey[i] = rank[combo[i]];
                primaryKey[i] = (int) primary(i);
            }
            int[] byRank = countingSort(identity(n), rankKey, maxRank);
            return countingSort(byRank, primaryKey, (int) maxPrimary);
        }
        int indexBits = bits(Math.max(0, n - 1));
        int rankBits = bits(maxRank);
        int primaryBits = bits(maxPrimary);
        int[] order = new int[n];
        if (indexBits + rankBits + primaryBits <= 63) {
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                keys[i] = (primary(i) << (rankBits + indexBits)) | ((long) rank[combo[i]] << indexBits) | i;
            }
            Arrays.sort(keys);
            long mask = (1L << indexBits) - 1;
            for (int i = 0; i < n; i++) {
                order[i] = (int) (keys[i] & mask);
            }
            return order;
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, Comparator.<Integer>comparingLong(this::primary).thenComparingInt(i -> rank[combo[i]]));
        for (int i = 0; i < n; i++) {
            order[i] = boxed[i];
        }
        return order;
    }

    /** {@code in} stably reordered by {@code key[i]}: a counting sort over the keys' range when it is small. */
    private static int[] stableByInt(int[] in, int[] key) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int i : in) {
            min = Math.min(min, key[i]);
            max = Math.max(max, key[i]);
        }
        if (in.length == 0) {
            return in;
        }
        if ((long) max - min <= 4L * in.length + 1024) {
            int[] shifted = new int[key.length];
            for (int i : in) {
                shifted[i] = key[i] - min;
            }
            return countingSort(in, shifted, max - min);
        }
        Integer[] boxed = new Integer[in.length];
        for (int i = 0; i < in.length; i++) {
            boxed[i] = in[i];
        }
        Arrays.sort(boxed, Comparator.comparingInt(i -> key[i]));
        int[] out = new int[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = boxed[i];
        }
        return out;
    }

    private static int[] identity(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }

    /** {@code in} stably reordered by {@code key[i]} (0..max). */
    private static int[] countingSort(int[] in, int[] key, int max) {
        int[] start = new int[max + 2];
        for (int k : key) {
            start[k + 1]++;
        }
        for (int k = 0; k <= max; k++) {
            start[k + 1] += start[k];
        }
        int[] out = new int[in.length];
        for (int i : in) {
            out[start[key[i]]++] = i;
        }
        return out;
    }

    /**
     * Day, then event, then cause: rows that differ only in their cause (censored or a competing event) are in the same
     * order on every path. With one cause, the order of (day, event).
     */
    private long primary(int i) {
        int status = event[i] ? 1 : cause[i] == 0 ? 0 : cause[i];
        return 3L * time[i] + Math.min(status, 2);
    }

    private static int bits(long max) {
        return 64 - Long.numberOfLeadingZeros(max);
    }
}
