package org.followupmonitor.stream;

import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisEngine;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.CohortCounts;
import org.followupmonitor.analysis.SubjectParts;
import org.followupmonitor.analysis.SubjectSnapshot;

/**
 * Holds each analysis' cohort, partitioned by analysis name, as the sum of the shares that the timeline
 * processors of the input partitions send ({@link CohortDelta}: absolute values per source partition, so a
 * delta applied twice changes nothing, and a reset replaces everything a source sent before). A wall-clock
 * punctuator recomputes the analyses that changed since its last run and hands each complete result to the
 * release stage ({@link Unreleased}, {@link ReleaseProcessor}), which decides what is published; an analysis
 * with a half-applied multi-record delta waits for the rest.
 *
 * <p>Kaplan-Meier and log-rank are read from the risk-set counts (an in-memory mirror of the store's blocks,
 * O(distinct days)). The parts that need individual subjects ({@link SubjectParts}: the Cox model, the follow-up
 * completeness, the look history of sequential monitoring) are computed together from a snapshot of the analysis'
 * subjects (an in-memory copy of {@code cohort-subjects}) where {@link CoxFitting} says, off the stream thread in the
 * app, and join the next publication marked with what they reflect ({@code basis}, {@code stale} while the cohort has
 * changed since). They are refreshed at a pace set by their cost: at most every max({@code coxInterval}, a multiple of
 * the last refresh's computing time, {@link CoxFitting#intervalMillis}), with a final refresh once the cohort is
 * quiet, so the published result converges to the batch one.
 */
