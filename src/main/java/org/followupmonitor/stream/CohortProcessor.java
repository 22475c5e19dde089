package org.followupmonitor.stream;

import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.followupmonitor.alerts.SequentialMonitoring;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisEngine;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.SubjectParts;
import org.followupmonitor.analysis.SubjectSnapshot;
import org.followupmonitor.cohortstate.CohortDelta;
import org.followupmonitor.cohortstate.CohortState;

/**
 * The cohort stage: a coordinator of parts that have tests of their own. It applies each input partition's
 * {@link CohortDelta} to the {@link CohortState} (the cohort's counts and subjects: absolute values per source, so a
 * delta applied twice changes nothing, and a reset replaces all its source sent before), marks the analyses it
 * changed for the {@link PublicationScheduler} (dirty set, debounce, cost pacing) and the {@link CoxRefresher} (the
 * subject-level parts: Cox models, follow-up, looks), and at each round recomputes the changed analyses from the
 * counts and the latest parts and hands each complete result that differs from the last one it wrote for its analysis
 * to the release stage ({@link Unreleased}, {@link ReleaseInputs}, {@link ReleaseProcessor}), which decides what is
 * published and evaluates the alerts. An analysis with a half-applied multi-record delta waits for the rest.
 * {@link InputOffsets}, a measurement hook off by default, tells the release stage which input each result reflects;
 * {@link WithheldRounds}, on only when this class logs at debug, counts the rounds that waited so, and
 * {@link ResetTimes}, on likewise, logs the time spent applying each source's reset.
 */
