package org.followupmonitor.privacy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The diagnosed patients cross-classified by the characteristics that published counts refer to (arm,
 * subtype, grade, whether they died, ...), as the attacker models them: every count is a sum of "atoms", the
 * unknown numbers of patients with one combination of levels.
 *
 * <p>A joint table over every characteristic would be astronomically large, and nothing published ties more
 * than a few of them together, so atoms are kept per maximal margin (the largest sets of characteristics that
 * some count combines), and margins that share characteristics agree on them. When the margins form a tree
 * in which shared characteristics run through (a decomposable model, which the bundled analyses and Table 1
 * give: everything meets in arm and survival status), these local agreements describe exactly the tables
 * that a real cohort could have (Lauritzen, Graphical Models, 1996, ch. 3); otherwise they are a relaxation
 * and the attacker so modelled is a little weaker than one who reasoned over the full joint table.
 */
final class Population {
    /** A characteristic and all its levels (including "unknown" or "other" where they can occur). */
    record Dimension(String name, List<String> levels) {
        Dimension {
            levels = List.copyOf(levels);
        }
    }

    /** A cell no patient can be in (two levels of one characteristic at once): always empty. */
    static final Map<String, String> NOBODY = Map.of("", "nobody");

    private final Map<String, Dimension> dimensions = new TreeMap<>();
    private final Set<Set<String>> needed = new java.util.LinkedHashSet<>();
    private List<List<String>> margins;
    /** margin index → atom key (levels joined) → variable */
    private final List<Map<List<String>, Integer>> atoms = new ArrayList<>();

    void dimension(String name, List<String> levels) {
        Dimension old = dimensions.get(name);
        if (old == null) {
            dimensions.put(name, new Dimension(name, levels));
        } else {
            TreeSet<String> merged = new TreeSet<>(old.levels());
            merged.addAll(levels);
            dimensions.put(name, new Dimension(name, List.copyOf(merged)));
        }
    }

    Dimension dimension(String name) {
        Dimension d = dimensions.get(name);
        if (d == null) {
            throw new IllegalArgumentException("no dimension " + name);
        }
        return d;
    }

    /** Registers a cell that {@link #cell} will be asked for, before {@link #build}. */
    void need(Map<String, String> spec) {
        if (spec == NOBODY) {
            return;
        }
        needed.add(new TreeSet<>(spec.keySet()));
    }

    /** Cells whose count a published value fixes: their equation is stated in every margin that holds them. */
    private final Set<Map<String, String>> pinned = new java.util.HashSet<>();

    /**
     * States {@code cell(spec) = other}. When {@code pins} (the other side is published), the equation is
     * stated in every margin that holds the cell, so margins need not agree on it separately (see
     * {@link #agree}): margins linked only through published counts then fall into separate, small problems.
     */
    void equal(LinearSystem.Builder b, Map<String, String> spec, LinearExpression other, boolean soft, boolean pins) {
        if (spec == NOBODY || !pins) {
            b.equal(cell(spec), other, soft);
            return;
        }
        pinned.add(new TreeMap<>(spec));
        for (int k = 0; k < margins.size(); k++) {
            if (margins.get(k).containsAll(spec.keySet())) {
                b.equal(sum(k, spec), other, soft);
            }
        }
    }

