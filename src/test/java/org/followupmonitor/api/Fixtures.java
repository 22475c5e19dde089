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
                "2020-12-31", subjects, 10, 0, Map.of(), false, gs,
                new LogRankSummary(4.2, groups.length - 1, 0.04, false, 0, List.of(6.0, 4.0), List.of(4.5, 5.5)),
                List.of(), null, null, null);
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
