package org.followupmonitor.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What earlier releases of the stream tell the attacker, as the next release's plan and audit take it: the last
 * {@link #size} releases as published, in full (the <i>window</i>), and for each release of the window, per count the
 * growth attacker links between releases (an analysis' subjects, a group's patients: {@link GrowthAudit#grows}), the
 * least value all releases up to it imply (its {@code floors}).
 *
 * <p>The attacker model across releases is the growth attacker's ({@link GrowthAudit}): each release's equations
 * ({@link AttackerModel}), and between consecutive releases only that a count of patients never shrinks. This is
 * the "tables over time" case of tabular disclosure control (Hundepool et al., <i>Statistical Disclosure Control</i>,
 * Wiley 2012, ch. 5: linked tables; a new release is protected with the earlier releases' published cells as fixed
 * context, and a count that is suppressed in one release but derivable from the difference of releases is a
 * disclosure). A plan checks the candidate release chained exactly with the window ({@link AttackerModel#sequence}:
 * the same relations as the exact audit's {@link AttackerModel#chain}), so it checks every withheld count of every
 * release of the window too, against upper bounds that pass back from the candidate through the window's joint
 * equations (two withheld groups of release r whose sum r published, one of them capped by release r + 2).
 *
 * <p>Why a window and not another summary. Lower bounds flow forward (x(next) &ge; x(last) &ge; x(older)), so what
 * older releases imply for the next one passes through the window's first release and its floors; they are exact for
 * what single counts imply. Upper bounds flow backwards, and what they narrow depends on an older release's joint
 * equations, which per-count bounds cannot carry (a floor, and a ceiling too, is a bound on one count; the facts that
 * leaked were sums of withheld counts). Carrying "what it would take to narrow" each older withheld count is a
 * projection of a polytope onto the linked counts, not a fixed-size summary. Nor is carrying witnesses a sound
 * closure: for each withheld count of a release r that leaves the window, a solution of releases 1 .. r with the count
 * at each end of its range, kept feasible by later plans as lower bounds on the window's first release. Were every
 * relation exact, such a witness would extend to a solution of the whole sequence whenever the later releases admit
 * those lower bounds (growth links only consecutive releases). But growth and floors are soft: when the releases
 * disagree (a retraction, an erasure), {@link RangeSolver} takes the least total slack of the whole system as a budget
 * (one row over every soft relation's slack) and the ranges over the solutions within it. A witness is a solution of
 * the program relaxed with releases 1 .. r's budget; the exact audit of the whole sequence uses the whole sequence's,
 * which a later release can force to be spent elsewhere, so a carried witness may lie outside what the exact audit
 * admits, and keeping it feasible proves nothing about the count. The exact model (every release in full) grows
 * without bound: each plan's linear programs grow with the number of releases and planning is already the release
 * stage's cost. A window of the last few releases in full keeps the joint facts where they leaked at a bounded cost.
 * Measured by the exact audit of {@code StreamReleasesPropertiesTest}'s seed hunt (8 releases per seed, 120 patients):
 * with the last release alone in full, 14 counts in 10 of seeds 1 to 16 were narrowed, each by the release two after
 * its own; a window of two left one narrowed by the release three after it, a window of three one by the release four
 * after it in seeds 1 to 16 (seed 8) and one in seeds 17 to 24 (seed 19). A window of four protects both on those
 * seeds and leaves one narrowed by the release five after it in each of seeds 38 and 60 of seeds 25 to 72, which a
 * window of five protects. Each window leaves what a release more than its size later narrows, and costs more
 * planning work (README, Privacy: planning cost and what is left across releases).
 *
 * <p>The history keeps {@link #WINDOW} (five) releases, and a release is planned against them when that plan fits the
 * work limit; when it does not, against the last {@link #FALLBACK_WINDOW} (three) of them ({@link #lastReleases}),
 * and only when that plan reaches the limit too is the release withheld whole ({@code Disclosure.plan} with a list of
 * windows). A window of five as the only one once stalled a 300-patient integration test: one plan reached the limit
 * and withheld every analysis whole for longer than the test waited; the shorter window is the one the stream used
 * alone before, whose plans cost less (smaller programs). Which window each release was planned against is told
 * ({@code followup_release_window}), and the property test asserts what it gives: the exact audit narrows no count
 * by a release within the reach of the window that release was planned against.
 *
 * <p>That a floor is at least 1 (the count has a patient) is part of the shape the audit measures narrowing against
 * ({@link Protection}): knowing a withheld count non-empty narrows nothing, so counts the history shows non-empty
 * inside a withheld total make it at least their number, as listed groups do in one release. Without that, three
 * releases that all withhold everything could "narrow" a total to 2 .. ∞ ({@code SequenceShapeTest}), which no plan
 * can avoid.
 */
public final class ReleaseHistory {
    /** Releases kept in full: the last one and the four before it (see the class comment). */
    public static final int WINDOW = 5;

    /**
     * The window a release is planned against when its plan against {@link #WINDOW} reaches the work limit: the last
     * release and the two before it (see the class comment).
     */
    public static final int FALLBACK_WINDOW = 3;

    /** No release yet: the plan is the single-release one (as {@code analyze}'s). */
    public static final ReleaseHistory NONE = new ReleaseHistory(List.of(), WINDOW);

    /**
     * A release of the window.
     *
     * @param floors by count name (as {@link AttackerModel} names it), the least value the releases up to this one imply
     */
    public record Entry(Release release, Map<String, Long> floors) {
        public Entry {
            floors = Map.copyOf(floors);
        }
    }

    private final List<Entry> window;
    private final int size;
    private List<AttackerModel> models;

    /** A history of one release and its floors, the window of the default size ({@link #WINDOW}). */
    public ReleaseHistory(Release last, Map<String, Long> floors) {
        this(last == null ? List.of() : List.of(new Entry(last, floors)), WINDOW);
    }

    /**
     * @param window the last releases, oldest first, at most {@code size} of them
     * @param size how many releases the window keeps in full (at least 1)
     */
    public ReleaseHistory(List<Entry> window, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a window of at least one release: " + size);
        }
        this.window = List.copyOf(window.subList(Math.max(0, window.size() - size), window.size()));
        this.size = size;
    }

    /** The empty history of a window of {@code size} releases. */
    public static ReleaseHistory none(int size) {
        return new ReleaseHistory(List.of(), size);
    }

    /** The last release as published (null for none). */
    public Release last() {
        return window.isEmpty() ? null : window.get(window.size() - 1).release();
    }

    /** The least values the releases up to the last one imply for its counts (empty for none). */
    public Map<String, Long> floors() {
        return window.isEmpty() ? Map.of() : window.get(window.size() - 1).floors();
    }

    /** The releases kept in full, oldest first (the last one last). */
    public List<Entry> window() {
        return window;
    }

    /** How many releases the window keeps in full. */
    public int size() {
        return size;
    }

    /**
     * The last {@code n} releases of this history with the floors they have (all of it when it holds no more), to plan
     * a release against a shorter window than this history keeps. Only for planning: the history that follows a
     * release is still {@link #next} of this one, which keeps {@link #size} releases.
     *
     * <p>Why the floors stay as they are, computed when each release was published from the longer window before it
     * ({@link #next}): a floor is the least value of a count in a model that is a relaxation of the exact sequence of
     * the releases up to its own (their equations, growth between consecutive ones, and the window's first release's
     * floors, themselves such bounds), so it is at most the least value the exact sequence allows: a fact about the
     * releases the attacker holds, whatever window plans next. A plan against the shorter window with them is still a
     * relaxation of the exact audit's model, one that holds more of the attacker's facts than floors computed from
     * three releases would, so it finds at least the narrowings they would show it beyond what the three releases
     * themselves show. Where releases disagree (a retraction, an erasure) floors are soft, as growth is, in the plan
     * as in the window of three before. Recomputing them from the shorter window would throw facts away, and cost
     * programs the plan is short of by then.
     */
    public ReleaseHistory lastReleases(int n) {
        if (n >= window.size()) {
            return this;
        }
        return new ReleaseHistory(window, n);
    }

    /** The attacker's model of a candidate release given this history. */
    AttackerModel model(Release candidate) {
        AttackerModel next = AttackerModel.of(candidate);
        if (window.isEmpty()) {
            return next;
        }
        if (models == null) {
            List<AttackerModel> m = new ArrayList<>();
            window.forEach(e -> m.add(AttackerModel.of(e.release())));
            models = m;
        }
        return AttackerModel.sequence(models, window.stream().map(Entry::floors).toList(), next, GrowthAudit::grows);
    }

    /** The history once {@code published} is released after this one. */
    public ReleaseHistory next(Release published) {
        if (published.equals(last())) {
            return this; // the same publication again tells nothing new
        }
        AttackerModel model = model(published);
        LinearSystem s = model.system();
        // The published release's counts follow the window's in the model (AttackerModel.sequence copies them last).
        int from = 0;
        for (AttackerModel m : window.isEmpty() ? List.<AttackerModel>of() : models) {
            from += m.system().variables().size();
        }
        Set<Integer> linked = new TreeSet<>();
        for (int v = from; v < s.variables().size(); v++) {
            if (GrowthAudit.grows(s.variables().get(v).name())) {
                linked.add(v);
            }
        }
        Map<String, Long> out = new TreeMap<>();
        RangeSolver solver = null;
        // The floors run on the stream thread with no work limit (a limit that stopped them would understate what the
        // attacker holds); their work is counted for the profile only (README, Privacy: planning cost).
        PlanningWork work = PlanningWork.unlimited();
        long started = PlanningWork.PROFILE ? System.nanoTime() : 0;
        int solved = 0;
        for (int v : linked) {
            LinearSystem.Variable x = s.variables().get(v);
            long floor;
            if (x.known() != null) {
                floor = x.known();
            } else {
                if (solver == null) {
                    solver = new RangeSolver(s, linked, work);
                }
                floor = solver.low(v);
                solved++;
            }
            if (floor > 0) {
                out.put(x.name(), floor);
            }
        }
        if (PlanningWork.PROFILE) {
            System.err.printf("history floors: %d linked counts, %d solved, %d programs, work %d, %d ms%n",
                    linked.size(), solved, work.programs(), work.work(), (System.nanoTime() - started) / 1_000_000);
        }
        List<Entry> w = new ArrayList<>(window);
        w.add(new Entry(published, out));
        return new ReleaseHistory(w, size);
    }
}
