package org.followupmonitor.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.Monitor;
import org.followupmonitor.analysis.SubjectParts;
import org.followupmonitor.analysis.SubjectSnapshot;
import org.followupmonitor.cohortstate.SubjectEntry;

/**
 * Keeps the parts of each analysis' result that need individual subjects ({@link SubjectParts}: the Cox models, the
 * follow-up completeness, the look history) fresh enough, at a pace set by their cost. A refresh snapshots the
 * analysis' subjects and computes every part from them where {@link CoxFitting} says (a background thread in the
 * app); it starts at most every max(the Cox interval, {@link CoxFitting#intervalMillis} of its last cost) and once
 * more after the subjects stop changing, so the last result is exact. A part carries {@code stale} while the subjects
 * have changed since its snapshot; a refresh overtaken by a newer one, or from before a task restart, is dropped.
 *
 * <p>Everything but the refresh itself runs on the stream thread; finished refreshes come back through a concurrent
 * map and are taken up by {@link #takeUpFinished}.
 */
final class CoxRefresher {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CoxRefresher.class);

    /**
     * A finished refresh: its number, the subject version its snapshot had, its parts or the error it ended with,
     * and how long it computed (ns).
     */
    private record Fitted(long number, long version, SubjectParts parts, Throwable error, long costNanos) {}

    private final CoxFitting fits;
    private final long intervalMillis;
    private final int minCellSize;
    private final Monitor monitor;
    /** Analyses whose subjects changed since their last refresh started. */
    private final Set<String> pending = new HashSet<>();
    /** Analyses with a refresh handed out and not yet taken up: their standing parts are not final. */
    private final Set<String> inFlight = new HashSet<>();
    /** Per analysis: when its last refresh started (wall clock, ms). */
    private final Map<String, Long> lastStart = new HashMap<>();
    /** Per analysis: how long its last refresh computed, ms (its steps, without the fitter's rests). */
    private final Map<String, Long> lastCost = new HashMap<>();
    /** Per analysis: a counter of changes to its subjects, so a part knows whether it is stale. */
    private final Map<String, Long> version = new HashMap<>();
    /** Per analysis: the number of its latest refresh handed out. */
    private final Map<String, Long> submitted = new HashMap<>();
    /** Per analysis: its latest parts taken up. */
    private final Map<String, Fitted> latest = new HashMap<>();
    /** Refreshes finished (perhaps on the background thread), not yet taken up. */
    private final Map<String, Fitted> finished = new ConcurrentHashMap<>();

    CoxRefresher(CoxFitting fits, Duration interval, int minCellSize, Monitor monitor) {
        this.fits = fits;
        this.intervalMillis = interval.toMillis();
        this.minCellSize = minCellSize;
        this.monitor = monitor;
    }

    /** A task (re)starts from its stores: refreshes from before are stale, and so are the parts, until refreshed. */
    void restart() {
        finished.clear();
        inFlight.clear();
        submitted.replaceAll((a, n) -> n + 1);
        version.replaceAll((a, v) -> v + 1);
        lastStart.clear();
    }

    /** The analysis' subjects changed: its parts are stale and a refresh is pending. */
    void subjectsChanged(String analysis) {
        pending.add(analysis);
        version.merge(analysis, 1L, Long::sum);
    }

    /** A refresh is pending (a task start with data): no version change. */
    void markPending(String analysis) {
        pending.add(analysis);
    }

    /** Whether a refresh of the analysis is pending and may start now: a round should recompute it. */
    boolean dueQuiet(String analysis, long now) {
        return pending.contains(analysis) && due(analysis, now);
    }

    List<String> pendingAnalyses() {
        return List.copyOf(pending);
    }

    /** Whether the analysis' parts lag behind its subjects (a refresh pending or in flight). */
    boolean behind(String analysis) {
        return pending.contains(analysis) || inFlight.contains(analysis);
    }

    /**
     * Takes up refreshes finished since the last call; a stale or failed one changes nothing (a failed one is tried
     * again at the next interval).
     *
     * @return the analyses with new parts, to publish again
     */
    List<String> takeUpFinished() {
        List<String> republish = new ArrayList<>();
        for (String a : List.copyOf(finished.keySet())) {
            if (takeUp(a)) {
                republish.add(a);
            }
        }
        return republish;
    }

    /**
     * The subject-level parts for a recomputation of {@code def} at wall-clock {@code now}: starts a refresh first
     * when one is pending and due (taken up at once when it finishes at once), then gives the latest parts, marked
     * stale when the subjects changed since; null when there are none yet.
     *
     * @param subjects the analysis' subjects now, read only when a refresh starts
     * @param asOf the cohort's clock
     */
    SubjectParts parts(AnalysisDefinition def, long now, Supplier<List<SubjectEntry>> subjects, String asOf) {
        String a = def.name();
        if (!SubjectSnapshot.needed(def)) {
            pending.remove(a);
            return null;
        }
        if (pending.contains(a) && due(a, now)) {
            pending.remove(a);
            lastStart.put(a, now);
            start(def, subjects.get(), asOf);
        }
        Fitted f = latest.get(a);
        return f == null ? null : f.parts().withStale(f.version() != version.getOrDefault(a, 0L));
    }

    /** Whether the analysis' parts may be refreshed now (see {@link CoxFitting#intervalMillis}). */
    private boolean due(String analysis, long now) {
        long interval = fits.intervalMillis(intervalMillis, lastCost.getOrDefault(analysis, 0L));
        return now - lastStart.getOrDefault(analysis, Long.MIN_VALUE / 2) >= interval;
    }

    /**
     * Hands one refresh to the executor: collecting the subjects into a {@link SubjectSnapshot}, then each part. The
     * entries are immutable, so the stream thread only copies the references.
     */
    private void start(AnalysisDefinition def, List<SubjectEntry> entries, String asOf) {
        String a = def.name();
        long number = submitted.merge(a, 1L, Long::sum);
        long snapshotVersion = version.getOrDefault(a, 0L);
        inFlight.add(a);
        long[] cost = {0};
        LongConsumer rest = fits.afterEachStep();
        LongConsumer step = took -> {
            cost[0] += took;
            rest.accept(took);
        };
        CompletableFuture<SubjectParts> refresh = CompletableFuture.supplyAsync(() -> {
            long t0 = System.nanoTime();
            SubjectSnapshot snapshot = new SubjectSnapshot(def);
            for (SubjectEntry e : entries) {
                snapshot.add(e.row(), e.followUp(), e.cuts()); // no part depends on the order of subjects
            }
            step.accept(System.nanoTime() - t0);
            return snapshot.parts(asOf, false, minCellSize, monitor, 1, step);
        }, fits.executor());
        refresh.whenComplete((parts, error) -> finished.put(a, new Fitted(number, snapshotVersion, parts,
                error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error, cost[0])));
        if (refresh.isDone()) {
            takeUp(a);
        }
    }

    /** Takes up the analysis' finished refresh, if any; returns whether it brought new parts. */
    private boolean takeUp(String a) {
        Fitted f = finished.remove(a);
        if (f == null || f.number() != submitted.getOrDefault(a, -1L)) {
            return false; // none, or a newer refresh is on its way
        }
        inFlight.remove(a);
        lastCost.put(a, f.costNanos() / 1_000_000);
        if (f.error() != null) {
            // The message names the analysis, never a patient; the next interval tries again.
            LOG.error("computing the Cox model, follow-up or looks of analysis {} failed: {}", a, f.error().toString());
            pending.add(a);
            return false;
        }
        latest.put(a, f);
        return true;
    }
}
