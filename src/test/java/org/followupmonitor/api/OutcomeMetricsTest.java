package org.followupmonitor.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.followupmonitor.alerts.Alert;
import org.followupmonitor.alerts.SequentialMonitoring;
import org.followupmonitor.analysis.AnalysesConfig;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.AnalysisResult.GroupResult;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.analysis.ResultJson;
import org.followupmonitor.api.PrometheusText.Sample;
import org.followupmonitor.events.file.RegistryImporter;
import org.junit.jupiter.api.Test;

/**
 * The outcome metrics show the published result and alert log and nothing else: no series for a suppressed
 * cell or an undefined number, none for an analysis another instance owns, alert states from the newest log
 * entry of each condition.
 */
class OutcomeMetricsTest {
    private static final AnalysesConfig CONFIG = AnalysesLoader.parse("""
            analyses:
              - name: os-by-arm
                endpoint: overall-survival
                origin: index
                groupBy: arm
                milestonesDays: [365, 1826]
                monitoring: {plannedEvents: 120, spending: obrien-fleming, alpha: 0.05, lookStep: 0.05}
                alerts:
                  - {rule: milestone-below, milestoneDays: 1826, threshold: 0.70}
                  - {rule: milestone-below, milestoneDays: 1826, threshold: 0.50}
                  - {rule: milestone-below, milestoneDays: 1826, threshold: 0.70}
                  - {rule: boundary-crossed}
                  - {rule: follow-up-overdue, days: 455, completenessBelow: 0.80}
                  - {rule: data-quality, excludedAbove: 0.05}
              - name: small
                endpoint: overall-survival
                origin: index
                groupBy: arm
                milestonesDays: [365]
                alerts:
                  - {rule: data-quality, excludedAbove: 0.05}
            """, "test");

    private static final List<AnalysisDefinition> DEFS = CONFIG.analyses();

    /**
     * Published os-by-arm: surgery shown, no-surgery suppressed, survival at day 1826 undefined. Written as the
     * JSON the API serves, with only the fields the metrics read, so fields added to the result change nothing.
     */
    private static AnalysisResult osByArm() {
        return ResultJson.read("""
                {"formatVersion": 1, "name": "os-by-arm", "strata": [],
                 "confidence": {"type": "log", "level": 0.95}, "asOf": "2020-12-31", "subjects": 47,
                 "events": 13, "excluded": {}, "suppressed": false,
                 "groups": [
                   {"group": "surgery", "suppressed": false, "n": 40, "events": 12, "curve": [],
                    "milestones": [
                      {"time": 365, "atRisk": 30, "survival": 0.9, "stdErr": 0.03, "lower": 0.84, "upper": 0.96},
                      {"time": 1826, "atRisk": null, "survival": null, "stdErr": null, "lower": null, "upper": null}]},
                   {"group": "no-surgery", "suppressed": true, "n": null, "events": null, "curve": [], "milestones": []}],
                 "logRank": {"chiSquare": 2.1, "df": 1, "pValue": 0.147, "observed": [], "expected": []},
                 "milestoneComparisons": [],
                 "monitoring": {"plannedEvents": 120, "observedEvents": 13, "informationFraction": 0.108,
                                "z": -1.5, "boundary": 4.3, "crossed": false, "looks": []}}
                """);
    }

    private static AnalysisResult suppressedCohort() {
        return ResultJson.read("""
                {"formatVersion": 1, "name": "small", "strata": [],
                 "confidence": {"type": "log", "level": 0.95}, "asOf": "2020-12-31", "subjects": null,
                 "events": null, "excluded": {}, "suppressed": true,
                 "groups": [
                   {"group": "surgery", "suppressed": true, "curve": [], "milestones": []},
                   {"group": "no-surgery", "suppressed": true, "curve": [], "milestones": []}],
                 "milestoneComparisons": []}
                """);
    }

    private static Alert alert(String rule, String group, String state, Map<String, Double> values) {
        return new Alert("os-by-arm", rule, group, state, "m", values, "2020-12-31");
    }

