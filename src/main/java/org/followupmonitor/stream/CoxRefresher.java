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
import org.followupmonitor.cohortstate.CohortDelta;
import org.followupmonitor.cohortstate.SubjectEntry;

/**
 * Keeps the parts of each analysis' result that need individual subjects ({@link SubjectParts}: the Cox models, the
 * follow-up completeness, the look history) fresh enough, at a pace set by their cost. A refresh snapshots the
 * analysis' subjects and computes every part from them where {@link CoxFitting} says (a background thread in the
 * app); it starts at most every max(the Cox interval, {@link CoxFitting#intervalMillis} of its last cost) and once
 * more after the subjects stop changing, so the last result is exact. That last one need not wait for the whole pace:
 * once an analysis' subjects have not changed for a Cox interval and no refresh of it is in flight, one refresh starts
 * at once (a <em>quiet</em> refresh), and the one after it waits for the whole pace again (see {@link #due}). A part
 * carries {@code stale} while the subjects have changed since its snapshot; a refresh overtaken by a newer one, or
 * from before a task restart, is dropped: it computes nothing when it was overtaken before the fitter reached it, and
 * stops at its next step when overtaken while it computed.
 *
 * <p>Everything but the refresh itself runs on the stream thread; finished refreshes come back through a concurrent
 * map and are taken up by {@link #takeUpFinished}. The app's fitter may have several threads
 * ({@link CoxFitting#fitters}), so refreshes of different analyses run side by side and two of one analysis may
 * finish out of order: only the analysis' latest refresh handed out is ever taken up, so a result is never replaced
 * by an older one. Each refresh is handed out with the computing time it is expected to take
 * ({@link #estimateNanos}), and the fitters give each step to the refresh with the least work left (a waiting one
 * by its estimate, one between two steps by its estimate less what it has computed, {@link CoxFitting#fitters}), so
 * after a restart the quick analyses are exact again without waiting for the slowest, even one that began first.
 */
