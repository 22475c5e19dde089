package org.followupmonitor.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.followupmonitor.alerts.Alert;
import org.followupmonitor.alerts.AlertEvaluator;
import org.followupmonitor.alerts.AlertState;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.Privacy;
import org.followupmonitor.privacy.Disclosure;
import org.followupmonitor.privacy.Release;
import org.followupmonitor.privacy.ReleaseHistory;
import org.followupmonitor.privacy.Views;

/**
 * The release stage: one task sees every analysis (its input topic has one partition), keeps the latest
 * complete result of each, and publishes what disclosure control lets out of all of them together
 * ({@link Disclosure#plan}): the output topics, the {@code analysis-results} store behind the API, the
 * {@link ResultListener}, and the alerts, evaluated on the result as released. A release is planned when a
 * cohort task ends a publishing round (or, when pacing deferred it, at the next tick of a short wall-clock
 * punctuator); an analysis is republished whenever its released form changes, which can be because another
 * analysis changed (what one withholds depends on the others).
 *
 * <p>Each release is planned with the releases before it as fixed context ({@link ReleaseHistory}): the last
 * releases as published, in full (the last one in the {@code analysis-results} store, the ones before it in the
 * {@code release-window} store, by release number) and, per release of that window, cohort and group, the least size
 * all releases up to it imply (the {@code release-floors} store: the last release's under the count's name, an
 * earlier one's under {@code "<release number>|"} and the name), so that no sequence of releases narrows a withheld
 * count for an attacker who holds them all and assumes counts only grow (as far as the window reaches: README,
 * Privacy). The stores are changelogged: a restart or a move of the task plans the next release with the same
 * history, and cannot reset what the attacker already holds.
 *
 * <p>After a start, a crash or a move of the task, the latest complete results come back from the
 * {@code unreleased-results} store and are released again; unchanged released results are not republished.
 *
 * <p>The plan is the one costly step (linear programs over every withheld count of the window: minutes for a
 * registry of 20,000 patients with the bundled analyses), so the app computes it on a background thread: the
 * punctuator starts a plan of the inputs as they are, returns, and publishes at a later tick once the plan is done,
 * on the stream thread, so stores, topics and history change together in one transaction. Meanwhile the stream
 * thread goes on reading (the cohort tasks it also runs included) and never exceeds the consumer's poll interval,
 * which had the group evict it, fence its producer and restore its tasks from scratch. Inputs that arrive during a
 * plan wait for the next one. The plan is a function of the inputs and the history alone, so where it runs changes
 * when a release comes, never what it says; topology tests plan on the stream thread.
 *
 * <p>A release is planned against the last {@link ReleaseHistory#WINDOW} releases when that plan fits the work limit,
 * otherwise against the last {@link ReleaseHistory#FALLBACK_WINDOW} within the same limit ({@link
 * Disclosure#plan(List, List, int, ReleaseHistory, long, List)}); the window each release was planned against is told
 * to the listener and to a gauge, and a fallback is logged once. When the shorter window's plan reaches the limit too,
 * the release withholds every analysis whole. In the app ({@link ReleasePlanning#background}), when no newer input
 * waits once that release is out, the same inputs are planned once more against the shorter window within a larger but
 * bounded limit, and that plan is published if it completes and still no newer input came
 * (otherwise the next round, of the newer input, takes over). So a stream that falls quiet right after a release at
 * the limit ends on a full plan unless the second plan reaches its limit too; then the withheld release stands until
 * new input, with one warning. Topology tests ({@link ReleasePlanning#inline}) make no second plan.
 */
