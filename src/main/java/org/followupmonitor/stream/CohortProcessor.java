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
import org.followupmonitor.analysis.CohortAccumulator;
import org.followupmonitor.analysis.CohortCounts;
import org.followupmonitor.analysis.DataQualityFlag;
import org.followupmonitor.analysis.SubjectRow;

/**
 * Holds each analysis' cohort, partitioned by analysis name: a changed subject retracts its old
 * contribution and adds the new one (a few O(log n) store updates), and a wall-clock punctuator
 * recomputes the analyses that changed since its last run and publishes them.
 *
 * <p>Kaplan-Meier and log-rank are read from the risk-set counts (one prefix scan, O(distinct days));
 * the Cox model scans the analysis' subjects and is refitted at most every {@code coxInterval}, with
 * a final refit once the cohort is quiet, so the published result converges to the batch one.
 */
public final class CohortProcessor implements Processor<String, SubjectChange, String, Object> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CohortProcessor.class);
    private final Map<String, AnalysisDefinition> analyses = new LinkedHashMap<>();
    private final Settings settings;
    private final Timer recompute;
    private final ResultListener listener;
    private final org.followupmonitor.analysis.Monitor monitor = new org.followupmonitor.alerts.SequentialMonitoring();
    private final Set<String> dirty = new LinkedHashSet<>();
    private final Set<String> coxPending = new LinkedHashSet<>();
    private final Map<String, Long> lastCoxFit = new TreeMap<>();
    private final Map<String, AnalysisResult.CoxSummary> coxCache = new TreeMap<>();
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, AlertLog> alertStore;
    private final org.followupmonitor.alerts.AlertEvaluator evaluator;
    private final Map<String, Integer> subjectCounts = new TreeMap<>();
    private KeyValueStore<String, int[]> state;
    private KeyValueStore<String, SubjectChange> subjects;
    private KeyValueStore<String, AnalysisResult> results;

    /**
     * @param debounce how often changed analyses are recomputed
     * @param coxInterval Cox models are refitted at most this often
     * @param minCellSize privacy minimum
     */
    public record Settings(Duration debounce, Duration coxInterval, int minCellSize) {}

    CohortProcessor(List<AnalysisDefinition> analyses, Settings settings, Timer recompute, ResultListener listener) {
        analyses.forEach(a -> this.analyses.put(a.name(), a));
        this.settings = settings;
        this.recompute = recompute;
        this.listener = listener;
        this.evaluator = new org.followupmonitor.alerts.AlertEvaluator(
                new org.followupmonitor.analysis.Privacy(Math.max(1, settings.minCellSize())));
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.state = context.getStateStore(Names.COHORT_STATE_STORE);
        this.subjects = context.getStateStore(Names.COHORT_SUBJECTS_STORE);
        this.results = context.getStateStore(Names.RESULTS_STORE);
        this.alertStore = context.getStateStore(Names.ALERTS_STORE);
        // After a restart (or a rebalance) the stores hold cohorts whose last result may not have been
        // published: recompute everything this task owns once.
        for (String name : analyses.keySet()) {
            if (hasData(name)) {
                dirty.add(name);
                coxPending.add(name);
            }
        }
        context.schedule(settings.debounce(), PunctuationType.WALL_CLOCK_TIME, now -> publishDirty(now));
    }

    private boolean hasData(String analysis) {
        String prefix = analysis + CohortKeys.SEP;
        try (KeyValueIterator<String, SubjectChange> it = subjects.prefixScan(prefix, Serdes.String().serializer())) {
            return it.hasNext();
        }
    }

    @Override
    public void process(Record<String, SubjectChange> record) {
        SubjectChange change = record.value();
        String analysis = change.analysis();
        if (!analyses.containsKey(analysis)) {
            return; // an analysis removed from the configuration since the change was written
        }
        String key = CohortKeys.subject(analysis, change.subject());
        SubjectChange old = subjects.get(key);
        if (old != null) {
            apply(old, -1);
        }
        if (change.isRemoval()) {
            subjects.delete(key);
        } else {
            apply(change, +1);
            subjects.put(key, change);
        }
        dirty.add(analysis);
        coxPending.add(analysis);
    }

    /** Adds (+1) or retracts (-1) one subject's contribution to the counts. */
    private void apply(SubjectChange c, int sign) {
        String a = c.analysis();
        if (c.row() != null) {
            SubjectRow r = c.row();
            add(CohortKeys.cell(a, r.group(), r.stratum(), r.timeDays()), r.event() ? sign : 0, r.event() ? 0 : sign);
        } else if (CohortAccumulator.reported(DataQualityFlag.valueOf(c.flag()))) {
            add(CohortKeys.exclusion(a, c.flag()), sign, 0);
        }
        if (c.lastSeen() != null && CohortAccumulator.movesClock(c.derivation())) {
            add(CohortKeys.clock(a, c.lastSeen()), sign, 0);
        }
    }

    private void add(String key, int first, int second) {
        int[] v = state.get(key);
        int a = (v == null ? 0 : v[0]) + first;
        int b = (v == null ? 0 : v[1]) + second;
        if (a < 0 || b < 0) {
            throw new IllegalStateException("cohort count below zero: a retraction without its contribution");
        }
        if (a == 0 && b == 0) {
            state.delete(key); // a tombstone in the changelog: nothing of a removed subject remains
        } else {
            state.put(key, new int[] {a, b});
        }
    }

    private void publishDirty(long now) {
        List<String> names = new ArrayList<>(dirty);
        dirty.clear();
        for (String name : coxPending) {
            if (!names.contains(name) && coxDue(name, now)) {
                names.add(name); // the final Cox refit of a cohort that has gone quiet
            }
        }
        for (String name : names) {
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
            results.put(name, result);
            context.forward(new Record<>(name, result, now));
            listener.published(result);
            evaluateAlerts(analyses.get(name), result, now);
        }
    }

    /**
     * Raises and resolves alerts on change of state only; the raised set lives in the alert-state
     * store, so a restart (which recomputes everything) raises nothing again.
     */
    private void evaluateAlerts(AnalysisDefinition def, AnalysisResult result, long now) {
        if (def.alerts().isEmpty()) {
            return;
        }
        List<org.followupmonitor.alerts.FollowUpRecord> followUps = new ArrayList<>();
        if (def.alerts().stream().anyMatch(a -> a.rule() == org.followupmonitor.analysis.AlertRule.Kind.FOLLOW_UP_OVERDUE)) {
            String subjectPrefix = CohortKeys.prefix(def.name(), "s");
            try (KeyValueIterator<String, SubjectChange> it =
                    subjects.prefixScan(subjectPrefix, Serdes.String().serializer())) {
                while (it.hasNext()) {
                    SubjectChange c = it.next().value;
                    if (c.followUp() != null) {
                        followUps.add(c.followUp().record());
                    }
                }
            }
        }
        Map<DataQualityFlag, Integer> excluded = new java.util.EnumMap<>(DataQualityFlag.class);
        result.excluded().forEach((flag, n) -> excluded.put(DataQualityFlag.valueOf(flag), n));
        AlertLog log = alertStore.get(def.name());
        if (log == null) {
            log = new AlertLog(org.followupmonitor.alerts.AlertState.EMPTY.encode(), List.of());
        }
        org.followupmonitor.alerts.AlertEvaluator.Evaluation evaluation = evaluator.evaluate(def, result, followUps,
                new org.followupmonitor.alerts.ExclusionCounts(subjectCounts.getOrDefault(def.name(), 0), excluded),
                org.followupmonitor.alerts.AlertState.decode(log.state()));
        if (evaluation.alerts().isEmpty()) {
            return;
        }
        alertStore.put(def.name(), log.with(evaluation.state().encode(), evaluation.alerts()));
        for (org.followupmonitor.alerts.Alert alert : evaluation.alerts()) {
            context.forward(new Record<>(def.name(), alert, now));
            listener.alerted(alert);
        }
    }

    private boolean coxDue(String name, long now) {
        return now - lastCoxFit.getOrDefault(name, Long.MIN_VALUE / 2) >= settings.coxInterval().toMillis();
    }

    AnalysisResult compute(AnalysisDefinition def, long now) {
        String a = def.name();
        CohortCounts.Builder counts = CohortCounts.builder(def.groupBy());
        String cellPrefix = CohortKeys.prefix(a, "c");
        try (KeyValueIterator<String, int[]> it = state.prefixScan(cellPrefix, Serdes.String().serializer())) {
            while (it.hasNext()) {
                KeyValue<String, int[]> kv = it.next();
                String[] p = CohortKeys.parts(kv.key, cellPrefix);
                counts.add(p[0], p[1], Integer.parseInt(p[2]), kv.value[0], kv.value[1]);
            }
        }
        Map<String, Integer> excluded = new TreeMap<>();
        String exPrefix = CohortKeys.prefix(a, "x");
        try (KeyValueIterator<String, int[]> it = state.prefixScan(exPrefix, Serdes.String().serializer())) {
            while (it.hasNext()) {
                KeyValue<String, int[]> kv = it.next();
                excluded.put(CohortKeys.parts(kv.key, exPrefix)[0], kv.value[0]);
            }
        }
        String asOf = null;
        String clockPrefix = CohortKeys.prefix(a, "t");
        try (KeyValueIterator<String, int[]> it = state.prefixScan(clockPrefix, Serdes.String().serializer())) {
            while (it.hasNext()) {
                asOf = CohortKeys.parts(it.next().key, clockPrefix)[0]; // ISO dates sort as strings
            }
        }
        List<SubjectRow> coxRows = null;
        boolean refitCox = def.cox().isPresent() && coxPending.contains(a) && coxDue(a, now);
        if (refitCox) {
            coxRows = new ArrayList<>();
            String subjectPrefix = CohortKeys.prefix(a, "s");
            try (KeyValueIterator<String, SubjectChange> it =
                    subjects.prefixScan(subjectPrefix, Serdes.String().serializer())) {
                while (it.hasNext()) {
                    SubjectChange c = it.next().value;
                    if (c.row() != null) {
                        coxRows.add(c.row());
                    }
                }
            }
        }
        CohortCounts cohort = counts.build();
        subjectCounts.put(a, (int) Math.round(cohort.tables().pooled().total()));
        AnalysisResult r = AnalysisEngine.compute(def, cohort, coxRows, excluded, asOf,
                settings.minCellSize(), monitor);
        if (refitCox) {
            coxPending.remove(a);
            lastCoxFit.put(a, now);
            coxCache.put(a, r.cox());
            return r;
        }
        if (def.cox().isEmpty()) {
            coxPending.remove(a);
            return r;
        }
        return withCox(r, coxCache.get(a));
    }

    private static AnalysisResult withCox(AnalysisResult r, AnalysisResult.CoxSummary cox) {
        return new AnalysisResult(r.formatVersion(), r.name(), r.endpoint(), r.origin(), r.groupBy(), r.strata(),
                r.asOf(), r.subjects(), r.events(), r.excluded(), r.suppressed(), r.groups(), r.logRank(),
                r.milestoneComparisons(), cox, r.monitoring());
    }
}
