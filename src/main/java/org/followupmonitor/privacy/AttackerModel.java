package org.followupmonitor.privacy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.CovariateSpec;
import org.followupmonitor.analysis.DataQualityFlag;
import org.followupmonitor.analysis.Endpoint;
import org.followupmonitor.analysis.Variable;
import org.followupmonitor.privacy.LinearSystem.Relation;
import org.followupmonitor.privacy.Release.AnalysisView;
import org.followupmonitor.privacy.Release.Count;

/**
 * The attacker's equations for one {@link Release}: what a person holding everything it publishes, and
 * knowing how the analyses are defined, can write down about the patient counts behind it.
 *
 * <ul>
 *   <li>Within an analysis: subjects = the sum of the groups, events likewise, events &le; patients per group;
 *       a listed group has at least one patient; monitoring's observed events = events.</li>
 *   <li>Between an analysis and its population: the diagnosed patients in the filter with group level g are
 *       the group's subjects plus those excluded, exclusion flag by flag (a patient with an unknown group level
 *       can only be excluded by a flag checked before the group); those with the endpoint (died; recurred or
 *       died; recurred) are the group's events plus excluded or horizon-censored ones; a stratum variable's
 *       unknown level is only ever excluded; a Cox level's patients are those of the population with that
 *       level who were not excluded, and all levels together hold at least the model's rows.</li>
 *   <li>Between analyses: the same population cell in every analysis and in Table 1 (the diagnosed patients
 *       cross-classified by arm, subtype, grade, ..., death and recurrence: {@link Population}); one count of
 *       patients without a diagnosis; the same patient-level data-quality count for one filter, the same
 *       missing-origin count for one filter and origin.</li>
 *   <li>Table 1: each cell, row total and arm size is a population cell.</li>
 *   <li>Alerts: observed events, the excluded count and the population they state.</li>
 * </ul>
 *
 * <p>Not used: nonlinear statistics (log-rank and Cox estimates, p-values, survival probabilities), which the
 * audit cannot invert; and the curves of published groups, whose counts add up to the group's n and events
 * that are published beside them.
 */
public final class AttackerModel {
    /**
     * A withheld count of patients the release must protect.
     *
     * @param units what withholds it (for the planner's bookkeeping)
     * @param structural the least value the release's markers alone imply: each withheld count it is made of has
     *     at least one patient (a withheld total of two withheld groups is at least 2); a lower bound of what
     *     the shape of the release implies, so a check against it errs on the strict side
     */
    public record Cell(String name, int variable, Count count, List<String> units, long structural) {}

    private final LinearSystem system;
    private final List<Cell> cells;
    private final Map<Integer, List<String>> unitsOf;

    private AttackerModel(LinearSystem system, List<Cell> cells, Map<Integer, List<String>> unitsOf) {
        this.system = system;
        this.cells = List.copyOf(cells);
        this.unitsOf = unitsOf;
    }

    public LinearSystem system() {
        return system;
    }

    /** Withheld counts of patients, in a stable order. */
    public List<Cell> cells() {
        return cells;
    }

    /** The units that would withhold a published variable (empty for latent ones). */
    List<String> unitsOf(int variable) {
        return unitsOf.getOrDefault(variable, List.of());
    }

    public static AttackerModel of(Release release) {
        return new Builder(release).build();
    }

    /**
     * Two releases' equations side by side, each release's counts its own unknowns, plus relations between
     * same-named counts of the two ({@code linked}: a name of the earlier release and of the later one: the
     * earlier count is at most the later one) and the least values the releases before the earlier one imply for
     * its counts ({@code floors}, by name; see {@link ReleaseHistory}). Growth and floors are soft relations: a
     * retraction or an erasure can make a count shrink, and the attacker then assumes the least disagreement
     * ({@link RangeSolver}). The withheld counts audited are both releases' (the earlier ones named
     * {@code "earlier 1: "}...): a later release can narrow an earlier one's counts from above. Only the later
     * release's published counts can still be withheld, so only they carry units.
     */
    static AttackerModel sequence(AttackerModel earlier, AttackerModel later,
            java.util.function.Predicate<String> linked, Map<String, Long> floors) {
        return sequence(List.of(earlier), List.of(floors), later, linked);
    }