public final class ReleaseProcessor implements Processor<String, Unreleased, String, Object> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReleaseProcessor.class);
    /** How often a release deferred by pacing, or pending after a restart, is tried. */
    static final Duration INTERVAL = Duration.ofMillis(20);

    private final Map<String, AnalysisDefinition> analyses = new LinkedHashMap<>();
    private final int minCellSize;
    private final ResultListener listener;
    /** As the cohort stage: a round that took t waits at least {@link Pacing#costFactor} times t before the next. */
    private final Pacing pacing;
    private final AlertEvaluator evaluator;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, Unreleased> inputs;
    private KeyValueStore<String, AnalysisResult> results;
    private KeyValueStore<String, AlertLog> alertStore;
    private KeyValueStore<String, Long> floorStore;
    private KeyValueStore<String, AnalysisResult> windowStore;
    /** The results of the last release (what {@link #history} holds last), by analysis; null before the first. */
    private Map<String, AnalysisResult> lastPublished;
    /** The number of the last release in the {@code release-window} store (0 for none). */
    private long lastNumber;
    /** What the releases so far tell the attacker (see the class comment). */
    private ReleaseHistory history = ReleaseHistory.NONE;
    /** Per analysis, the latest complete result (a copy of {@code unreleased-results}). */
    private final Map<String, Unreleased> latest = new LinkedHashMap<>();
    /** Analyses with a new complete result not yet released. */
    private final Set<String> pending = new LinkedHashSet<>();
    /**
     * Per analysis, what was last published and what it was made of: the same input and the same units of the
     * plan give the same published result, so most analyses of a round are skipped without comparing results
     * (which hold whole curves).
     */
    private final Map<String, Released> released = new LinkedHashMap<>();
    private long notBefore = Long.MIN_VALUE;
    /** Consecutive rounds whose plan failed; a few are expected while refreshes catch up (see punctuate). */
    private int deferred;
    /** Deferred rounds in a row after which the deferral is worth a warning. */
    private static final int DEFERRALS_WORTH_A_WARNING = 20;
    /**
     * Where plans run (the caller's, stream, thread in topology tests, a background thread in the app), their work
     * limit, and the second plan's after a plan that reached it.
     */
    private final ReleasePlanning limits;
    /**
     * The last release's plan reached its work limit and no second plan of it was made yet: when nothing is pending,
     * the next round is that second plan (one per release at the limit).
     */
    private boolean planAgain;
    /** The release being planned, if any: one at a time. */
    private Round planning;

    private record Released(AnalysisResult result, Unreleased input, List<String> units) {}

    /**
     * One release in the making: what its plan was started on (the inputs by analysis, as {@link #latest} held them),
     * the plan, when the round started (for {@link Pacing}), and whether it is the second plan of a release at the
     * work limit.
     */
    private record Round(List<AnalysisDefinition> defs, Map<String, Unreleased> inputs, long started,
            CompletableFuture<Disclosure.WindowedPlan> units, boolean second) {}

    /**
     * The windows a release is planned against, longest first, each within the first work limit: five releases when
     * that plan fits, three when it does not ({@link ReleaseHistory}: the cascade of windows). Three is the window the
     * stream planned with alone before, so a release is checked against at least as many earlier releases as then,
     * and usually more; the second try costs at most one more limit's work before a release at the limit is withheld.
     */
    static final List<Integer> WINDOWS = List.of(ReleaseHistory.WINDOW, ReleaseHistory.FALLBACK_WINDOW);
    /**
     * The window of the second plan of a release withheld whole at the work limit: the shorter one, whose plan has
     * just reached the first limit too (the window of three was what the second plan had before the cascade; five
     * within the second limit would be the likelier to reach it, and this plan's time is how long the blank stands).
     */
    static final List<Integer> SECOND_WINDOWS = List.of(ReleaseHistory.FALLBACK_WINDOW);
    /** Told the window each release was planned against (a gauge in the app); no count, no patient. */
    private final java.util.function.IntConsumer windowGauge;

    /** Planning each release on the stream thread, with no second plan (topology tests). */
    ReleaseProcessor(List<AnalysisDefinition> analyses, int minCellSize, ResultListener listener, Pacing pacing) {
        this(analyses, minCellSize, listener, pacing, ReleasePlanning.inline());
    }

    /**
     * @param planning where each release's plan runs ({@link ReleasePlanning#inline} on the stream thread, as topology
     *     tests do; a plan must not hold up the stream thread in the app: see the class comment), its work limit, and
     *     whether a plan that reached it is followed by a second one
     */
    ReleaseProcessor(List<AnalysisDefinition> analyses, int minCellSize, ResultListener listener, Pacing pacing,
            ReleasePlanning planning) {
        this(analyses, minCellSize, listener, pacing, planning, w -> { });
    }

    /**
     * @param windowGauge told the window each published release was planned against ({@link
     *     Disclosure.WindowedPlan#window}; the app's {@code followup_release_window})
     */
    ReleaseProcessor(List<AnalysisDefinition> analyses, int minCellSize, ResultListener listener, Pacing pacing,
            ReleasePlanning planning, java.util.function.IntConsumer windowGauge) {
        this.windowGauge = java.util.Objects.requireNonNull(windowGauge, "windowGauge");
        this.limits = java.util.Objects.requireNonNull(planning, "planning");
        analyses.forEach(a -> this.analyses.put(a.name(), a));
        this.minCellSize = minCellSize;
        this.listener = listener;
        this.pacing = java.util.Objects.requireNonNull(pacing, "pacing");
        this.evaluator = new AlertEvaluator(new Privacy(Math.max(1, minCellSize)));
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.inputs = context.getStateStore(Names.UNRELEASED_STORE);
        this.results = context.getStateStore(Names.RESULTS_STORE);
        this.alertStore = context.getStateStore(Names.ALERTS_STORE);
        this.floorStore = context.getStateStore(Names.FLOORS_STORE);
        this.windowStore = context.getStateStore(Names.WINDOW_STORE);
        latest.clear();
        pending.clear();
        released.clear();
        notBefore = Long.MIN_VALUE;
        planning = null; // a plan a former incarnation of this task started is of no use: it plans again
        planAgain = false; // every input is pending again, planned within the first limit
        try (KeyValueIterator<String, Unreleased> it = inputs.all()) {
            it.forEachRemaining(kv -> {
                if (analyses.containsKey(kv.key)) {
                    latest.put(kv.key, kv.value);
                    pending.add(kv.key);
                }
            });
        }
        history = restoredHistory();
        context.schedule(INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    /** What the releases so far tell the attacker, as this processor plans the next release with it. */
    ReleaseHistory history() {
        return history;
    }

    /**
     * The history as the stores hold it: the results last published, the releases before them in the window, and the
     * floors of each.
     */
    private ReleaseHistory restoredHistory() {
        lastPublished = null;
        lastNumber = 0;
        Map<String, AnalysisResult> last = new LinkedHashMap<>();
        for (AnalysisDefinition d : analyses.values()) {
            AnalysisResult r = results.get(d.name());
            if (r != null) {
                last.put(d.name(), r);
            }
        }
        if (last.isEmpty() || minCellSize <= 0) {
            return ReleaseHistory.NONE;
        }
        lastPublished = last;
        java.util.TreeMap<Long, Map<String, AnalysisResult>> earlier = new java.util.TreeMap<>();
        try (KeyValueIterator<String, AnalysisResult> it = windowStore.all()) {
            it.forEachRemaining(kv -> {
                long number = number(kv.key);
                String name = unnumbered(kv.key);
                lastNumber = Math.max(lastNumber, number);
                if (number > 0 && analyses.containsKey(name)) {
                    earlier.computeIfAbsent(number, k -> new LinkedHashMap<>()).put(name, kv.value);
                }
            });
        }
        Map<String, Long> lastFloors = new LinkedHashMap<>();
        Map<Long, Map<String, Long>> earlierFloors = new java.util.HashMap<>();
        try (KeyValueIterator<String, Long> it = floorStore.all()) {
            it.forEachRemaining(kv -> {
                long number = number(kv.key);
                if (number == 0) {
                    lastFloors.put(kv.key, kv.value);
                } else {
                    earlierFloors.computeIfAbsent(number, k -> new LinkedHashMap<>())
                            .put(unnumbered(kv.key), kv.value);
                }
            });
        }
        List<ReleaseHistory.Entry> window = new ArrayList<>();
        earlier.forEach((number, byName) -> window.add(
                new ReleaseHistory.Entry(release(byName), earlierFloors.getOrDefault(number, Map.of()))));
        window.add(new ReleaseHistory.Entry(release(last), lastFloors));
        return new ReleaseHistory(window, ReleaseHistory.WINDOW);
    }

    /** A release as the attacker reads it from its published results (by analysis, in configuration order). */
    private Release release(Map<String, AnalysisResult> byName) {
        List<AnalysisDefinition> defs = new ArrayList<>();
        List<AnalysisResult> published = new ArrayList<>();
        for (AnalysisDefinition d : analyses.values()) {
            AnalysisResult r = byName.get(d.name());
            if (r != null) {
                defs.add(d);
                published.add(r);
            }
        }
        return Views.published(defs, published, null, List.of());
    }

    @Override
    public void process(Record<String, Unreleased> record) {
        Unreleased u = record.value();
        if (u.isEndOfRound()) {
            // A cohort task finished a round: release now (the punctuator catches what pacing defers).
            punctuate(context.currentSystemTimeMs());
            return;
        }
        String name = u.analysis();
        if (!analyses.containsKey(name)) {
            return; // an analysis removed from the configuration since the record was written
        }
        if (!u.inputOffsets().isEmpty()) { // the measurement hook is on
            listener.reached(ResultListener.Stage.RECEIVED, name, System.currentTimeMillis(), u.inputOffsets());
        }
        if (u.hasResult()) {
            latest.put(name, u);
            inputs.put(name, u);
            pending.add(name);
            return;
        }
        // New input changed nothing in the analysis: its result stands through these offsets.
        Unreleased current = latest.get(name);
        if (current == null) {
            return;
        }
        Unreleased moved = current.through(u.inputOffsets());
        latest.put(name, moved);
        inputs.put(name, moved);
        if (!pending.contains(name) && (released.containsKey(name) || results.get(name) != null)) {
            listener.unchanged(name, moved.inputOffsets());
        }
    }

    private void punctuate(long now) {
        if (planning == null) {
            if (now < notBefore) {
                return;
            }
            if (!pending.isEmpty()) {
                planning = plan(false);
            } else if (planAgain) {
                planAgain = false; // one second plan per release at the limit, whatever becomes of it
                planning = plan(true);
            } else {
                return;
            }
        }
        if (!planning.units().isDone()) {
            return; // the planner is still at it; the stream goes on and a later tick publishes
        }
        Round round = planning;
        planning = null;
        try {
            Disclosure.WindowedPlan plan = planned(round);
            if (round.second()) {
                releaseSecond(round, plan, now);
            } else {
                release(round, plan, now);
                if (plan.window() != Disclosure.WindowedPlan.WITHHELD_WHOLE && plan.window() < WINDOWS.get(0)) {
                    // Once per release planned against the shorter window; the message names no count, no patient.
                    LOG.info("a release's plan against the last {} releases reached the work limit ({}); it was "
                            + "planned against the last {} instead", WINDOWS.get(0), limits.workLimit(),
                            plan.window());
                }
                planAgain = plan.reachedLimit() && limits.plansAgain();
                if (planAgain) {
                    LOG.info("a release was withheld whole at the work limit; its inputs are planned again within {} "
                            + "when no newer input waits", limits.secondWorkLimit());
                }
            }
            deferred = 0;
        } catch (RuntimeException e) {
            // Nothing is published without its plan; the next round tries again. Parts recomputed a moment apart
            // (a Cox or Fine-Gray refresh behind the counts) can make the attacker's equations disagree for a
            // round or two: that defers a release and is no fault. Many deferrals in a row are worth a warning,
            // since the published results then age. The message names no patient.
            deferred++;
            if (deferred % DEFERRALS_WORTH_A_WARNING == 0) {
                LOG.warn("{} releases in a row deferred, the published results are aging: {}", deferred,
                        e.getMessage());
            } else {
                LOG.info("release deferred to the next round, its plan failed: {}", e.getMessage());
            }
        }
        notBefore = pacing.notBeforeAfterEnd(now, round.started());
    }

    /**
     * The second plan of a release at the work limit, done: published if it completed within its limit and no newer
     * input came meanwhile (the next round then plans that input); otherwise the withheld release stands.
     */
    private void releaseSecond(Round round, Disclosure.WindowedPlan plan, long now) {
        if (!pending.isEmpty()) {
            LOG.info("the second plan of a release withheld at the work limit is dropped: newer input came meanwhile");
        } else if (plan.reachedLimit()) {
            // Once per release at the limit (no plan follows until new input); the message names no patient.
            LOG.warn("the second plan of a release withheld at the work limit reached its own limit ({}); the release "
                    + "withholding every analysis whole stands until new input comes", limits.secondWorkLimit());
        } else {
            release(round, plan, now);
        }
    }

    /**
     * Starts planning a release of the latest complete results with the history as it stands, within the first work
     * limit or, for the second plan of a release at it, the second.
     */
    private Round plan(boolean second) {
        long started = pacing.start();
        List<AnalysisDefinition> defs = new ArrayList<>();
        List<AnalysisResult> complete = new ArrayList<>();
        for (AnalysisDefinition d : analyses.values()) {
            AnalysisResult r = decoded(d.name());
            if (r != null) {
                defs.add(d);
                complete.add(r);
            }
        }
        Map<String, Unreleased> planned = new LinkedHashMap<>(latest);
        ReleaseHistory context = history; // immutable; replaced only when a release is published, after this plan
        long limit = second ? limits.secondWorkLimit() : limits.workLimit();
        List<Integer> windows = second ? SECOND_WINDOWS : WINDOWS;
        CompletableFuture<Disclosure.WindowedPlan> units;
        try {
            units = CompletableFuture.supplyAsync(
                    () -> Disclosure.plan(defs, complete, minCellSize, context, limit, windows), limits.executor());
        } catch (RejectedExecutionException e) {
            units = CompletableFuture.failedFuture(e); // the app is shutting down
        }
        if (planned.values().stream().anyMatch(u -> !u.inputOffsets().isEmpty())) { // the measurement hook is on
            tellPlan(ResultListener.Stage.PLAN_STARTED, planned, System.currentTimeMillis());
            units.whenComplete((p, e) -> tellPlan(ResultListener.Stage.PLAN_DONE, planned, System.currentTimeMillis()));
        }
        return new Round(List.copyOf(defs), planned, started, units, second);
    }

    /** Tells the listener which input of each analysis a plan covers (the measurement hook). */
    private void tellPlan(ResultListener.Stage stage, Map<String, Unreleased> planned, long at) {
        planned.forEach((name, u) -> listener.reached(stage, name, at, u.inputOffsets()));
    }

    /** The finished plan, or the exception that ended it, unwrapped. */
    private static Disclosure.WindowedPlan planned(Round round) {
        try {
            return round.units().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private void release(Round round, Disclosure.WindowedPlan plan, long now) {
        Set<String> units = plan.units();
        List<AnalysisDefinition> defs = round.defs();
        // Everything this round publishes, before any of it goes out: the history must take it in first (if that
        // fails, nothing is published and the round is tried again).
        List<AnalysisResult> publishing = new ArrayList<>();
        Map<String, Released> changed = new LinkedHashMap<>();
        Map<String, Boolean> republish = new LinkedHashMap<>();
        for (AnalysisDefinition d : defs) {
            String name = d.name();
            Unreleased input = round.inputs().get(name);
            List<String> mine = Disclosure.unitsOf(d, input.result(), units);
            Released last = released.get(name);
            if (last == null) {
                AnalysisResult stored = results.get(name); // after a restart: what was published before
                last = stored == null ? null : new Released(stored, null, null);
            }
            if (last != null && last.input() == input && mine.equals(last.units())) {
                publishing.add(last.result());
                continue; // same input, same plan for it: the same published result
            }
            AnalysisResult r = Disclosure.apply(d, input.result(), units, minCellSize);
            publishing.add(r);
            changed.put(name, new Released(r, input, mine));
            republish.put(name, last == null || !r.equals(last.result()));
        }
        if (minCellSize > 0) {
            ReleaseHistory next = history.next(Views.published(defs, publishing, null, List.of()));
            if (next != history) {
                Map<String, AnalysisResult> byName = new LinkedHashMap<>();
                for (int i = 0; i < defs.size(); i++) {
                    byName.put(defs.get(i).name(), publishing.get(i));
                }
                saveWindow(next);
                saveFloors(next.floors());
                history = next;
                lastPublished = byName;
            }
        }
        boolean any = false;
        for (AnalysisDefinition d : defs) {
            String name = d.name();
            Released r = changed.get(name);
            if (r == null) {
                continue;
            }
            released.put(name, r);
            Unreleased input = r.input();
            if (!republish.get(name)) {
                if (pending.contains(name)) {
                    listener.unchanged(name, input.inputOffsets());
                }
                continue;
            }
            results.put(name, r.result());
            context.forward(new Record<>(name, r.result(), now));
            listener.published(r.result(), input.inputOffsets());
            evaluateAlerts(d, r.result(), now);
            any = true;
        }
        settlePending(round);
        if (any) {
            // A round that republishes nothing is the last release again: it was checked when it came.
            windowGauge.accept(plan.window());
            listener.released(plan.window());
        }
    }

    /**
     * Clears what this round released from the pending set. A result that came while the plan ran stays pending for
     * the next round; the same result standing through more input needs no plan and is told as unchanged.
     */
    private void settlePending(Round round) {
        for (Iterator<String> it = pending.iterator(); it.hasNext();) {
            String name = it.next();
            Unreleased current = latest.get(name);
            Unreleased planned = round.inputs().get(name);
            if (current == planned) {
                it.remove();
            } else if (current != null && planned != null && current.sameResultAs(planned)) {
                it.remove();
                if (released.containsKey(name)) {
                    listener.unchanged(name, current.inputOffsets());
                }
            }
        }
    }

    /**
     * The analysis' latest complete result, decoded; null when it has none. A result whose bytes do not decode (the
     * frame was checked on receipt, so this is corruption inside it) is dropped with one line naming the analysis:
     * the analysis goes on from the input of its last release in this task (its result then stands, and the plan
     * sees what the attacker holds), or without one until its next result, and the other analyses keep releasing.
     */
    private AnalysisResult decoded(String name) {
        Unreleased u = latest.get(name);
        if (u == null) {
            return null;
        }
        try {
            return u.result();
        } catch (RuntimeException e) {
            Released last = released.get(name);
            Unreleased fallback = last == null ? null : last.input();
            LOG.warn("the latest result of analysis {} cannot be decoded ({}); dropped, {}", name,
                    e.getClass().getSimpleName(), fallback == null ? "the analysis waits for its next result"
                            : "its last release stands until its next result");
            if (fallback == null) {
                latest.remove(name);
                inputs.delete(name);
                return null;
            }
            latest.put(name, fallback);
            inputs.put(name, fallback);
            return fallback.result();
        }
    }

    /**
     * The release that was last until now joins the {@code release-window} store (with its floors) under the next
     * release number, and releases that left the window are removed, before the new last one and its floors are saved.
     */
    private void saveWindow(ReleaseHistory next) {
        if (lastPublished == null) {
            return; // the first release: nothing before it
        }
        long number = lastNumber + 1;
        lastPublished.forEach((name, r) -> windowStore.put(number + "|" + name, r));
        history.floors().forEach((name, floor) -> floorStore.put(number + "|" + name, floor));
        lastNumber = number;
        long oldest = number - (next.size() - 1); // numbers up to this one have left the window
        dropReleasesUpTo(windowStore, oldest);
        dropReleasesUpTo(floorStore, oldest);
    }

    /** Deletes the keys of releases numbered 1 to {@code oldest} (not the last release's, which have no number). */
    private static <V> void dropReleasesUpTo(KeyValueStore<String, V> store, long oldest) {
        List<String> gone = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.all()) {
            it.forEachRemaining(kv -> {
                long n = number(kv.key);
                if (n > 0 && n <= oldest) {
                    gone.add(kv.key);
                }
            });
        }
        gone.forEach(store::delete);
    }

    /** A numbered key of the window's stores without its {@code "<release number>|"} prefix. */
    private static String unnumbered(String key) {
        return key.substring(key.indexOf('|') + 1);
    }

    /** The release number a key of the window's stores starts with ({@code "12|..."}); 0 for a key without one. */
    private static long number(String key) {
        int bar = key.indexOf('|');
        if (bar <= 0 || bar > 18 || !key.substring(0, bar).chars().allMatch(c -> c >= '0' && c <= '9')) {
            return 0;
        }
        return Long.parseLong(key.substring(0, bar));
    }

    private void saveFloors(Map<String, Long> floors) {
        for (Map.Entry<String, Long> e : history.floors().entrySet()) {
            if (!floors.containsKey(e.getKey())) {
                floorStore.delete(e.getKey());
            }
        }
        floors.forEach((k, v) -> {
            if (!v.equals(history.floors().get(k))) {
                floorStore.put(k, v);
            }
        });
    }

    /**
     * Raises and resolves alerts on the released result, on change of state only; the raised set lives in the
     * alert-state store, so a restart raises nothing again.
     */
    private void evaluateAlerts(AnalysisDefinition def, AnalysisResult released, long now) {
        if (def.alerts().isEmpty()) {
            return;
        }
        AlertLog log = alertStore.get(def.name());
        if (log == null) {
            log = new AlertLog(AlertState.EMPTY.encode(), List.of());
        }
        // Pure: the rules read the released result only (its follow-up part, its exclusion counts), so an alert
        // states no count the release withholds.
        AlertEvaluator.Evaluation evaluation = evaluator.evaluate(def, released, AlertState.decode(log.state()));
        if (evaluation.alerts().isEmpty()) {
            return;
        }
        alertStore.put(def.name(), log.with(evaluation.state().encode(), evaluation.alerts()));
        for (Alert alert : evaluation.alerts()) {
            context.forward(new Record<>(def.name(), alert, now));
            listener.alerted(alert);
        }
    }
}