    private static String scrape(OutcomeMetrics metrics) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.getPrometheusRegistry().register(metrics);
        return registry.scrape();
    }

    /** name{labels} → value of every outcome sample. */
    private static Map<String, Double> series(String text) {
        Map<String, Double> out = new TreeMap<>();
        for (Sample s : PrometheusText.parse(text)) {
            out.put(s.name() + s.labels(), s.value());
        }
        return out;
    }

    @Test
    void showsEachPublishedNumberAndNothingForSuppressedOrUndefinedOnes() {
        Fixtures.MemoryQueries queries = new Fixtures.MemoryQueries();
        queries.put(osByArm());
        queries.put(suppressedCohort());
        String text = scrape(new OutcomeMetrics(DEFS, queries));

        Map<String, Double> expected = new TreeMap<>();
        expected.put("followup_cohort_subjects{analysis=os-by-arm}", 47.0);
        expected.put("followup_cohort_endpoint_events{analysis=os-by-arm}", 13.0);
        expected.put("followup_group_subjects{analysis=os-by-arm, group=surgery}", 40.0);
        expected.put("followup_group_endpoint_events{analysis=os-by-arm, group=surgery}", 12.0);
        expected.put("followup_survival_ratio{analysis=os-by-arm, group=surgery, milestone_days=365}", 0.9);
        expected.put("followup_survival_lower_ratio{analysis=os-by-arm, group=surgery, milestone_days=365}", 0.84);
        expected.put("followup_survival_upper_ratio{analysis=os-by-arm, group=surgery, milestone_days=365}", 0.96);
        expected.put("followup_logrank_p_value{analysis=os-by-arm}", 0.147);
        expected.put("followup_monitoring_z{analysis=os-by-arm}", -1.5);
        expected.put("followup_monitoring_boundary_z{analysis=os-by-arm}", 4.3);
        expected.put("followup_monitoring_information_ratio{analysis=os-by-arm}", 0.108);
        String p70 = "milestoneDays=1826,threshold=0.7";
        String p50 = "milestoneDays=1826,threshold=0.5";
        expected.put("followup_alert_raised{analysis=os-by-arm, group=surgery, parameters=" + p70
                + ", rule=milestone-below}", 0.0);
        expected.put("followup_alert_raised{analysis=os-by-arm, group=surgery, parameters=" + p50
                + ", rule=milestone-below}", 0.0);
        expected.put("followup_alert_raised{analysis=os-by-arm, rule=boundary-crossed}", 0.0);
        expected.put("followup_alert_raised{analysis=os-by-arm, parameters=days=455,completenessBelow=0.8, "
                + "rule=follow-up-overdue}", 0.0);
        expected.put("followup_alert_raised{analysis=os-by-arm, parameters=excludedAbove=0.05, rule=data-quality}",
                0.0);
        // Exactly these: nothing for the suppressed group, the undefined day-1826 survival, the suppressed cohort,
        // and (until the result carries it) Clark's C.
        assertThat(series(text)).isEqualTo(expected);
        assertThat(text).contains("# TYPE followup_survival_ratio gauge")
                .doesNotContain("no-surgery").doesNotContain("analysis=\"small\"");
    }

    @Test
    void alertStateIsTheNewestLogEntryOfEachCondition() {
        Fixtures.MemoryQueries queries = new Fixtures.MemoryQueries();
        queries.put(osByArm());
        Map<String, Double> t70 = Map.of("milestoneDays", 1826.0, "threshold", 0.7, "survival", 0.6);
        Map<String, Double> t50 = Map.of("milestoneDays", 1826.0, "threshold", 0.5, "survival", 0.6);
        // Newest first, as the alert log and the API list them.
        queries.alerts.addAll(List.of(
                alert("milestone-below", "surgery", "raised", t70),
                alert("boundary-crossed", null, "raised", Map.of("z", -3.1, "boundary", 2.9)),
                alert("data-quality", null, "resolved", Map.of("excludedAbove", 0.05)),
                alert("milestone-below", "surgery", "resolved", t50),
                alert("milestone-below", "surgery", "resolved", t70),
                alert("data-quality", null, "raised", Map.of("excludedAbove", 0.05)),
                alert("milestone-below", "surgery", "raised", t50),
                alert("follow-up-overdue", null, "resolved", Map.of("days", 455.0, "completenessBelow", 0.8)),
                alert("milestone-below", "no-surgery", "raised", t70)));
        Map<String, Double> s = series(scrape(new OutcomeMetrics(DEFS, queries)));
        assertThat(s)
                .containsEntry("followup_alert_raised{analysis=os-by-arm, group=surgery, "
                        + "parameters=milestoneDays=1826,threshold=0.7, rule=milestone-below}", 1.0)
                .containsEntry("followup_alert_raised{analysis=os-by-arm, group=surgery, "
                        + "parameters=milestoneDays=1826,threshold=0.5, rule=milestone-below}", 0.0)
                .containsEntry("followup_alert_raised{analysis=os-by-arm, rule=boundary-crossed}", 1.0)
                .containsEntry("followup_alert_raised{analysis=os-by-arm, parameters=excludedAbove=0.05, "
                        + "rule=data-quality}", 0.0)
                .containsEntry("followup_alert_raised{analysis=os-by-arm, "
                        + "parameters=days=455,completenessBelow=0.8, rule=follow-up-overdue}", 0.0);
        // The no-surgery group is suppressed in the result: its raised alert has no series.
        assertThat(s.keySet()).noneMatch(k -> k.contains("no-surgery"));
    }

    @Test
    void analysesAnotherInstanceOwnsHaveNoSeries() {
        Fixtures.MemoryQueries all = new Fixtures.MemoryQueries();
        all.put(osByArm());
        // find() serves os-by-arm (routed from its owner), but this instance owns nothing.
        AnalysisQueries routing = new AnalysisQueries() {
            @Override
            public List<String> names() {
                return all.names();
            }

            @Override
            public Optional<AnalysisResult> find(String name) {
                return all.find(name);
            }

            @Override
            public List<Alert> alertsFor(String name) {
                return all.alertsFor(name);
            }

            @Override
            public Optional<Owned> owned(String name) {
                return Optional.empty();
            }

            @Override
            public Health health() {
                return all.health();
            }
        };
        assertThat(scrape(new OutcomeMetrics(DEFS, all))).contains("followup_cohort_subjects");
        assertThat(scrape(new OutcomeMetrics(DEFS, routing))).doesNotContain("followup_");
    }

    @Test
    void clarksCIsReadFromTheResultThroughItsAccessor() {
        Fixtures.MemoryQueries queries = new Fixtures.MemoryQueries();
        queries.put(osByArm());
        queries.put(suppressedCohort());
        String text = scrape(new OutcomeMetrics(DEFS, queries, r -> r.name().equals("os-by-arm") ? 0.87 : 0.5));
        assertThat(PrometheusText.samples(text, OutcomeMetrics.COMPLETENESS))
                .containsExactly(new Sample(OutcomeMetrics.COMPLETENESS, Map.of("analysis", "os-by-arm"), 0.87));
    }

    /**
     * The audit rule on the bundled cohort's real results: every outcome sample's value is a number of the
     * published JSON of its analysis (or an alert state 0/1), every label value is a configured name or a
     * published group or milestone, and every suppressed group and cohort is absent.
     */
    @Test
    void aScrapeOfRealResultsShowsOnlyNumbersOfThePublishedJson() throws Exception {
        List<AnalysisDefinition> defs = AnalysesLoader.loadDefault().analyses();
        // As published: disclosure control plans the release over all analyses (what the release stage serves).
        List<AnalysisResult> results = org.followupmonitor.privacy.Disclosure.release(defs,
                BatchAnalysis.run(Path.of("examples/study-cohort.csv"), defs, RegistryImporter.Options.defaults(), 11,
                        new SequentialMonitoring(), n -> { }, false).results(), 11);
        Fixtures.MemoryQueries queries = new Fixtures.MemoryQueries();
        results.forEach(queries::put);
        List<Sample> samples = PrometheusText.parse(scrape(new OutcomeMetrics(defs, queries)));

        Set<String> suppressedGroups = new HashSet<>();
        int suppressedCount = 0;
        for (AnalysisResult r : results) {
            for (GroupResult g : r.groups()) {
                if (g.suppressed()) {
                    suppressedGroups.add(r.name() + "/" + g.group());
                    suppressedCount++;
                }
            }
        }
        long withheldAnalyses = results.stream().filter(AnalysisResult::suppressed).count();
        assertThat(suppressedCount + withheldAnalyses).as("the bundled cohort has withheld subtype groups or analyses")
                .isPositive();
        assertThat(samples).hasSizeGreaterThan(100);
        for (Sample s : samples) {
            String analysis = s.label("analysis");
            AnalysisResult r = queries.find(analysis).orElseThrow();
            assertThat(r.suppressed()).isFalse();
            if (s.label("group") != null) {
                assertThat(suppressedGroups).doesNotContain(analysis + "/" + s.label("group"));
                assertThat(r.groups()).anyMatch(g -> g.group().equals(s.label("group")));
            }
            if (s.name().equals(OutcomeMetrics.ALERT_RAISED)) {
                assertThat(s.value()).isIn(0.0, 1.0);
            } else {
                assertThat(numbers(ResultJson.mapper().readTree(ResultJson.write(r))))
                        .as(s.toString()).contains(s.value());
            }
            if (s.label("milestone_days") != null) {
                // The first published group (a suppressed one, e.g. a small subtype, has none).
                assertThat(r.groups().stream().filter(g -> !g.suppressed()).findFirst().orElseThrow().milestones())
                        .anyMatch(
                        m -> Integer.toString(m.time()).equals(s.label("milestone_days")));
            }
        }
    }

    private static List<Double> numbers(JsonNode node) {
        List<Double> out = new ArrayList<>();
        if (node.isNumber()) {
            out.add(node.doubleValue());
        }
        node.forEach(child -> out.addAll(numbers(child)));
        return out;
    }
}