    /** Creates the atom variables; {@link #agree} adds the agreements once every equation is in. */
    void build(LinearSystem.Builder b) {
        List<Set<String>> sets = new ArrayList<>(needed);
        if (sets.isEmpty()) {
            sets.add(Set.of());
        }
        List<Set<String>> maximal = new ArrayList<>();
        for (Set<String> s : sets) {
            boolean contained = false;
            for (Set<String> t : sets) {
                if (t != s && t.size() > s.size() && t.containsAll(s)) {
                    contained = true;
                    break;
                }
            }
            if (!contained && !maximal.contains(s)) {
                maximal.add(s);
            }
        }
        maximal.sort((x, y) -> x.size() != y.size() ? y.size() - x.size() : x.toString().compareTo(y.toString()));
        margins = new ArrayList<>();
        for (Set<String> m : maximal) {
            margins.add(new ArrayList<>(new TreeSet<>(m)));
        }
        for (int k = 0; k < margins.size(); k++) {
            Map<List<String>, Integer> table = new LinkedHashMap<>();
            for (List<String> combo : combinations(margins.get(k))) {
                StringBuilder name = new StringBuilder("patients[");
                for (int i = 0; i < combo.size(); i++) {
                    name.append(i == 0 ? "" : ", ").append(margins.get(k).get(i)).append('=').append(combo.get(i));
                }
                table.put(combo, b.latent(name.append(']').toString()));
            }
            atoms.add(table);
        }
    }

    /**
     * Margins that share characteristics agree on their counts, along a maximum spanning tree of shared
     * characteristics (Kruskal); counts fixed by a published value already agree.
     */
    void agree(LinearSystem.Builder b) {
        int n = margins.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        List<int[]> edges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                edges.add(new int[] {i, j, shared(i, j).size()});
            }
        }
        edges.sort((x, y) -> y[2] != x[2] ? y[2] - x[2] : x[0] != y[0] ? x[0] - y[0] : x[1] - y[1]);
        for (int[] e : edges) {
            int ri = root(parent, e[0]);
            int rj = root(parent, e[1]);
            if (ri == rj) {
                continue;
            }
            parent[ri] = rj;
            List<String> common = shared(e[0], e[1]);
            for (List<String> combo : combinations(common)) {
                Map<String, String> spec = new TreeMap<>();
                for (int i = 0; i < common.size(); i++) {
                    spec.put(common.get(i), combo.get(i));
                }
                if (!pinned.contains(spec)) {
                    b.equal(sum(e[0], spec), sum(e[1], spec), false);
                }
            }
        }
    }

    /** The number of patients with these levels: a sum of atoms of a margin that holds them. */
    LinearExpression cell(Map<String, String> spec) {
        if (spec == NOBODY) {
            return LinearExpression.ZERO;
        }
        for (int k = 0; k < margins.size(); k++) {
            if (margins.get(k).containsAll(spec.keySet())) {
                return sum(k, spec);
            }
        }
        throw new IllegalStateException("cell " + spec + " was not registered");
    }

    private LinearExpression sum(int margin, Map<String, String> spec) {
        List<String> dims = margins.get(margin);
        for (String d : spec.keySet()) {
            if (!dimension(d).levels().contains(spec.get(d))) {
                throw new IllegalArgumentException("level " + spec.get(d) + " of " + d + " is not in "
                        + dimension(d).levels());
            }
        }
        List<Integer> vars = new ArrayList<>();
        atoms.get(margin).forEach((combo, v) -> {
            for (int i = 0; i < dims.size(); i++) {
                String want = spec.get(dims.get(i));
                if (want != null && !want.equals(combo.get(i))) {
                    return;
                }
            }
            vars.add(v);
        });
        return LinearExpression.sum(vars);
    }

    private List<String> shared(int i, int j) {
        List<String> s = new ArrayList<>(margins.get(i));
        s.retainAll(margins.get(j));
        return s;
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            i = parent[i];
        }
        return i;
    }

    private List<List<String>> combinations(List<String> dims) {
        List<List<String>> out = new ArrayList<>();
        out.add(List.of());
        for (String d : dims) {
            List<List<String>> next = new ArrayList<>();
            for (List<String> prefix : out) {
                for (String level : dimension(d).levels()) {
                    List<String> c = new ArrayList<>(prefix);
                    c.add(level);
                    next.add(Collections.unmodifiableList(c));
                }
            }
            out = next;
        }
        return out;
    }

    /** Atoms in all margins (for tests and limits). */
    int atomCount() {
        return atoms.stream().mapToInt(Map::size).sum();
    }
}
