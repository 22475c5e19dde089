package org.followupmonitor.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.followupmonitor.alerts.Alert;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.AnalysisResult.CurvePoint;
import org.followupmonitor.analysis.AnalysisResult.GroupResult;
import org.followupmonitor.analysis.AnalysisResult.LogRankSummary;
import org.followupmonitor.analysis.AnalysisResult.Milestone;

/** Hand-built results for testing the serving layer (the numbers themselves are not under test here). */
final class Fixtures {
    private Fixtures() {}

    /** A result with the given groups, each with a simple curve of {@code points} distinct times. */
    static AnalysisResult result(String name, int subjects, String... groups) {
        return result(name, subjects, 0.04, groups);
    }

    /** As {@link #result(String, int, String...)}, with this log-rank p-value. */
    static AnalysisResult result(String name, int subjects, double logRankP, String... groups) {
        List<GroupResult> gs = new ArrayList<>();
        int g = 0;
        for (String group : groups) {
            List<CurvePoint> curve = new ArrayList<>();
            int atRisk = subjects / groups.length;
            double s = 1.0;
            for (int k = 1; k <= 8; k++) {
                int events = (k + g) % 3 == 0 ? 0 : 1;
                int censored = events == 0 ? 1 : 0;
                s *= 1.0 - (double) events / atRisk;
                curve.add(new CurvePoint(k * 200, atRisk, events, censored, s, 0.02, s - 0.05, Math.min(1, s + 0.05)));
                atRisk -= events + censored;
            }
            gs.add(new GroupResult(group, false, subjects / groups.length, 5, curve,
                    List.of(new Milestone(365, 10, 0.9, 0.02, 0.86, 0.94)), null, null));
            g++;
        }
        return new AnalysisResult(AnalysisResult.FORMAT_VERSION, name, "overall-survival", "index", "arm", List.of(),
                new AnalysisResult.Confidence("log", 0.95), "2020-12-31", subjects, 10, 0, Map.of(), false, gs,
                new LogRankSummary(4.2, groups.length - 1, logRankP, false, 0, List.of(6.0, 4.0), List.of(4.5, 5.5)),
                List.of(), null, null, null);
    }

    /**
     * A monitored result that over-ran its plan (997 events of 120 planned): four formal looks, the last one final
     * and crossed; a Cox part fitted on older data (stale); follow-up completeness; patients awaiting their origin.
     */
    static AnalysisResult overrun(String name) {
        AnalysisResult base = result(name, 1500, "surgery", "no-surgery");
        AnalysisResult.Basis old = new AnalysisResult.Basis("2019-06-30", 900, 400, true);
        AnalysisResult.Basis now = new AnalysisResult.Basis("2020-12-31", 1500, 997, false);
        List<AnalysisResult.Look> looks = List.of(
                new AnalysisResult.Look(1, "2014-02-01", 30, 0.25, 0.8, 4.33, 0.0000147, false, false),
                new AnalysisResult.Look(2, "2015-05-01", 61, 0.508, -1.9, 2.95, 0.0033, false, false),
                new AnalysisResult.Look(3, "2016-09-01", 95, 0.792, -2.1, 2.28, 0.0235, false, false),
                new AnalysisResult.Look(4, "2017-03-01", 130, 1.0, -2.4, 2.05, 0.05, true, true));
        AnalysisResult.MonitoringStatus monitoring = new AnalysisResult.MonitoringStatus(120, 997, 1.0,
                "obrien-fleming", 0.05, 0.25, -3.1, 2.05, true, looks, now);
        AnalysisResult.CoxSummary cox = new AnalysisResult.CoxSummary("efron", 900, 400, List.of(
                new AnalysisResult.CoxTerm("armsurgery", "arm", "surgery", "no-surgery", false, false, -0.4, 0.1, 0.67, 0.55,
                        0.81, 0.0001)), null, null, null, 0.6, true, List.of(), List.of(), List.of(), null, List.of(), null, null,
                null, List.of(), old);
        AnalysisResult.FollowUp followUp = new AnalysisResult.FollowUp(503, 0.93,
                List.of(new AnalysisResult.Overdue(455, 12)), List.of(new AnalysisResult.MilestoneCompleteness(1826,
                        List.of(new AnalysisResult.GroupCompleteness("surgery", 0.91),
                                new AnalysisResult.GroupCompleteness("no-surgery", 0.88)))), now);
        return new AnalysisResult(base.formatVersion(), name, base.endpoint(), base.origin(), base.groupBy(),
                base.strata(), base.confidence(), base.asOf(), 1500, 997, 17, Map.of(), false, base.groups(), base.logRank(), List.of(),
                cox, monitoring, followUp);
    }

    /** A mutable in-memory query source. */
    static final class MemoryQueries implements AnalysisQueries {
        final Map<String, AnalysisResult> results = new java.util.concurrent.ConcurrentHashMap<>();
        final List<String> order = new CopyOnWriteArrayList<>();
        final List<Alert> alerts = new CopyOnWriteArrayList<>();
        final AtomicLong processed = new AtomicLong();

        void put(AnalysisResult r) {
            if (!order.contains(r.name())) {
                order.add(r.name());
            }
            results.put(r.name(), r);
        }

        @Override
        public List<String> names() {
            return List.copyOf(order);
        }

        @Override
        public Optional<AnalysisResult> find(String name) {
            return Optional.ofNullable(results.get(name));
        }

        @Override
        public List<Alert> alertsFor(String name) {
            return alerts.stream().filter(a -> a.analysis().equals(name)).toList();
        }

        @Override
        public Health health() {
            return new Health(true, "RUNNING", processed.get(), 0);
        }
    }
}