public final class CohortProcessor implements Processor<String, CohortDelta, String, Unreleased> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CohortProcessor.class);
    private final Map<String, AnalysisDefinition> analyses = new LinkedHashMap<>();
    private final Settings settings;
    private final Timer recompute;
    private final org.followupmonitor.analysis.Monitor monitor = new SequentialMonitoring();
    private final PublicationScheduler scheduler;
    private final CoxRefresher refresher;
    private final InputOffsets offsets;
    /** Whether this process has a backlog of input: rounds and refreshes are paced slower meanwhile. */
    private final InputBacklog backlog;
    /** Told the stages' instants when the input-offset hook is on (the bench's latency breakdown). */
    private final ResultListener listener;
    private final WithheldRounds withheld = new WithheldRounds(LOG);
    private final ResetTimes resetTimes = new ResetTimes(LOG);
    /** Which recomputed results go to the release stage: those that differ from the last one written. */
    private final ReleaseInputs releaseInputs = new ReleaseInputs();
    private ProcessorContext<String, Unreleased> context;
    private CohortState state;

    /**
     * @param debounce how often changed analyses are recomputed
     * @param coxInterval Cox models are refitted at most this often
     * @param minCellSize privacy minimum
     * @param flushInterval how often the timeline processor sends its partition's changes on
     * @param cohortPartitions partitions of the cohort stage (the repartition topic), over which
     *     {@link AnalysisPartitioner} deals the analyses
     * @param inputOffsets a measurement hook: whether the deltas carry the input offsets they reflect, so that the
     *     {@link ResultListener} learns which input each publication includes ({@link InputOffsets}); off, input that
     *     changes nothing sends no delta at all
     * @param pacing how the cohort and release stages pace their rounds by cost ({@link Pacing#REAL} unless a test
     *     wants a release sequence that depends on its input alone)
     */
    public record Settings(Duration debounce, Duration coxInterval, int minCellSize, Duration flushInterval,
            int cohortPartitions, boolean inputOffsets, Pacing pacing) {
        public Settings {
            java.util.Objects.requireNonNull(pacing, "pacing");
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

        /** Paced by the real clock. */
        public Settings(Duration debounce, Duration coxInterval, int minCellSize, Duration flushInterval,
                int cohortPartitions, boolean inputOffsets) {
            this(debounce, coxInterval, minCellSize, flushInterval, cohortPartitions, inputOffsets, Pacing.REAL);
        }

        /** Without the input-offset hook, paced by the real clock. */
        public Settings(Duration debounce, Duration coxInterval, int minCellSize, Duration flushInterval,
                int cohortPartitions) {
            this(debounce, coxInterval, minCellSize, flushInterval, cohortPartitions, false);
        }

        /** The same settings with the input-offset hook on or off. */
        public Settings withInputOffsets(boolean on) {
            return new Settings(debounce, coxInterval, minCellSize, flushInterval, cohortPartitions, on, pacing);
        }

        /** The same settings paced otherwise. */
        public Settings withPacing(Pacing p) {
            return new Settings(debounce, coxInterval, minCellSize, flushInterval, cohortPartitions, inputOffsets, p);
        }
    }

    CohortProcessor(List<AnalysisDefinition> analyses, Settings settings, Timer recompute, CoxFitting coxFits) {
        this(analyses, settings, recompute, coxFits, ResultListener.NONE);
    }

    CohortProcessor(List<AnalysisDefinition> analyses, Settings settings, Timer recompute, CoxFitting coxFits,
            ResultListener listener) {
        this(analyses, settings, recompute, coxFits, listener, InputLag.UNKNOWN);
    }

    /**
     * @param inputLag how far this process' consumer is behind {@code patient-events} (the app's:
     *     {@link InputLag#fromMetrics}): while its backlog is large, rounds and Cox refreshes are paced slower
     *     ({@link BacklogPacing#DEFAULT}); {@link InputLag#UNKNOWN}: never
     */
    CohortProcessor(List<AnalysisDefinition> analyses, Settings settings, Timer recompute, CoxFitting coxFits,
            ResultListener listener, InputLag inputLag) {
        // InputBacklog answers "never behind" for InputLag.UNKNOWN itself; one per task (its state is the task's).
        this.backlog = new InputBacklog(inputLag, BacklogPacing.DEFAULT);
        this.listener = java.util.Objects.requireNonNull(listener, "listener");
        analyses.forEach(a -> this.analyses.put(a.name(), a));
        this.settings = settings;
        this.recompute = recompute;
        this.scheduler = new PublicationScheduler(settings.debounce(), settings.pacing(), backlog);
        this.refresher = new CoxRefresher(java.util.Objects.requireNonNull(coxFits, "coxFits"),
                settings.coxInterval(), settings.minCellSize(), monitor, backlog);
        this.offsets = new InputOffsets(settings.inputOffsets());
    }

    @Override
    public void init(ProcessorContext<String, Unreleased> context) {
        this.context = context;
        // A revived task starts again from its restored stores, with fresh in-memory copies.
        state = new CohortState(context.getStateStore(Names.COHORT_STATE_STORE),
                context.getStateStore(Names.COHORT_SUBJECTS_STORE));
        refresher.restart();
        scheduler.restart();
        releaseInputs.restart();
        // After a start, a crash or a move of this task, the stores hold cohorts whose last result may not have
        // been published or stored: recompute every analysis of this partition that has data. An analysis the
        // partitioner now deals elsewhere (the configured analyses changed) is left alone: its owner publishes it.
        AnalysisPartitioner partitioner = TopologyFactory.partitioner(List.copyOf(analyses.values()));
        int partition = context.taskId().partition();
        for (String name : analyses.keySet()) {
            if (state.restore(name) && partitioner.partition(name, settings.cohortPartitions()) == partition) {
                scheduler.markDirty(name);
                refresher.markPending(name);
                // Each timeline task sends its share of every analysis again once it has started (a reset per
                // source partition; the repartition topic has as many partitions as the input): the restored
                // subjects are refreshed once those are in (CoxRefresher.awaitResets).
                refresher.awaitResets(name, settings.cohortPartitions(), context.currentSystemTimeMs());
            }
        }
        context.schedule(scheduler.debounce(), PunctuationType.WALL_CLOCK_TIME,
                now -> scheduler.tick(now, names -> publishRound(now, names)));
    }

    @Override
    public void process(Record<String, CohortDelta> record) {
        CohortDelta delta = record.value();
        String a = delta.analysis();
        if (!analyses.containsKey(a)) {
            return; // an analysis removed from the configuration since the delta was written
        }
        long started = resetTimes.enabled() ? System.nanoTime() : 0;
        CohortState.Change change = state.apply(delta);
        if (resetTimes.enabled()) {
            resetTimes.applied(delta, change, System.nanoTime() - started, System.currentTimeMillis());
        }
        backlog.deltaApplied(record.timestamp(), context.currentSystemTimeMs());
        withheld.delta(a, delta.last());
        refresher.delta(a, delta.source(), delta.reset(), delta.last(), delta.caughtUp(),
                context.currentSystemTimeMs());
        if (change != CohortState.Change.NONE) {
            scheduler.markDirty(a);
        }
        if (change == CohortState.Change.SUBJECTS) {
            refresher.subjectsChanged(a, context.currentSystemTimeMs());
        }
        offsets.reached(a, delta.source(), delta.inputOffset());
        if (settings.inputOffsets()) {
            Map<Integer, Long> through = offsets.reached(a);
            listener.reached(ResultListener.Stage.FLUSHED, a, record.timestamp(), through);
            listener.reached(ResultListener.Stage.APPLIED, a, System.currentTimeMillis(), through);
        }
    }

    /** One publishing round: the dirty analyses, those with new subject-level parts, and quiet ones due a refresh. */
    private void publishRound(long now, List<String> dirty) {
        List<String> names = new ArrayList<>(dirty);
        for (String name : refresher.takeUpFinished()) {
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        for (String name : refresher.pendingAnalyses()) {
            if (!names.contains(name) && refresher.dueQuiet(name, now)) {
                names.add(name); // the final refresh of a cohort that has gone quiet
            }
        }
        boolean forwarded = false;
        boolean noticed = false;
        for (String name : names) {
            if (state.waiting(name)) {
                scheduler.markDirty(name); // half of a multi-record delta is in: publish once the rest is
                withheld.withheld(name, now);
                continue;
            }
            withheld.computed(name, now);
            Timer.Sample sample = Timer.start();
            AnalysisResult result;
            byte[] encoded;
            try {
                result = compute(analyses.get(name), now);
                encoded = releaseInputs.toWrite(result); // null: equal to the last one written
            } catch (RuntimeException e) {
                // One analysis failing must not stop the others; its cohort stays intact and dirty.
                LOG.error("recomputing analysis {} failed: {}", name, e.toString());
                scheduler.markDirty(name);
                continue;
            }
            sample.stop(recompute);
            Map<Integer, Long> through = offsets.tell(name);
            if (settings.inputOffsets()) {
                listener.reached(ResultListener.Stage.COMPUTED, name, System.currentTimeMillis(), through);
            }
            if (encoded != null) {
                context.forward(new Record<>(name, Unreleased.encoded(name, encoded, through), now));
                forwarded = true;
            } else if (settings.inputOffsets()) {
                // The same result as the last one written: it stands through this input (the measurement hook).
                context.forward(new Record<>(name, new Unreleased(name, null, through), now));
                noticed = true;
            }
        }
        // Input that changed nothing in an analysis: its last result stands through the new offsets.
        Map<String, Map<Integer, Long>> standing = offsets.standing(name -> !scheduler.isDirty(name)
                && !state.waiting(name) && !(refresher.behind(name) && SubjectSnapshot.needed(analyses.get(name))));
        standing.forEach((name, through) -> {
            if (settings.inputOffsets()) {
                listener.reached(ResultListener.Stage.COMPUTED, name, System.currentTimeMillis(), through);
            }
            context.forward(new Record<>(name, new Unreleased(name, null, through), now));
        });
        if (forwarded || noticed || !standing.isEmpty()) {
            context.forward(new Record<>(Unreleased.endOfRound().analysis(), Unreleased.endOfRound(), now));
            // The release stage reads committed records only (exactly-once): ask for the commit now rather
            // than at the end of the commit interval.
            context.commit();
        }
        withheld.roundEnded(now);
    }

    @Override
    public void close() {
        if (LOG.isDebugEnabled()) {
            LOG.debug("results written to the release stage: {}; not written, equal to the last one written: {}",
                    releaseInputs.sent(), releaseInputs.skipped());
        }
        withheld.summary();
        resetTimes.summary();
    }

    AnalysisResult compute(AnalysisDefinition def, long now) {
        CohortState.Counts counts = state.read(def);
        SubjectParts parts = refresher.parts(def, now, () -> state.subjects(def.name()), counts.asOf());
        return AnalysisEngine.compute(def, counts.counts(), counts.excluded(), counts.asOf(), settings.minCellSize(),
                monitor, parts);
    }
}