public final class CohortProcessor implements Processor<String, CohortDelta, String, Unreleased> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CohortProcessor.class);
    /**
     * After a publishing round that took t, the next waits at least this many times t (and the debounce): at
     * most a third of the task's time goes to recomputing, so under a burst the stream thread keeps reading
     * events (the results then come less often, never later than the backlog would make them anyway); with
     * the load light, rounds take milliseconds and the debounce alone sets the pace.
     */
    static final int PUBLISH_COST_FACTOR = 2;
    private final Map<String, AnalysisDefinition> analyses = new LinkedHashMap<>();
    private final Settings settings;
    private final Timer recompute;
    private final org.followupmonitor.analysis.Monitor monitor = new org.followupmonitor.alerts.SequentialMonitoring();
    private final Set<String> dirty = new LinkedHashSet<>();
    private final Set<String> coxPending = new LinkedHashSet<>();
    private BlockMirror mirror = new BlockMirror();
    /** Per analysis: when its subject-level parts were last handed out for refreshing (wall clock, ms). */
    private final Map<String, Long> lastCoxFit = new TreeMap<>();
    /** Per analysis: how long its last refresh computed, ms (sum of its steps, without the fitter's rests). */
    private final Map<String, Long> lastRefreshCost = new TreeMap<>();
    /** Per analysis: its latest subject-level parts and the subject version they were computed from. */
    private final Map<String, FittedParts> partsCache = new TreeMap<>();
    /** Per analysis: a counter of changes to its subjects, so a part knows whether it is stale. */
    private final Map<String, Long> subjectVersion = new java.util.HashMap<>();
    private ProcessorContext<String, Unreleased> context;
    private KeyValueStore<String, int[]> state;
    private KeyValueStore<String, SubjectEntry> subjects;
    /** (analysis, source) pairs whose multi-record delta is half applied: not published until complete. */
    private final Set<String> incomplete = new java.util.HashSet<>();
    /** Per analysis, per source partition: the input offset its latest delta reflects (for the release stage). */
    private final Map<String, Map<Integer, Long>> inputOffsets = new TreeMap<>();
    /** Per analysis: the input offsets the release stage was last told of. */
    private final Map<String, Map<Integer, Long>> toldOffsets = new TreeMap<>();
    /**
     * The subjects of the analyses that keep them (store key → entry), a copy of {@code cohort-subjects} in
     * memory: a Cox refit or follow-up check then reads a map instead of decoding the whole cohort from RocksDB
     * on the stream thread. Rebuilt from the store when the task starts.
     */
    private final Map<String, Map<String, SubjectEntry>> subjectMirror = new java.util.HashMap<>();
    /**
     * Where the subject-level parts (Cox models, follow-up, looks) are computed: a background thread in the app, the
     * caller's thread in topology tests.
     */
    private final CoxFitting coxFits;
    /** Per analysis: the number of the latest refresh of its subject-level parts handed to {@link #coxFits}. */
    private final Map<String, Long> coxSubmitted = new java.util.HashMap<>();
    /** Refreshes finished on the background thread, taken up by the next publishing round. */
    private final Map<String, FittedParts> fitted = new java.util.concurrent.ConcurrentHashMap<>();

    /** Analyses with a refresh handed out and not yet taken up: their standing result is not final. */
    private final Set<String> coxInFlight = new java.util.HashSet<>();

    /**
     * A finished refresh: its number, the subject version its snapshot had, its parts or the error it ended with,
     * and how long it computed (ns).
     */
    private record FittedParts(long number, long version, SubjectParts parts, Throwable error, long costNanos) {}

    /** Wall-clock time before which no publishing round starts (see {@link #PUBLISH_COST_FACTOR}). */
    private long notBefore = Long.MIN_VALUE;

    /**
     * @param debounce how often changed analyses are recomputed
     * @param coxInterval Cox models are refitted at most this often
     * @param minCellSize privacy minimum
     * @param flushInterval how often the timeline processor sends its partition's changes on
     * @param cohortPartitions partitions of the cohort stage (the repartition topic), over which
     *     {@link AnalysisPartitioner} deals the analyses
     */
    public record Settings(Duration debounce, Duration coxInterval, int minCellSize, Duration flushInterval,
            int cohortPartitions) {
        public Settings {
            if (cohortPartitions < 1) {
                throw new IllegalArgumentException("cohortPartitions must be >= 1, was " + cohortPartitions);
            }
            for (Duration d : new Duration[] {debounce, flushInterval}) {
                if (d == null || d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("debounce and flush interval must be positive, were "
                            + debounce + " and " + flushInterval);
                }
            }
            if (coxInterval == null || coxInterval.isNegative()) {
                throw new IllegalArgumentException("the Cox interval must not be negative, was " + coxInterval);
            }
            if (minCellSize < 0) {
                throw new IllegalArgumentException("minCellSize must be >= 0, was " + minCellSize);
            }
        }
    }

    CohortProcessor(List<AnalysisDefinition> analyses, Settings settings, Timer recompute, CoxFitting coxFits) {
        this.coxFits = java.util.Objects.requireNonNull(coxFits, "coxFits");
        analyses.forEach(a -> this.analyses.put(a.name(), a));
        this.settings = settings;
        this.recompute = recompute;
    }

    @Override
    public void init(ProcessorContext<String, Unreleased> context) {
        this.context = context;
        this.state = context.getStateStore(Names.COHORT_STATE_STORE);
        this.subjects = context.getStateStore(Names.COHORT_SUBJECTS_STORE);
        // After a start, a crash or a move of this task, the stores hold cohorts whose last result may not have
        // been published or stored: recompute every analysis of this partition that has data. An analysis the
        // partitioner now deals elsewhere (the configured analyses changed) is left alone: its owner publishes it.
        AnalysisPartitioner partitioner = TopologyFactory.partitioner(List.copyOf(analyses.values()));
        int partition = context.taskId().partition();
        mirror = new BlockMirror(); // a revived task starts again from its restored store
        subjectMirror.clear();
        fitted.clear();
        coxInFlight.clear();
        coxSubmitted.replaceAll((a, n) -> n + 1); // a fit from before a revival is stale
        subjectVersion.replaceAll((a, v) -> v + 1); // so are the parts computed before it, until refreshed
        lastCoxFit.clear();
        notBefore = Long.MIN_VALUE;
        for (String name : analyses.keySet()) {
            if (partitioner.partition(name, settings.cohortPartitions()) == partition && hasData(name)) {
                dirty.add(name);
                coxPending.add(name);
            }
            String cellPrefix = CohortKeys.prefix(name, "c");
            try (KeyValueIterator<String, int[]> it = state.prefixScan(cellPrefix, Serdes.String().serializer())) {
                while (it.hasNext()) {
                    KeyValue<String, int[]> kv = it.next();
                    String[] p = CohortKeys.parts(kv.key, cellPrefix); // source, group, stratum, block
                    mirror.put(name, Integer.parseInt(p[0]), p[1], p[2], Integer.parseInt(p[3]), kv.value);
                }
            }
            String subjectPrefix = CohortKeys.prefix(name, "s");
            Map<String, SubjectEntry> mine = new java.util.HashMap<>();
            try (KeyValueIterator<String, SubjectEntry> it =
                    subjects.prefixScan(subjectPrefix, Serdes.String().serializer())) {
                it.forEachRemaining(kv -> mine.put(kv.key, kv.value));
            }
            subjectMirror.put(name, mine);
            String pendingPrefix = CohortKeys.prefix(name, "p");
            try (KeyValueIterator<String, int[]> it = state.prefixScan(pendingPrefix, Serdes.String().serializer())) {
                while (it.hasNext()) {
                    incomplete.add(it.next().key);
                }
            }
        }
        context.schedule(settings.debounce(), PunctuationType.WALL_CLOCK_TIME, now -> publishDirty(now));
    }

    private boolean hasData(String analysis) {
        try (KeyValueIterator<String, int[]> it = state.prefixScan(analysis + CohortKeys.SEP,
                Serdes.String().serializer())) {
            return it.hasNext();
        }
    }

    /**
     * Applies one source partition's delta: absolute values replace what that source sent before (so a
     * delta applied twice changes nothing), after dropping all of it when the delta says {@code reset}.
     */
    @Override
    public void process(Record<String, CohortDelta> record) {
        CohortDelta delta = record.value();
        String a = delta.analysis();
        if (!analyses.containsKey(a)) {
            return; // an analysis removed from the configuration since the delta was written
        }
        int src = delta.source();
        int dropped = 0;
        if (delta.reset()) {
            for (String kind : List.of("c", "x", "t", "p")) {
                dropped += deletePrefix(state, CohortKeys.sourcePrefix(a, kind, src));
            }
            String sourceSubjects = CohortKeys.sourcePrefix(a, "s", src);
            dropped += deletePrefix(subjects, sourceSubjects);
            subjectMirror.getOrDefault(a, Map.of()).keySet().removeIf(k -> k.startsWith(sourceSubjects));
            mirror.dropSource(a, src);
            incomplete.remove(CohortKeys.pending(a, src));
        }
        for (CohortDelta.Block b : delta.blocks()) {
            String key = CohortKeys.block(a, src, b.group(), b.stratum(), b.index());
            mirror.put(a, src, b.group(), b.stratum(), b.index(), b.counts());
            putOrDelete(key, b.isEmpty() ? null : b.counts());
        }
        for (CohortDelta.Exclusion x : delta.exclusions()) {
            putOrDelete(CohortKeys.exclusion(a, src, x.flag()), x.count() == 0 ? null : new int[] {x.count(), 0});
        }
        if (delta.clockChanged()) {
            // Epoch days fit an int for any date a registry holds; the second slot marks presence.
            putOrDelete(CohortKeys.clock(a, src), delta.clock() == null ? null
                    : new int[] {Math.toIntExact(java.time.LocalDate.parse(delta.clock()).toEpochDay()), 1});
        }
        for (CohortDelta.Subject s : delta.subjects()) {
            String key = CohortKeys.subject(a, src, s.subject());
            Map<String, SubjectEntry> mine = subjectMirror.computeIfAbsent(a, k -> new java.util.HashMap<>());
            if (s.entry() == null) {
                subjects.delete(key);
                mine.remove(key);
            } else {
                subjects.put(key, s.entry());
                mine.put(key, s.entry());
            }
        }
        String pendingKey = CohortKeys.pending(a, src);
        if (!delta.last() && incomplete.add(pendingKey)) {
            state.put(pendingKey, new int[] {1, 0});
        } else if (delta.last() && incomplete.remove(pendingKey)) {
            state.delete(pendingKey);
        }
        // A reset that replaces nothing with nothing (a fresh start) changes no result.
        if (dropped > 0 || delta.size() > 0 || delta.clockChanged() && (delta.clock() != null || !delta.reset())) {
            dirty.add(a);
            if (dropped > 0 || !delta.subjects().isEmpty()) {
                coxPending.add(a);
                subjectVersion.merge(a, 1L, Long::sum);
            }
        }
        if (delta.inputOffset() >= 0) {
            inputOffsets.computeIfAbsent(a, k -> new TreeMap<>()).merge(src, delta.inputOffset(), Math::max);
        }
    }

    /** Null deletes: a tombstone in the changelog, so nothing of a removed subject remains. */
    private void putOrDelete(String key, int[] value) {
        if (value == null) {
            state.delete(key);
        } else {
            state.put(key, value);
        }
    }

    /** Deletes every key under the prefix; returns how many there were. */
    private static <V> int deletePrefix(KeyValueStore<String, V> store, String prefix) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.prefixScan(prefix, Serdes.String().serializer())) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(store::delete);
        return keys.size();
    }

    private boolean waiting(String analysis) {
        String prefix = CohortKeys.prefix(analysis, "p");
        return incomplete.stream().anyMatch(k -> k.startsWith(prefix));
    }

    private void publishDirty(long now) {
        if (now < notBefore) {
            return;
        }
        long started = System.nanoTime();
        publishRound(now);
        notBefore = now + (PUBLISH_COST_FACTOR + 1) * ((System.nanoTime() - started) / 1_000_000);
    }

    private void publishRound(long now) {
        boolean forwarded = false;
        boolean[] told = {false};
        takeUpFits();
        List<String> names = new ArrayList<>(dirty);
        dirty.clear();
        for (String name : coxPending) {
            if (!names.contains(name) && coxDue(name, now)) {
                names.add(name); // the final Cox refit of a cohort that has gone quiet
            }
        }
        for (String name : names) {
            if (waiting(name)) {
                dirty.add(name); // half of a multi-record delta is in: publish once the rest is
                continue;
            }
            Timer.Sample sample = Timer.start();
            AnalysisResult result;
            try {
                result = compute(analyses.get(name), now);
            } catch (RuntimeException e) {
                // One analysis failing must not stop the others; its cohort stays intact and dirty.
                LOG.error("recomputing analysis {} failed: {}", name, e.toString());
                dirty.add(name);
                continue;
            }
            sample.stop(recompute);
            Map<Integer, Long> offsets = Map.copyOf(inputOffsets.getOrDefault(name, Map.of()));
            context.forward(new Record<>(name, new Unreleased(name, result, offsets), now));
            forwarded = true;
            toldOffsets.put(name, offsets);
        }
        // Input that changed nothing in an analysis: its last result stands through the new offsets.
        inputOffsets.forEach((name, offsets) -> {
            boolean coxStale = (coxPending.contains(name) || coxInFlight.contains(name))
                    && SubjectSnapshot.needed(analyses.get(name));
            if (!dirty.contains(name) && !coxStale && !waiting(name) && toldOffsets.containsKey(name)
                    && !offsets.equals(toldOffsets.get(name))) {
                Map<Integer, Long> copy = Map.copyOf(offsets);
                toldOffsets.put(name, copy);
                context.forward(new Record<>(name, new Unreleased(name, null, copy), now));
                told[0] = true;
            }
        });
        if (forwarded || told[0]) {
            context.forward(new Record<>(Unreleased.endOfRound().analysis(), Unreleased.endOfRound(), now));
            // The release stage reads committed records only (exactly-once): ask for the commit now rather
            // than at the end of the commit interval.
            context.commit();
        }
    }

    /** Joins fits finished in the background to the next results; a stale or failed fit changes nothing. */
    private void takeUpFits() {
        for (String a : List.copyOf(fitted.keySet())) {
            takeUp(a, true);
        }
    }

    /** Takes up the analysis' finished refresh, if any; {@code republish} marks the analysis dirty for it. */
    private void takeUp(String a, boolean republish) {
        FittedParts f = fitted.remove(a);
        if (f == null || f.number() != coxSubmitted.getOrDefault(a, -1L)) {
            return; // none, or a newer refresh is on its way
        }
        coxInFlight.remove(a);
        lastRefreshCost.put(a, f.costNanos() / 1_000_000);
        if (f.error() != null) {
            // The message names the analysis, never a patient; the next interval tries again.
            LOG.error("computing the Cox model, follow-up or looks of analysis {} failed: {}", a, f.error().toString());
            coxPending.add(a);
        } else {
            partsCache.put(a, f);
            if (republish) {
                dirty.add(a);
            }
        }
    }

    /**
     * Hands the computation of the subject-level parts of these subjects to the {@link #coxFits} executor: collecting
     * them into a {@link SubjectSnapshot}, then each part. The entries are immutable, so the stream thread only copies
     * the references. When the computation finishes at once (the caller's-thread executor) its parts are used now,
     * otherwise the next publishing round takes them up and publishes again.
     */
    private void refreshParts(AnalysisDefinition def, List<SubjectEntry> entries, String asOf) {
        String a = def.name();
        long number = coxSubmitted.merge(a, 1L, Long::sum);
        long version = subjectVersion.getOrDefault(a, 0L);
        coxInFlight.add(a);
        int minCellSize = settings.minCellSize();
        long[] cost = {0};
        java.util.function.LongConsumer rest = coxFits.afterEachStep();
        java.util.function.LongConsumer step = took -> {
            cost[0] += took;
            rest.accept(took);
        };
        java.util.concurrent.CompletableFuture<SubjectParts> refresh =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    long t0 = System.nanoTime();
                    SubjectSnapshot snapshot = new SubjectSnapshot(def);
                    for (SubjectEntry e : entries) {
                        snapshot.add(e.row(), e.followUp(), e.cuts()); // no part depends on the order of subjects
                    }
                    step.accept(System.nanoTime() - t0);
                    return snapshot.parts(asOf, false, minCellSize, monitor, 1, step);
                }, coxFits.executor());
        refresh.whenComplete((parts, error) -> fitted.put(a, new FittedParts(number, version, parts,
                error instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                        ? c.getCause() : error, cost[0])));
        if (refresh.isDone()) {
            takeUp(a, false);
        }
    }

    /** Whether the analysis' subject-level parts may be refreshed now (see {@link CoxFitting#intervalMillis}). */
    private boolean coxDue(String name, long now) {
        long interval = coxFits.intervalMillis(settings.coxInterval().toMillis(), lastRefreshCost.getOrDefault(name, 0L));
        return now - lastCoxFit.getOrDefault(name, Long.MIN_VALUE / 2) >= interval;
    }

    AnalysisResult compute(AnalysisDefinition def, long now) {
        String a = def.name();
        CohortCounts.Builder counts = CohortCounts.builder(def.groupBy(), def.endpoint().causeCount());
        // Keys are (analysis, kind, source, ...): each scan sums or merges the sources' shares.
        mirror.forEachCell(a, (group, stratum, pairs) -> counts.addDays(group, stratum, pairs));
        Map<String, Integer> excluded = new TreeMap<>();
        String exPrefix = CohortKeys.prefix(a, "x");
        try (KeyValueIterator<String, int[]> it = state.prefixScan(exPrefix, Serdes.String().serializer())) {
            while (it.hasNext()) {
                KeyValue<String, int[]> kv = it.next();
                excluded.merge(CohortKeys.parts(kv.key, exPrefix)[1], kv.value[0], Integer::sum);
            }
        }
        String asOf = null;
        long latest = Long.MIN_VALUE;
        try (KeyValueIterator<String, int[]> it = state.prefixScan(CohortKeys.prefix(a, "t"),
                Serdes.String().serializer())) {
            while (it.hasNext()) {
                latest = Math.max(latest, it.next().value[0]);
            }
        }
        if (latest != Long.MIN_VALUE) {
            asOf = java.time.LocalDate.ofEpochDay(latest).toString();
        }
        // Individual subjects (Cox rows, follow-up dates, cut histories) are a walk over the whole cohort's in-memory
        // copy and a computation on it, both where coxFits runs: paced by their cost (coxDue), and once more when the
        // cohort has gone quiet, so the last result is exact.
        boolean usesSubjects = SubjectSnapshot.needed(def);
        if (usesSubjects && coxPending.contains(a) && coxDue(a, now)) {
            coxPending.remove(a);
            lastCoxFit.put(a, now);
            refreshParts(def, new ArrayList<>(subjectMirror.getOrDefault(a, Map.of()).values()), asOf);
        }
        CohortCounts cohort = counts.build();
        FittedParts f = partsCache.get(a);
        SubjectParts parts = f == null ? null
                : f.parts().withStale(f.version() != subjectVersion.getOrDefault(a, 0L));
        if (!usesSubjects) {
            coxPending.remove(a);
        }
        return AnalysisEngine.compute(def, cohort, excluded, asOf, settings.minCellSize(), monitor, parts);
    }
}