    /**
     * The releases of a window side by side with a later one, exactly as {@link #chain} links them (each release's
     * counts its own unknowns, growth between consecutive ones), and for each release of the window the least values
     * the releases up to it imply ({@code floors.get(i)} for {@code earlier.get(i)}; a floor of at least 1 is shape, as
     * in {@link #chain}). The withheld counts audited are every release's: the later one's as they are named in it,
     * those of the release {@code k} before it prefixed {@link #earlier}{@code (k)}. Only the later release's published
     * counts can still be withheld, so only they carry units. With one earlier release this is the two-release model
     * the planner used before windows ({@link ReleaseHistory}).
     *
     * @param earlier the window, oldest first
     */
    static AttackerModel sequence(List<AttackerModel> earlier, List<Map<String, Long>> floors, AttackerModel later,
            java.util.function.Predicate<String> linked) {
        LinearSystem.Builder b = LinearSystem.builder();
        int n = earlier.size();
        List<int[]> index = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            index.add(copy(earlier.get(r).system, earlier(n - r), b));
        }
        int[] second = copy(later.system, "", b);
        index.add(second);
        for (int r = 0; r < n; r++) {
            LinearSystem s = earlier.get(r).system;
            LinearSystem next = r + 1 < n ? earlier.get(r + 1).system : later.system;
            Map<String, Long> fl = floors.get(r);
            String prefix = earlier(n - r);
            for (int i = 0; i < s.variables().size(); i++) {
                String name = s.variables().get(i).name();
                int j = next.indexOf(name);
                if (j >= 0 && linked.test(name)) {
                    b.source("counts grow: " + prefix + name).atMost(LinearExpression.of(index.get(r)[i]),
                            LinearExpression.of(index.get(r + 1)[j]), true);
                }
                Long floor = fl.get(name);
                if (floor != null && floor > 0 && s.variables().get(i).known() == null) {
                    b.source("earlier releases: " + prefix + name).add(LinearExpression.of(index.get(r)[i]),
                            Relation.GE, floor, true);
                    // That the count has a patient at all is part of the shape (a lower bound, which the shape keeps):
                    // knowing a withheld count non-empty narrows nothing (Protection), and two such counts inside a
                    // withheld total make it at least 2 whatever the numbers, as two listed groups do in one release.
                    b.variable(prefix + name, 1, null);
                }
            }
        }
        List<Cell> cells = new ArrayList<>();
        for (Cell c : later.cells) {
            cells.add(new Cell(c.name(), second[c.variable()], c.count(), c.units(), c.structural()));
        }
        for (int r = n - 1; r >= 0; r--) {
            for (Cell c : earlier.get(r).cells) {
                cells.add(new Cell(earlier(n - r) + c.name(), index.get(r)[c.variable()], c.count(), List.of(),
                        c.structural()));
            }
        }
        Map<Integer, List<String>> units = new LinkedHashMap<>();
        later.unitsOf.forEach((v, u) -> units.put(second[v], u));
        return new AttackerModel(b.build(), cells, units);
    }

    /**
     * The prefix of the counts of the release {@code back} releases before the planned one in {@link #sequence}:
     * {@value #EARLIER} for the last release, {@code "earlier 2: "} for the one before it, and so on. The space
     * keeps it apart from the planned release's own counts: those of an analysis start with its name and ": ", and
     * an analysis name has no space ({@code AnalysisDefinition}), so an analysis named "earlier" ("earlier:
     * subjects") is not read as a count of an earlier release.
     */
    static String earlier(int back) {
        return "earlier " + back + ": ";
    }

    /** A count's name in its own release, without the prefix {@link #earlier} gives it in {@link #sequence}. */
    static String unprefixed(String name) {
        if (name.startsWith("earlier ")) {
            int colon = name.indexOf(": ");
            String back = colon < 0 ? "" : name.substring("earlier ".length(), colon);
            if (!back.isEmpty() && back.chars().allMatch(Character::isDigit)) {
                return name.substring(colon + 2);
            }
        }
        return name;
    }

    /**
     * Every release of a sequence side by side, exactly: each release's equations over its own unknowns (named
     * {@code "release i: "}..., i from 1), and between consecutive releases the growth relations of
     * {@link #sequence} (a {@code linked} count of release i is at most the same count of release i + 1; soft).
     * Unlike {@link #sequence} nothing is summarised: joint facts about several withheld counts of any earlier
     * release (two withheld groups whose published sum bounds a later withheld total) stay in the system. Its size
     * grows linearly with the number of releases (one copy of each release's system plus one relation per linked
     * count and step).
     *
     * <p>{@code nonEmpty.get(i)} names the counts of release i + 1 that the releases up to it show to have a patient
     * (a floor of at least 1, {@link ReleaseHistory}): part of the shape, as in {@link #sequence}, so they keep a lower
     * bound of 1 that the shape-only system keeps too. The cells audited are every release's withheld counts; none
     * carries units (the sequence is for auditing, not planning).
     */
    static AttackerModel chain(List<AttackerModel> releases, java.util.function.Predicate<String> linked,
            List<java.util.Set<String>> nonEmpty) {
        LinearSystem.Builder b = LinearSystem.builder();
        List<int[]> index = new ArrayList<>();
        for (int r = 0; r < releases.size(); r++) {
            index.add(copy(releases.get(r).system, prefix(r), b));
        }
        for (int r = 0; r < releases.size(); r++) {
            LinearSystem s = releases.get(r).system;
            java.util.Set<String> shown = r < nonEmpty.size() ? nonEmpty.get(r) : java.util.Set.of();
            for (int i = 0; i < s.variables().size(); i++) {
                LinearSystem.Variable v = s.variables().get(i);
                if (v.known() == null && shown.contains(v.name())) {
                    b.variable(prefix(r) + v.name(), 1, null);
                }
                if (r + 1 < releases.size() && linked.test(v.name())) {
                    int j = releases.get(r + 1).system.indexOf(v.name());
                    if (j >= 0) {
                        b.source("counts grow: " + prefix(r) + v.name()).atMost(
                                LinearExpression.of(index.get(r)[i]), LinearExpression.of(index.get(r + 1)[j]), true);
                    }
                }
            }
        }
        List<Cell> cells = new ArrayList<>();
        for (int r = 0; r < releases.size(); r++) {
            for (Cell c : releases.get(r).cells) {
                cells.add(new Cell(prefix(r) + c.name(), index.get(r)[c.variable()], c.count(), List.of(),
                        c.structural()));
            }
        }
        return new AttackerModel(b.build(), cells, Map.of());
    }

    /** The prefix of release {@code r}'s (from 0) counts in {@link #chain}. */
    static String prefix(int r) {
        return "release " + (r + 1) + ": ";
    }

    /** The prefix of the last earlier release's counts in {@link #sequence}. */
    static final String EARLIER = "earlier 1: ";

    private static int[] copy(LinearSystem s, String prefix, LinearSystem.Builder b) {
        int[] index = new int[s.variables().size()];
        for (int i = 0; i < index.length; i++) {
            LinearSystem.Variable v = s.variables().get(i);
            index[i] = b.variable(prefix + v.name(), v.lowerBound(), v.known());
        }
        for (LinearSystem.Constraint c : s.constraints()) {
            LinearExpression e = LinearExpression.ZERO;
            for (int k = 0; k < c.variables().length; k++) {
                e = e.plus(LinearExpression.of(index[c.variables()[k]]).times(c.coefficients()[k]));
            }
            b.source(prefix + c.source()).add(e, c.relation(), c.rhs(), c.soft());
        }
        return index;
    }

    // ------------------------------------------------------------------ construction

    private static final String DIED = "died";
    private static final String RECURRED = "recurred";
    private static final List<String> NO_YES = List.of("no", "yes");
    private static final String UNKNOWN = "unknown";
    private static final String OTHER = "other";

    private static final class Builder {
        private final Release release;
        private final LinearSystem.Builder b = LinearSystem.builder();
        private final Population population = new Population();
        private final List<Cell> cells = new ArrayList<>();
        private final Map<Integer, List<String>> unitsOf = new LinkedHashMap<>();
        private final TreeSet<String> sites = new TreeSet<>();

        Builder(Release release) {
            this.release = release;
        }

        AttackerModel build() {
            collectSites();
            for (AnalysisView a : release.analyses()) {
                register(a);
            }
            if (release.table1() != null) {
                registerTable1(release.table1());
            }
            population.build(b);
            for (AnalysisView a : release.analyses()) {
                analysis(a);
            }
            if (release.table1() != null) {
                table1(release.table1());
            }
            alerts();
            b.source("population margins agree");
            population.agree(b);
            return new AttackerModel(b.build(), cells, unitsOf);
        }

        // ---- dimensions

        private void collectSites() {
            for (AnalysisView a : release.analyses()) {
                AnalysisDefinition d = a.definition();
                if (d.groupBy().orElse(null) == Variable.SITE) {
                    a.groups().forEach(sites::add);
                }
                String f = d.filter().get(Variable.SITE);
                if (f != null) {
                    sites.add(f);
                }
            }
        }

        private List<String> levels(Variable v) {
            List<String> out = new ArrayList<>(v == Variable.SITE ? List.copyOf(sites) : v.levels().orElseThrow());
            if (v == Variable.SITE) {
                out.add(OTHER);
            }
            if (Units.nullable(v)) {
                out.add(UNKNOWN);
            }
            return out;
        }

        private String dim(Variable v, AnalysisDefinition def) {
            String name = Units.dimension(v, def);
            population.dimension(name, levels(v));
            return name;
        }

        /**
         * The cell with one more level fixed; {@link Population#NOBODY} when the spec already fixes that
         * characteristic to another level (a stratum or group variable that is also the filter's).
         */
        private static Map<String, String> with(Map<String, String> spec, String dim, String level) {
            return merge(spec, Map.of(dim, level));
        }

        /** The endpoint as population cells: who has it at any time. */
        private List<Map<String, String>> endpoint(Endpoint e) {
            population.dimension(DIED, NO_YES);
            population.dimension(RECURRED, NO_YES);
            return switch (e) {
                case OVERALL_SURVIVAL -> List.of(Map.of(DIED, "yes"));
                case DISEASE_FREE -> List.of(Map.of(RECURRED, "yes"), Map.of(RECURRED, "no", DIED, "yes"));
                // Competing risks: the Kaplan-Meier events are cause 1, recurrences (death without recurrence
                // competes: competing(...) below).
                case RECURRENCE, RECURRENCE_COMPETING -> List.of(Map.of(RECURRED, "yes"));
            };
        }

        /** Death without recurrence, the competing event of {@link Endpoint#RECURRENCE_COMPETING}. */
        private Map<String, String> competingEvent() {
            population.dimension(DIED, NO_YES);
            population.dimension(RECURRED, NO_YES);
            return Map.of(RECURRED, "no", DIED, "yes");
        }

        private Map<String, String> filter(AnalysisDefinition def) {
            Map<String, String> f = new TreeMap<>();
            def.filter().forEach((v, level) -> f.put(dim(v, def), level));
            return f;
        }

        private List<String> groupLevels(AnalysisDefinition def) {
            return def.groupBy().map(this::levels).orElse(List.of());
        }

        /** Pass 1: every population cell this analysis will refer to. */
        private void register(AnalysisView a) {
            AnalysisDefinition def = a.definition();
            Map<String, String> f = filter(def);
            population.need(f);
            List<Map<String, String>> e = endpoint(def.endpoint());
            Optional<String> v = def.groupBy().map(g -> dim(g, def));
            List<Map<String, String>> scopes = new ArrayList<>();
            if (v.isPresent()) {
                for (String l : groupLevels(def)) {
                    scopes.add(with(f, v.get(), l));
                }
            } else {
                scopes.add(f);
            }
            for (Map<String, String> s : scopes) {
                population.need(s);
                e.forEach(x -> population.need(merge(s, x)));
                if (def.endpoint().competing()) {
                    population.need(merge(s, competingEvent()));
                }
                if (def.strata().size() == 1) {
                    population.need(with(s, dim(def.strata().get(0), def), UNKNOWN));
                }
            }
            for (CovariateSpec c : coxCategorical(def)) {
                String cd = dim(c.variable(), def);
                for (String l : levels(c.variable())) {
                    population.need(with(f, cd, l));
                }
            }
        }

        private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
            Map<String, String> m = new TreeMap<>(a);
            for (Map.Entry<String, String> e : b.entrySet()) {
                String old = m.put(e.getKey(), e.getValue());
                if (old != null && !old.equals(e.getValue())) {
                    return Population.NOBODY;
                }
            }
            return m;
        }

        private static List<CovariateSpec> coxCategorical(AnalysisDefinition def) {
            return def.cox().map(c -> c.covariates().stream().filter(x -> !x.variable().isNumeric()).toList())
                    .orElse(List.of());
        }

        // ---- variables

        private int count(String name, Count c, long lowerBound, List<String> units, boolean audited) {
            return count(name, c, lowerBound, units, audited, lowerBound);
        }

        private int count(String name, Count c, long lowerBound, List<String> units, boolean audited,
                long structural) {
            int v = b.variable(name, c.withheld() ? lowerBound : 0, c.withheld() ? null : c.value());
            if (!c.withheld()) {
                unitsOf.computeIfAbsent(v, k -> new ArrayList<>()).addAll(units);
            } else if (audited && cells.stream().noneMatch(x -> x.variable() == v)) {
                cells.add(new Cell(name, v, c, List.copyOf(units), structural));
            }
            return v;
        }

        private LinearExpression x(int v) {
            return LinearExpression.of(v);
        }

        /** Whether every count in an expression is published. */
        private boolean allPublished(LinearExpression e) {
            for (int v : e.variables()) {
                if (!b.isKnown(v)) {
                    return false;
                }
            }
            return true;
        }

        /** Whether an expression is a constant or a single published count. */
        private boolean published(LinearExpression e) {
            if (e.size() == 0) {
                return true;
            }
            if (e.size() > 1) {
                return false;
            }
            return b.isKnown(e.variables()[0]);
        }

        // ---- pass 2: one analysis

        private void analysis(AnalysisView a) {
            AnalysisDefinition def = a.definition();
            String name = a.name();
            Map<String, String> f = filter(def);
            b.source(name + ": totals");
            long withheldGroups = a.whole() ? 0 : a.groups().stream().filter(g -> a.n().get(g).withheld()).count();
            int subjects = count(name + ": subjects", a.subjects(), 0,
                    List.of(Units.totals(def), Units.whole(def)), true, withheldGroups);
            int events = count(name + ": events", a.totalEvents(), 0,
                    List.of(Units.totals(def), Units.whole(def)), false);
            if (a.monitoringEvents() != null) {
                b.add(x(events), Relation.EQ, a.monitoringEvents(), false);
            }

            // Exclusions: per flag, tied to the counts other analyses publish of the same patients.
            b.source(name + ": exclusions shared with other analyses");
            Map<String, Integer> excl = new LinkedHashMap<>();
            a.excluded().forEach((flag, c) -> {
                int v = count(name + ": excluded " + flag, c, 1, List.of(Units.flag(def, flag)), true);
                excl.put(flag, v);
                String shared = Units.sharedFlag(def, flag);
                if (!shared.startsWith(name + "|")) {
                    b.equal(x(v), x(b.latent("patients flagged " + shared)), true);
                }
            });
            List<String> flags = new ArrayList<>(excl.keySet());
            flags.remove(DataQualityFlag.NO_DIAGNOSIS.name());

            List<Map<String, String>> endpoint = endpoint(def.endpoint());
            boolean horizon = def.horizonDays().isPresent();
            Optional<String> strataDim = def.strata().size() == 1
                    ? Optional.of(dim(def.strata().get(0), def)) : Optional.empty();

            // Groups and their transport to the population, level by level.
            List<String> levels;
            String v;
            if (def.groupBy().isPresent()) {
                v = dim(def.groupBy().get(), def);
                levels = groupLevels(def);
            } else {
                v = null;
                levels = List.of("all");
            }
            LinearExpression nSum = LinearExpression.ZERO;
            LinearExpression dSum = LinearExpression.ZERO;
            LinearExpression cSum = LinearExpression.ZERO; // competing events (deaths without recurrence)
            boolean competing = def.endpoint().competing();
            Map<String, LinearExpression> lossSum = new LinkedHashMap<>();
            flags.forEach(fl -> lossSum.put(fl, LinearExpression.ZERO));
            for (String level : levels) {
                b.source(name + ": group " + level + " and its population");
                boolean unknownLevel = v != null && level.equals(UNKNOWN);
                Map<String, String> scope = v == null ? f : with(f, v, level);
                LinearExpression n;
                LinearExpression d;
                if (v == null) {
                    n = x(subjects);
                    d = x(events);
                } else if (unknownLevel) {
                    n = LinearExpression.ZERO;
                    d = LinearExpression.ZERO;
                } else if (a.whole()) {
                    // Not listed, but the group's size is what the analysis withholds: protect it like a listed
                    // one (other analyses may tell it), from 0 up since the release does not say it is not empty.
                    String cellName = name + ": group " + level + ": patients";
                    int nv = b.latent(cellName);
                    cells.add(new Cell(cellName, nv, Count.withheld(null), List.of(Units.whole(def)), 0));
                    int dv = b.latent(name + ": group " + level + ": events");
                    b.atMost(x(dv), x(nv));
                    n = x(nv);
                    d = x(dv);
                } else if (a.groups().contains(level)) {
                    List<String> units = List.of(Units.group(def, level), Units.whole(def));
                    int nv = count(name + ": group " + level + ": patients", a.n().get(level), 1, units, true);
                    int dv = count(name + ": group " + level + ": events", a.events().get(level), 0, units, false);
                    b.atMost(x(dv), x(nv));
                    n = x(nv);
                    d = x(dv);
                } else {
                    n = LinearExpression.ZERO; // not listed: nobody in this group
                    d = LinearExpression.ZERO;
                }
                nSum = nSum.plus(n);
                dSum = dSum.plus(d);
                // Losses of this level to each flag that can apply to it.
                LinearExpression lost = LinearExpression.ZERO;
                LinearExpression lostToEndpoint = LinearExpression.ZERO; // flags implying the endpoint
                LinearExpression lostMaybeEndpoint = LinearExpression.ZERO; // flags that may carry it
                Map<String, Integer> lossVars = new LinkedHashMap<>();
                for (String fl : flags) {
                    if (!applies(fl, unknownLevel, v != null)) {
                        continue;
                    }
                    // Without groups the one level loses exactly the excluded patients.
                    int lv = v == null ? excl.get(fl) : b.latent(name + ": " + level + " lost to " + fl);
                    lossVars.put(fl, lv);
                    lost = lost.plus(x(lv));
                    lossSum.put(fl, lossSum.get(fl).plus(x(lv)));
                    if (impliesEndpoint(fl, def.endpoint())) {
                        lostToEndpoint = lostToEndpoint.plus(x(lv));
                    }
                    if (!fl.equals(DataQualityFlag.CENSORED_BEFORE_LANDMARK.name())) {
                        lostMaybeEndpoint = lostMaybeEndpoint.plus(x(lv));
                    }
                }
                population.equal(b, scope, n.plus(lost), true, allPublished(n.plus(lost)));
                // The endpoint: events, or lost, or censored at the horizon.
                LinearExpression rhs = d;
                if (!lossVars.isEmpty()) {
                    int le = b.latent(name + ": " + level + " with the endpoint, lost");
                    b.atMost(x(le), lostMaybeEndpoint);
                    b.atMost(lostToEndpoint, x(le));
                    rhs = rhs.plus(x(le));
                }
                if (horizon && !unknownLevel) {
                    int h = b.latent(name + ": " + level + " with the endpoint after the horizon");
                    b.atMost(x(h), n.minus(d));
                    rhs = rhs.plus(x(h));
                }
                if (competing) {
                    cSum = cSum.plus(competing(a, level, v, unknownLevel, scope, n, d, lost, lossVars, rhs.minus(d)));
                }
                if (endpoint.size() == 1) {
                    population.equal(b, merge(scope, endpoint.get(0)), rhs, true, rhs.size() <= 1 && published(rhs));
                } else {
                    LinearExpression withEndpoint = LinearExpression.ZERO;
                    for (Map<String, String> e : endpoint) {
                        withEndpoint = withEndpoint.plus(population.cell(merge(scope, e)));
                    }
                    b.equal(withEndpoint, rhs, true);
                }
                // A stratum variable's unknown level is never a row.
                if (strataDim.isPresent() && !unknownLevel) {
                    LinearExpression unknownStratum = LinearExpression.ZERO;
                    for (Map.Entry<String, Integer> lv : lossVars.entrySet()) {
                        String fl = lv.getKey();
                        if (fl.equals(DataQualityFlag.MISSING_STRATUM.name())) {
                            unknownStratum = unknownStratum.plus(x(lv.getValue()));
                        } else if (before(fl, DataQualityFlag.MISSING_STRATUM)) {
                            int s = b.latent(name + ": " + level + " unknown stratum lost to " + fl);
                            b.atMost(x(s), x(lv.getValue()));
                            unknownStratum = unknownStratum.plus(x(s));
                        }
                    }
                    population.equal(b, with(scope, strataDim.get(), UNKNOWN), unknownStratum, true,
                            unknownStratum.size() == 0);
                }
            }
            b.source(name + ": groups add up");
            if (v != null) {
                b.equal(x(subjects), nSum, false);
                b.equal(x(events), dSum, false);
            }
            b.atMost(x(events), x(subjects));
            if (v != null) {
                for (String fl : flags) {
                    b.equal(lossSum.get(fl), x(excl.get(fl)), false);
                }
            }
            Integer noDiagnosis = excl.get(DataQualityFlag.NO_DIAGNOSIS.name());
            if (noDiagnosis != null) {
                b.equal(x(noDiagnosis), x(b.latent("patients flagged " + DataQualityFlag.NO_DIAGNOSIS.name())), true);
            }
            cox(a, f, subjects, events, flags, excl);
            if (competing && a.fineGrayCompeting() != null) {
                // The Fine-Gray model's competing events are those among its rows: at most all of them, and the
                // rows it left out hold the rest. Soft: in the stream the model may have been fitted on an earlier
                // cohort than the counts beside it (Views leaves out a model marked stale).
                b.source(name + ": Fine-Gray model");
                b.add(cSum, Relation.GE, a.fineGrayCompeting(), true);
                if (a.cox() != null && a.cox().fitted()) {
                    b.add(cSum.minus(x(subjects)), Relation.LE, a.fineGrayCompeting() - a.cox().n(), true);
                }
            }
            b.source("");
        }

        /**
         * A competing-risks group's deaths without recurrence: published per listed group (the events of its
         * cumulative incidence of death), they are its population's patients who died without recurrence, less
         * those lost to an exclusion or censored at the horizon, as the endpoint's events are.
         *
         * @param endpointLoss the latent counts of the level's lost patients and horizon-censored ones with the
         *     endpoint (recurrence): a patient lost or censored is counted with one cause at most
         * @return the group's competing events (zero for a level that cannot have any)
         */
        private LinearExpression competing(AnalysisView a, String level, String v, boolean unknownLevel,
                Map<String, String> scope, LinearExpression n, LinearExpression d, LinearExpression lost,
                Map<String, Integer> lossVars, LinearExpression endpointLoss) {
            AnalysisDefinition def = a.definition();
            String name = a.name();
            LinearExpression c;
            if (unknownLevel) {
                c = LinearExpression.ZERO;
            } else if (a.whole()) {
                int cv = b.latent(name + ": group " + level + ": deaths without recurrence");
                c = x(cv);
            } else if (a.competing().containsKey(v == null ? "all" : level)) {
                String key = v == null ? "all" : level;
                c = x(count(name + ": group " + level + ": deaths without recurrence", a.competing().get(key), 0,
                        List.of(Units.group(def, level), Units.whole(def)), false));
            } else if (v == null || a.groups().contains(level)) {
                c = x(b.latent(name + ": group " + level + ": deaths without recurrence"));
            } else {
                c = LinearExpression.ZERO; // not listed: nobody in this group
            }
            b.atMost(d.plus(c), n);
            LinearExpression rhs = c;
            if (!lossVars.isEmpty()) {
                int lc = b.latent(name + ": " + level + " dead without recurrence, lost");
                b.atMost(x(lc).plus(endpointLoss), lost.plus(n).minus(d).minus(c));
                b.atMost(x(lc), lost);
                rhs = rhs.plus(x(lc));
            }
            if (def.horizonDays().isPresent() && !unknownLevel) {
                int h = b.latent(name + ": " + level + " dead without recurrence after the horizon");
                b.atMost(x(h), n.minus(d).minus(c));
                rhs = rhs.plus(x(h));
            }
            population.equal(b, merge(scope, competingEvent()), rhs, true, rhs.size() <= 1 && published(rhs));
            return c;
        }

        /** Whether exclusion flag {@code fl} can remove a patient whose group level is known / unknown. */
        private static boolean applies(String fl, boolean unknownLevel, boolean grouped) {
            Optional<DataQualityFlag> flag = Units.parse(fl);
            if (flag.isEmpty() || !grouped) {
                return true;
            }
            if (unknownLevel) {
                return !before(DataQualityFlag.MISSING_GROUP, flag.get());
            }
            return flag.get() != DataQualityFlag.MISSING_GROUP;
        }

        private static boolean before(String fl, DataQualityFlag other) {
            return Units.parse(fl).map(f -> f.ordinal() < other.ordinal()).orElse(false);
        }

        private static boolean before(DataQualityFlag f, DataQualityFlag other) {
            return f.ordinal() < other.ordinal();
        }

        /** Flags whose patients certainly have the endpoint at some time. */
        private static boolean impliesEndpoint(String fl, Endpoint e) {
            Optional<DataQualityFlag> flag = Units.parse(fl);
            if (flag.isEmpty()) {
                return false;
            }
            boolean deathCounts = e != Endpoint.RECURRENCE && e != Endpoint.RECURRENCE_COMPETING;
            boolean recurrenceCounts = e != Endpoint.OVERALL_SURVIVAL;
            return switch (flag.get()) {
                // With competing risks the endpoint before the landmark may be a death without recurrence.
                case ENDPOINT_BEFORE_LANDMARK -> e != Endpoint.RECURRENCE_COMPETING;
                case CONFLICTING_DEATHS, DEATH_BEFORE_DIAGNOSIS, EVENT_AFTER_DEATH -> deathCounts;
                case RECURRENCE_BEFORE_ORIGIN -> recurrenceCounts;
                default -> false;
            };
        }

        private void cox(AnalysisView a, Map<String, String> f, int subjects, int events, List<String> flags,
                Map<String, Integer> excl) {
            Release.CoxView cox = a.cox();
            if (cox == null) {
                return;
            }
            b.source(a.name() + ": Cox model");
            AnalysisDefinition def = a.definition();
            String name = a.name();
            if (!cox.fitted()) {
                return; // a model not fitted states no count of rows or events
            }
            b.add(x(events), Relation.GE, cox.events(), false);
            b.add(x(subjects).minus(x(events)), Relation.GE, cox.n() - cox.events(), false);
            b.add(x(subjects), Relation.GE, cox.n(), false);
            LinearExpression excluded = LinearExpression.ZERO;
            for (String fl : flags) {
                excluded = excluded.plus(x(excl.get(fl)));
            }
            for (CovariateSpec c : coxCategorical(def)) {
                String label = c.variable().label();
                List<Release.CoxLevel> present = cox.levels().stream().filter(l -> l.covariate().equals(label)).toList();
                if (present.isEmpty()) {
                    continue; // not fitted: the levels are not known
                }
                String cd = dim(c.variable(), def);
                LinearExpression known = LinearExpression.ZERO;
                LinearExpression unknownRows = LinearExpression.ZERO;
                LinearExpression lost = LinearExpression.ZERO;
                for (String level : levels(c.variable())) {
                    Map<String, String> scope = with(f, cd, level);
                    // Without exclusions nobody is lost: no variable for it.
                    LinearExpression loss = flags.isEmpty() ? LinearExpression.ZERO
                            : x(b.latent(name + ": Cox " + label + "=" + level + " lost"));
                    lost = lost.plus(loss);
                    if (level.equals(UNKNOWN)) {
                        int r = b.latent(name + ": Cox " + label + " unknown rows");
                        b.equal(population.cell(scope), x(r).plus(loss), true);
                        unknownRows = x(r);
                        continue;
                    }
                    String cellName = name + ": Cox level " + label + "=" + level + ": patients";
                    Optional<Release.CoxLevel> p = present.stream().filter(l -> l.level().equals(level)).findFirst();
                    int cv = b.variable(cellName, p.isEmpty() ? 0 : 1, p.isEmpty() ? 0L : null);
                    if (p.isPresent() && p.get().suppressed() && cells.stream().noneMatch(x -> x.variable() == cv)) {
                        cells.add(new Cell(cellName, cv, Count.withheld(null), List.of(), 1));
                    }
                    b.equal(population.cell(scope), x(cv).plus(loss), true);
                    known = known.plus(x(cv));
                }
                b.equal(lost, excluded, false);
                b.equal(known.plus(unknownRows), x(subjects), false);
                b.add(known, cox.singleCovariate() ? Relation.EQ : Relation.GE, cox.n(), false);
            }
        }

        // ---- Table 1

        private static final Map<String, String> TABLE1_DIMENSION = Map.of("recurrence", RECURRED, "status", DIED);

        private String table1Dimension(String characteristic) {
            String d = TABLE1_DIMENSION.get(characteristic);
            if (d != null) {
                population.dimension(d, NO_YES);
                return d;
            }
            for (Variable v : Variable.values()) {
                if (v.label().equals(characteristic) && !v.isNumeric()) {
                    population.dimension(v.label(), levels(v));
                    return v.label();
                }
            }
            return null;
        }

        private static String table1Level(String characteristic, String level) {
            if (characteristic.equals("status")) {
                return level.equals("died") ? "yes" : "no";
            }
            return level;
        }

        private void registerTable1(Release.Table1View t) {
            String arm = Variable.ARM.label();
            population.dimension(arm, levels(Variable.ARM));
            population.need(Map.of());
            population.need(Map.of(arm, t.arms().get(0)));
            for (Release.CharacteristicView c : t.characteristics()) {
                String d = table1Dimension(c.name());
                if (d != null) {
                    population.need(Map.of(d, "x"));
                    population.need(Map.of(arm, "x", d, "x"));
                }
            }
        }

        private void table1(Release.Table1View t) {
            b.source("Table 1");
            String arm = Variable.ARM.label();
            LinearExpression all = LinearExpression.ZERO;
            for (String a : t.arms()) {
                Count size = t.armSizes().get(a);
                long parts = t.characteristics().stream().mapToLong(c -> c.rows().stream()
                        .filter(r -> r.cells().get(a).withheld()).count()).max().orElse(1);
                int v = count("Table 1: " + a + " (n)", size, 1, List.of(Units.table1Arm(a)), true, Math.max(1, parts));
                population.equal(b, Map.of(arm, a), x(v), false, !size.withheld());
                all = all.plus(x(v));
            }
            for (Release.CharacteristicView c : t.characteristics()) {
                String d = table1Dimension(c.name());
                if (d == null) {
                    continue;
                }
                List<String> block = List.of(Units.table1Block(c.name()));
                for (Release.RowView row : c.rows()) {
                    String level = table1Level(c.name(), row.level());
                    if (!population.dimension(d).levels().contains(level)) {
                        continue;
                    }
                    for (String a : t.arms()) {
                        Count cell = row.cells().get(a);
                        List<String> units = new ArrayList<>(List.of(Units.table1Cell(c.name(), row.level(), a)));
                        units.addAll(block);
                        int v = count("Table 1: " + c.name() + " " + row.level() + " / " + a, cell, 1, units, true);
                        population.equal(b, new TreeMap<>(Map.of(arm, a, d, level)), x(v), false, !cell.withheld());
                    }
                    List<String> units = new ArrayList<>(List.of(Units.table1Row(c.name(), row.level())));
                    units.addAll(block);
                    long parts = row.cells().values().stream().filter(Count::withheld).count();
                    int v = count("Table 1: " + c.name() + " " + row.level() + " / total", row.total(), 1, units, true,
                            Math.max(1, parts));
                    population.equal(b, Map.of(d, level), x(v), false, !row.total().withheld());
                }
                // Levels without a row have no patients.
                for (String level : population.dimension(d).levels()) {
                    boolean listed = c.rows().stream().anyMatch(r -> table1Level(c.name(), r.level()).equals(level));
                    if (!listed) {
                        population.equal(b, Map.of(d, level), LinearExpression.ZERO, false, true);
                    }
                }
            }
        }

        // ---- alerts

        private void alerts() {
            b.source("alerts");
            for (Release.AlertView alert : release.alerts()) {
                String name = alert.analysis();
                int subjects = b.indexOf(name + ": subjects");
                int events = b.indexOf(name + ": events");
                if (subjects < 0) {
                    continue;
                }
                Double observed = alert.values().get("observedEvents");
                if (observed != null) {
                    b.add(x(events), Relation.EQ, observed, false);
                }
                LinearExpression excluded = LinearExpression.ZERO;
                LinearExpression dataQuality = LinearExpression.ZERO;
                for (AnalysisView a : release.analyses()) {
                    if (a.name().equals(name)) {
                        for (String fl : a.excluded().keySet()) {
                            int v = b.indexOf(name + ": excluded " + fl);
                            excluded = excluded.plus(x(v));
                            if (Units.parse(fl).map(DataQualityFlag::dataQuality).orElse(true)) {
                                dataQuality = dataQuality.plus(x(v));
                            }
                        }
                    }
                }
                Double population = alert.values().get("population");
                if (population != null) {
                    b.add(x(subjects).plus(excluded), Relation.EQ, population, false);
                }
                Double bad = alert.values().get("excluded");
                if (bad != null) {
                    b.add(dataQuality, Relation.EQ, bad, false);
                }
                Double alive = alert.values().get("alive");
                if (alive != null) {
                    b.add(x(subjects), Relation.GE, alive, false);
                }
            }
        }
    }
}