final class CoxRefresher {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CoxRefresher.class);

    /**
     * A finished refresh: its number, the subject version its snapshot had, its parts or the error it ended with,
     * and how long it computed (ns).
     */
    private record Fitted(long number, long version, SubjectParts parts, Throwable error, long costNanos) {}

    /** Ends a refresh overtaken while it computed, at its next step boundary (no stack trace: not an error). */
    private static final class Overtaken extends RuntimeException {
        Overtaken() {
            super("overtaken by a newer refresh", null, false, false);
        }
    }

    private final CoxFitting fits;
    private final long intervalMillis;
    private final int minCellSize;
    private final Monitor monitor;
    /** Whether the input has a backlog: paced refreshes are then at least {@link BacklogPacing#refreshInterval} apart. */
    private final InputBacklog backlog;
    /** Analyses whose subjects changed since their last refresh started. */
    private final Set<String> pending = new HashSet<>();
    /** Analyses with a refresh handed out and not yet taken up: their standing parts are not final. */
    private final Set<String> inFlight = new HashSet<>();
    /** Per analysis: when its last paced refresh started (wall clock, ms): the pace counts from here. */
    private final Map<String, Long> lastStart = new HashMap<>();
    /** Per analysis: when its last quiet refresh started (wall clock, ms). */
    private final Map<String, Long> lastQuietStart = new HashMap<>();
    /** Per analysis: when its subjects last changed (wall clock, ms). */
    private final Map<String, Long> lastChange = new HashMap<>();
    /** Analyses with a quiet refresh since their last paced one: no other quiet one until the next paced one. */
    private final Set<String> quietLast = new HashSet<>();
    /**
     * Per analysis: how long its last refresh computed, ns (its steps, without the fitter's rests): the pace, and the
     * estimate the fitters order its next refresh by.
     */
    private final Map<String, Long> lastCost = new HashMap<>();
    /** Per analysis: a counter of changes to its subjects, so a part knows whether it is stale. */
    private final Map<String, Long> version = new HashMap<>();
    /**
     * Per analysis: the number of its latest refresh handed out. Concurrent: a refresh reads it on the fitter's thread
     * when it begins, to skip its work when a newer one has been handed out meanwhile.
     */
    private final Map<String, Long> submitted = new ConcurrentHashMap<>();
    /** Per analysis: its latest parts taken up. */
    private final Map<String, Fitted> latest = new HashMap<>();
    /** Refreshes finished (perhaps on the background thread), not yet taken up. */
    private final Map<String, Fitted> finished = new ConcurrentHashMap<>();
    /** Restored analyses whose first refresh since the task's start waits for the timeline stage's resets. */
    private final Map<String, ResetWait> awaiting = new HashMap<>();

    /**
     * An analysis' wait for its resets ({@link #awaitResets}), changed as its deltas are applied ({@link #delta}): a
     * class, not a record, because it is state. It knows since when it waits (wall clock, ms), for how many sources, the
     * sources whose reset has begun since, those that are complete (their reset's last record is in, or they sent no
     * reset and said they caught up), those that have since said they caught up with their input
     * ({@link CohortDelta#caughtUp}), and when the first reset began.
     */
    private static final class ResetWait {
        private final long since;
        private final int sources;
        private final Set<Integer> begun = new HashSet<>();
        private final Set<Integer> done = new HashSet<>();
        private final Set<Integer> caughtUp = new HashSet<>();
        private long firstReset = Long.MIN_VALUE;

        ResetWait(long since, int sources) {
            this.since = since;
            this.sources = sources;
        }

        /**
         * Takes note of a delta from {@code source}. A reset starts the source's wait over: complete at its last
         * record, caught up at its mark. A source without a reset since the wait began (a timeline task that resumed
         * without one, {@code TimelineProcessor}) is complete and caught up at its caught-up mark: it sends a reset,
         * when it does, before its mark on the same partition, so the mark of a source still to reset cannot come first;
         * its other deltas do not count.
         */
        void applied(int source, boolean reset, boolean last, boolean caughtUpMark, long now) {
            if (reset) {
                if (begun.isEmpty()) {
                    firstReset = now;
                }
                begun.add(source);
                done.remove(source);
                caughtUp.remove(source);
            }
            if (!begun.contains(source)) {
                if (caughtUpMark) {
                    done.add(source);
                    caughtUp.add(source);
                }
                return;
            }
            if (last) {
                done.add(source);
            }
            if (caughtUpMark) {
                caughtUp.add(source);
            }
        }

        boolean allDone() {
            return done.size() >= sources && caughtUp.size() >= sources;
        }

        long since() {
            return since;
        }

        /**
         * Until when it waits: {@code limit} after the task's start or after the first reset began, whichever is later.
         * Why from the first reset too: the cohort task starts long before the timeline tasks have rebuilt their
         * shares and sent their resets (at 10^5 under load, the resets about 25 s after a cohort task's start, the
         * caught-up marks more than 60 s after it), so a limit from its start alone ran out while the backlog was
         * being applied, and the refreshes were of the subjects without it again. A cohort task that restarts alone gets
         * no reset and waits the limit from its start, as before.
         */
        long until(long limit) {
            return Math.max(since, firstReset) + limit;
        }
    }

    CoxRefresher(CoxFitting fits, Duration interval, int minCellSize, Monitor monitor) {
        this(fits, interval, minCellSize, monitor, InputBacklog.NONE);
    }

    /**
     * @param backlog whether this process' input has a backlog; meanwhile an analysis' paced refreshes start at most
     *     every {@link BacklogPacing#refreshInterval} ({@link #paced}); {@link InputBacklog#NONE}: never
     */
    CoxRefresher(CoxFitting fits, Duration interval, int minCellSize, Monitor monitor, InputBacklog backlog) {
        this.backlog = java.util.Objects.requireNonNull(backlog, "backlog");
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
        lastQuietStart.clear();
        quietLast.clear();
        awaiting.clear();
    }

    /**
     * The analysis was restored from the stores at a task start at wall-clock {@code now} (ms): its first refresh waits
     * until a reset of it from each of {@code sources} source partitions is complete, each of them has said it caught
     * up with its input ({@link #delta}) and its subjects have then not changed for a Cox interval, or until
     * {@link CoxFitting#resetWait} has passed since {@code now} and since the first reset of it began; then the usual
     * rules apply ({@link #due}). Nothing changes when the fitting does not wait ({@code resetWait} zero).
     *
     * <p>Why: after a restart the timeline tasks restore and rebuild their shares and then send each analysis' share
     * again (a reset), followed by the input that arrived meanwhile. A refresh of the restored subjects before that is
     * overtaken by the one after it: after {@code kill -9} at 10^5 patients the seven analyses' refreshes of the
     * 99,000 restored subjects took the one fitter slot for about 45 s (three fitter-seconds each of computing, at a
     * third of a core) and the refreshes of all 100,000 queued behind them (docs/scale-measurements.md). Until the
     * first refresh the analysis' parts are those from before the restart, marked stale (none after a process start),
     * as while any refresh is under way.
     */
    void awaitResets(String analysis, int sources, long now) {
        if (fits.resetWait().isZero() || sources < 1) {
            return;
        }
        awaiting.put(analysis, new ResetWait(now, sources));
    }

    /**
     * A delta of the analysis from {@code source} was applied at wall-clock {@code now} (ms): a reset begins with a
     * record marked {@code reset} and is complete at its record marked {@code last}; the source has caught up with the
     * input that waited at its start at its record marked {@code caughtUp} (the reset's last one, or a later one). Only
     * an analysis waiting for its resets ({@link #awaitResets}) takes note; a source that sends no reset (a timeline
     * task that resumed without one) counts as complete at its mark. Once every source is complete and has caught up,
     * its subjects count as changed now, so the refresh waits a Cox interval more (for the deltas of input that arrives
     * meanwhile).
     *
     * <p>Why the caught-up mark and not a quiet interval alone: after {@code kill -9} at 10^6 patients, with the
     * held-back 1 % of patients' events waiting in {@code patient-events}, the resets were complete about 13 s after
     * RUNNING while the stream threads were still applying the backlog (debug log of this class, two runs on a quiet
     * machine, README "Known limits"): the first refreshes, seconds each on the one fitter slot, were of 990,000
     * subjects, and every analysis was refreshed again on all 1,000,000 one after another, os-by-arm's exact result
     * 38 s after RUNNING. At 10^5 under load the same: refreshes of 99,000 subjects (the time-varying model's 8 s of
     * computing) before those of 100,000; with the mark every first refresh was of all 100,000. The mark comes
     * through the same partition as the source's deltas, so when the cohort stage applies it, it has applied all the
     * source derived from its backlog. A timeline stage without lag information (topology tests) marks its reset's
     * last record: the rule is then the one before the mark.
     */
    void delta(String analysis, int source, boolean reset, boolean last, boolean caughtUp, long now) {
        ResetWait wait = awaiting.get(analysis);
        if (wait == null) {
            return;
        }
        boolean was = wait.allDone();
        wait.applied(source, reset, last, caughtUp, now);
        if (!was && wait.allDone()) {
            lastChange.merge(analysis, now, Math::max);
            LOG.debug("analysis {}: every source's reset is in (or it sent none) and every source caught up, {} ms"
                    + " after the task's start", analysis, now - wait.since());
        }
    }

    /** As {@link #delta(String, int, boolean, boolean, boolean, long)}, the source caught up with its reset. */
    void delta(String analysis, int source, boolean reset, boolean last, long now) {
        delta(analysis, source, reset, last, last, now);
    }

    /** Whether the analysis waits for its resets at {@code now} (and stops waiting once the limit has passed). */
    private boolean awaitingResets(String analysis, long now) {
        ResetWait wait = awaiting.get(analysis);
        if (wait == null) {
            return false;
        }
        if (now >= wait.until(fits.resetWait().toMillis())) {
            awaiting.remove(analysis);
            return false;
        }
        return true;
    }

    /** The analysis' subjects changed at wall-clock {@code now} (ms): its parts are stale and a refresh is pending. */
    void subjectsChanged(String analysis, long now) {
        pending.add(analysis);
        lastChange.put(analysis, now);
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
            boolean quiet = !paced(a, now);
            if (quiet) {
                // The pace still counts from the last paced refresh: a quiet one never delays the next paced one.
                quietLast.add(a);
                lastQuietStart.put(a, now);
            } else {
                quietLast.remove(a);
                lastStart.put(a, now);
            }
            pending.remove(a);
            awaiting.remove(a);
            start(def, subjects.get(), asOf, quiet);
        }
        Fitted f = latest.get(a);
        return f == null ? null : f.parts().withStale(f.version() != version.getOrDefault(a, 0L));
    }

    /**
     * Whether the analysis' parts may be refreshed now: when the pace allows ({@link #paced}, counted from the last
     * paced refresh), or when quiet: its subjects have not changed for a Cox interval, none of its refreshes is in
     * flight, the last started at least a Cox interval ago, and no quiet one has started since the last paced one.
     *
     * <p>Why: the pace (a refresh at most every 20 × its cost, {@link CoxFitting#PACE_FACTOR}) bounds the fitter's
     * share while the subjects keep changing; once they stop, waiting out the rest of it only delays the exact result.
     * After a restart at 10^5 patients the exact result came 25–39 s after the last change so (docs/scale-measurements.md).
     * So per analysis at most two refreshes start within one pace: the bound at most doubles, and only when input stops
     * and starts again. A quiet refresh does not move the pace: a change after it is refreshed when the pace from the
     * last paced one allows, never later than without the quiet rule (at 10^6 patients, where a refresh computes for
     * seconds, counting the pace from a quiet refresh held the exact result back by minutes). In topology tests (pace
     * factor 0) the pace is the interval and the quiet rule never starts a refresh sooner.
     */
    private boolean due(String analysis, long now) {
        if (awaitingResets(analysis, now)) {
            // Restored and waiting for the resets (awaitResets): due once each source's is complete, each source has
            // caught up, and the subjects have been quiet for a Cox interval since; nothing has started since the
            // task's start (restart()).
            return awaiting.get(analysis).allDone()
                    && now - lastChange.getOrDefault(analysis, Long.MIN_VALUE / 2) >= intervalMillis;
        }
        if (paced(analysis, now)) {
            return true;
        }
        long sinceStart = now - Math.max(lastStart.getOrDefault(analysis, Long.MIN_VALUE / 2),
                lastQuietStart.getOrDefault(analysis, Long.MIN_VALUE / 2));
        long sinceChange = now - lastChange.getOrDefault(analysis, Long.MIN_VALUE / 2);
        return sinceStart >= intervalMillis && sinceChange >= intervalMillis && !inFlight.contains(analysis)
                && !quietLast.contains(analysis);
    }

    /** The analysis' pace now: how long after a paced refresh the next may start (ms). */
    long paceMillis(String analysis) {
        return fits.intervalMillis(intervalMillis, lastCost.getOrDefault(analysis, 0L) / 1_000_000);
    }

    /**
     * Whether the pace allows a refresh now (see {@link CoxFitting#intervalMillis}), and while the input has a backlog
     * also {@link BacklogPacing#refreshInterval} since the last paced refresh. Why: while a backlog is read, each
     * refresh is overtaken by the input of the next seconds, and its computing time (the fitter slot's third of a core
     * while the stream threads are busy) is taken from reading (BacklogPacing). Once the backlog is read, the pace alone
     * applies again, and since it counts from the last paced refresh, the next refresh is due at once.
     */
    private boolean paced(String analysis, long now) {
        long since = now - lastStart.getOrDefault(analysis, Long.MIN_VALUE / 2);
        if (since < paceMillis(analysis)) {
            return false;
        }
        return since >= backlog.pacing().refreshInterval().toMillis() || !backlog.behind(now);
    }

    /**
     * Hands one refresh to the executor: collecting the subjects into a {@link SubjectSnapshot}, then each part. The
     * entries are immutable, so the stream thread only copies the references.
     */
    private void start(AnalysisDefinition def, List<SubjectEntry> entries, String asOf, boolean quiet) {
        String a = def.name();
        long startedNanos = System.nanoTime();
        long number = submitted.merge(a, 1L, Long::sum);
        long snapshotVersion = version.getOrDefault(a, 0L);
        inFlight.add(a);
        long estimate = estimateNanos(def, entries.size());
        long[] cost = {0};
        long[] began = {0}; // when a fitter took it up: the wait before is the queue's
        LongConsumer rest = fits.afterEachStep();
        int[] steps = {0};
        LongConsumer step = took -> {
            cost[0] += took;
            steps[0]++;
            // Overtaken (a newer refresh of the analysis handed out, or a task restart): stop at this step boundary so
            // the fitter takes the next waiting refresh. Nothing is lost: takeUp drops any refresh whose number is not
            // the latest handed out (submitted only grows), and finished keeps the higher number, so this one's result
            // would never have been published nor replaced a newer one; its cost is not recorded either (takeUp
            // records only the latest's). So the results published are exactly those without this check, only sooner.
            // Checked before the rest too, so that a refresh overtaken while it computed gives its slot back (which
            // then rests as after any step) without queueing for it again, and drops its snapshot at once.
            if (overtaken(a, number)) {
                throw new Overtaken();
            }
            rest.accept(took);
            if (overtaken(a, number)) {
                throw new Overtaken(); // overtaken while it waited for a slot again
            }
        };
        CompletableFuture<SubjectParts> refresh = CompletableFuture.supplyAsync(() -> {
            began[0] = System.nanoTime();
            if (overtaken(a, number)) {
                // Overtaken while it waited for the fitter (after a restart every analysis queues at once): its result
                // would be dropped when taken up, and computing it would only delay the refreshes behind it.
                return null;
            }
            long t0 = System.nanoTime();
            SubjectSnapshot snapshot = new SubjectSnapshot(def);
            for (SubjectEntry e : entries) {
                snapshot.add(e.row(), e.followUp(), e.cuts()); // no part depends on the order of subjects
            }
            step.accept(System.nanoTime() - t0);
            return snapshot.parts(asOf, false, minCellSize, monitor, 1, step);
        }, fits.handOut(estimate));
        refresh.whenComplete((parts, thrown) -> {
            Throwable error = thrown instanceof CompletionException c && c.getCause() != null ? c.getCause() : thrown;
            boolean abandoned = error instanceof Overtaken;
            if (abandoned) {
                error = null; // like a skipped one: no parts, no error; dropped when taken up
            }
            if (LOG.isDebugEnabled()) {
                // Counts and times only: what a restart's wait for the exact result consists of.
                LOG.debug("refresh of analysis {} ({}{}): {} subjects, computing {} ms in {} steps (estimated {} ms),"
                        + " waited {} ms for a fitter, {} ms from start to finish", a, quiet ? "quiet" : "paced",
                        abandoned ? ", overtaken: abandoned" : parts == null && error == null ? ", overtaken: skipped"
                                : "", entries.size(), cost[0] / 1_000_000, steps[0], estimate / 1_000_000,
                        began[0] == 0 ? -1 : (began[0] - startedNanos) / 1_000_000,
                        (System.nanoTime() - startedNanos) / 1_000_000);
            }
            // With more than one fitter an older refresh of the analysis may finish after a newer one: the newer
            // stays, so an older one never takes its place (takeUp would drop the older, and the newer were lost).
            finished.merge(a, new Fitted(number, snapshotVersion, parts, error, cost[0]),
                    (was, now) -> now.number() > was.number() ? now : was);
        });
        if (refresh.isDone()) {
            takeUp(a);
        }
    }

    /** Whether a newer refresh of the analysis than {@code number} has been handed out (or a task restart came). */
    private boolean overtaken(String analysis, long number) {
        return submitted.getOrDefault(analysis, number) != number;
    }

    /**
     * What a refresh of {@code def} over {@code subjects} is expected to compute for, ns, for the fitters to take the
     * cheapest first ({@link CoxFitting#fitters}): its last refresh's measured cost when one was taken up in this
     * process (the best predictor: the same analysis, nearly the same subjects, this machine), otherwise
     * {@link RefreshEstimate} from the subjects and the parts (after a start, when every analysis queues at once).
     */
    long estimateNanos(AnalysisDefinition def, int subjects) {
        Long known = lastCost.get(def.name());
        return known != null ? known : RefreshEstimate.nanos(def, subjects);
    }

    /** Takes up the analysis' finished refresh, if any; returns whether it brought new parts. */
    private boolean takeUp(String a) {
        Fitted f = finished.remove(a);
        if (f == null || f.number() != submitted.getOrDefault(a, -1L)) {
            return false; // none, or a newer refresh is on its way
        }
        inFlight.remove(a);
        lastCost.put(a, f.costNanos());
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
