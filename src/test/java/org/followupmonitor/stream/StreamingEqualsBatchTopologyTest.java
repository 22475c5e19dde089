package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.privacy.Disclosure;
import org.followupmonitor.registry.SchemaRegistryClient;

/**
 * The core invariant of the streaming path: after any arrival order of the same events, with
 * duplicates, retractions and an erasure, the published result of every analysis equals the batch
 * analysis of those events, exactly (every number, every field). Three times: the bundled analyses on a generated
 * study cohort (the time-varying surgery model among them), Cox models and tests on degenerate registry data (a
 * factor level only in incomplete rows, aliased terms, an empty cohort, a log-rank without variance, non-default
 * intervals and rho), and issue 16's methods on a registry spread over six sites (time-varying therapies, strata,
 * clusters, every proportional-hazards transform, Simon-Makuch curves, the ph-violated rule).
 *
 * <p>What is compared: the final published result, once the stream has gone quiet. With disclosure control on,
 * the stream plans each release with the releases before it (issue 14: no sequence of releases may narrow a
 * withheld count), so its final release can withhold more than {@code analyze}: every number it publishes is
 * then the batch's, and it withholds at least what {@code analyze} withholds.
 */
class StreamingEqualsBatchTopologyTest {
    private static final List<AnalysisDefinition> ANALYSES = AnalysesLoader.loadDefault().analyses();
    /** The registry of CoxOnRegistryDataReferenceTest, whose R reference pins these analyses' batch numbers. */
    private static final Path EDGE_REGISTRY = Path.of("src/test/resources/org/followupmonitor/analysis/r/registry-edge.csv");
    private static final List<AnalysisDefinition> EDGE_ANALYSES = AnalysesLoader.parse("""
            analyses:
              - {name: complete-cases, endpoint: overall-survival, origin: diagnosis, filter: {site: MAIN},
                 cox: {covariates: [grade, ki67, t-stage]}}
              - {name: aliased, endpoint: overall-survival, origin: diagnosis, filter: {site: MAIN},
                 cox: {covariates: [chemotherapy, radiotherapy, age, positive-nodes]}}
              - {name: aliased-t-stage, endpoint: overall-survival, origin: diagnosis, filter: {site: TG},
                 cox: {covariates: [grade, t-stage]}}
              - {name: absent-reference, endpoint: overall-survival, origin: diagnosis, filter: {site: MAIN},
                 cox: {covariates: [{name: t-stage, reference: "0"}, grade]}}
              - {name: empty, endpoint: overall-survival, origin: diagnosis, filter: {site: NOWHERE},
                 groupBy: arm, milestonesDays: [365], cox: {covariates: [grade, age]}}
              - {name: same-day, endpoint: overall-survival, origin: diagnosis, filter: {site: SAMEDAY},
                 groupBy: arm, milestonesDays: [100, 200]}
              - {name: options, endpoint: overall-survival, origin: diagnosis, filter: {site: MAIN}, groupBy: arm,
                 milestonesDays: [180, 365], confidence: {type: log-log, level: 0.9}, rho: 1,
                 cox: {covariates: [{name: subtype, reference: triple-negative}, age]}}
              - {name: competing-edge, endpoint: recurrence-competing, origin: diagnosis, filter: {site: MAIN},
                 groupBy: arm, milestonesDays: [180, 365], confidence: {type: log-log, level: 0.9},
                 cox: {covariates: [grade, age]}}
              - {name: competing-empty, endpoint: recurrence-competing, origin: diagnosis, filter: {site: NOWHERE},
                 groupBy: arm, milestonesDays: [365], cox: {covariates: [grade]}}
              - {name: competing-same-day, endpoint: recurrence-competing, origin: diagnosis, filter: {site: SAMEDAY},
                 groupBy: arm, milestonesDays: [100, 200]}
            """, "edge").analyses();

    /** The bundled cohort over six sites: the registry of TimeVaryingCoxReferenceTest, whose R reference pins it. */
    private static final Path SITES_REGISTRY =
            Path.of("src/test/resources/org/followupmonitor/analysis/r/study-cohort-sites.csv");
    private static final List<AnalysisDefinition> METHODS_ANALYSES = AnalysesLoader.parse("""
            analyses:
              - {name: tv-therapies, endpoint: overall-survival, origin: diagnosis,
                 cox: {ties: breslow, covariates: [{name: arm, timeVarying: true},
                   {name: chemotherapy, timeVarying: true}, {name: hormonal, timeVarying: true}, age],
                   proportionalHazards: {transform: log}}}
              - {name: strata-cluster, endpoint: overall-survival, origin: index, groupBy: arm,
                 cox: {covariates: [{name: grade, reference: "3"}, t-stage], strata: [subtype], cluster: site}}
              - {name: tv-strata-cluster, endpoint: disease-free, origin: systemic-control, milestonesDays: [365],
                 cox: {covariates: [{name: arm, timeVarying: true}, {name: subtype, reference: triple-negative}],
                   strata: [grade], cluster: site, proportionalHazards: {transform: rank}},
                 alerts: [{rule: ph-violated, pBelow: 0.5}]}
              - {name: tv-identity, endpoint: overall-survival, origin: systemic-control,
                 cox: {covariates: [{name: radiotherapy, timeVarying: true}, grade],
                   proportionalHazards: {transform: identity}}}
              - {name: competing-tv, endpoint: recurrence-competing, origin: systemic-control, groupBy: grade,
                 strata: [subtype], milestonesDays: [365, 730],
                 cox: {covariates: [{name: arm, timeVarying: true}, t-stage], cluster: site}}
            """, "methods").analyses();

    @Property(tries = 2)
    void streamingEqualsBatchForTimeVaryingStratifiedAndClusteredModels(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed) throws Exception {
        System.out.println("StreamingEqualsBatchTopologyTest (time-varying, strata, clusters) seed " + seed);
        Path dir = Files.createTempDirectory("stream-batch-methods");
        List<ClinicalEvent> registry = new ArrayList<>();
        new RegistryImporter(RegistryImporter.Options.defaults()).forEachEvent(SITES_REGISTRY, registry::add);
        Map<String, AnalysisResult> batch = assertStreamingEqualsBatch(METHODS_ANALYSES,
                StreamFixtures.scramble(registry, seed), dir, seed, seed % 2 == 0 ? 0 : 11);
        // The cases are really there.
        assertThat(batch.get("tv-therapies").cox().timeVarying()).containsExactly("arm", "chemotherapy", "hormonal");
        assertThat(batch.get("tv-therapies").cox().proportionalHazards().transform()).isEqualTo("log");
        assertThat(batch.get("tv-therapies").cox().simonMakuch()).hasSize(3);
        assertThat(batch.get("strata-cluster").cox().robustScore()).isNotNull();
        assertThat(batch.get("tv-strata-cluster").cox().fixed()).isNotNull();
        assertThat(batch.get("tv-strata-cluster").cox().terms()).allSatisfy(t ->
                assertThat(t.robustSe() != null || t.suppressed() || t.aliased()).isTrue());
        // Competing risks by grade within subtype strata, Fine-Gray beside a time-varying clustered Cox model.
        AnalysisResult competing = batch.get("competing-tv");
        assertThat(competing.grayTest()).extracting(AnalysisResult.GrayTest::cause)
                .containsExactly("recurrence", "death");
        assertThat(competing.groups()).filteredOn(g -> !g.suppressed()).allSatisfy(g ->
                assertThat(g.cumulativeIncidence()).extracting(AnalysisResult.CumulativeIncidence::cause)
                        .containsExactly("recurrence", "death"));
        assertThat(competing.fineGray().terms()).isNotEmpty();
        assertThat(competing.fineGray().warnings()).anyMatch(w -> w.contains("crr"));
    }

    @Property(tries = 4)
    void streamingResultEqualsBatchForAnyArrivalOrder(@ForAll @LongRange(min = 1, max = 1_000_000) long seed)
            throws Exception {
        System.out.println("StreamingEqualsBatchTopologyTest seed " + seed);
        streamEqualsBatch(seed, 0);
    }

    /**
     * The same with disclosure control at the default minimum: what the stream's final release withholds is
     * what {@code analyze} withholds on the same events (the plan is a function of the release's counts only).
     */
    @Property(tries = 3)
    void streamingReleaseEqualsBatchReleaseWithThePrivacyMinimum(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed) throws Exception {
        System.out.println("StreamingEqualsBatchTopologyTest (privacy) seed " + seed);
        streamEqualsBatch(seed, org.followupmonitor.analysis.Privacy.DEFAULT_MIN_CELL_SIZE);
    }

    private static void streamEqualsBatch(long seed, int minCellSize) throws Exception {
        Path dir = Files.createTempDirectory("stream-batch");
        List<ClinicalEvent> events = StreamFixtures.scramble(StreamFixtures.cohortEvents(160, seed, dir), seed);
        assertStreamingEqualsBatch(ANALYSES, events, dir, seed, minCellSize);
    }

    @Property(tries = 3)
    void streamingEqualsBatchOnIncompleteSparseAndDegenerateRegistryData(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed) throws Exception {
        System.out.println("StreamingEqualsBatchTopologyTest (registry edge cases) seed " + seed);
        Path dir = Files.createTempDirectory("stream-batch-edge");
        List<ClinicalEvent> registry = new ArrayList<>();
        new RegistryImporter(RegistryImporter.Options.defaults()).forEachEvent(EDGE_REGISTRY, registry::add);
        Map<String, AnalysisResult> batch = assertStreamingEqualsBatch(EDGE_ANALYSES,
                StreamFixtures.scramble(registry, seed), dir, seed);
        // The cases are really there (whichever patient the scramble erased): grade 1 occurs only where Ki-67 is
        // missing, so it is the reference of grade alone and absent from the multivariable model.
        assertThat(batch.get("complete-cases").cox().univariate()).filteredOn(t -> t.covariate().equals("grade"))
                .extracting(AnalysisResult.CoxTerm::reference).containsOnly("1");
        assertThat(batch.get("complete-cases").cox().terms()).filteredOn(t -> t.covariate().equals("grade"))
                .extracting(AnalysisResult.CoxTerm::term).containsExactly("grade3");
        assertThat(batch.get("aliased").cox().terms()).filteredOn(AnalysisResult.CoxTerm::aliased)
                .extracting(AnalysisResult.CoxTerm::term).containsExactly("radiotherapyyes", "positive-nodes");
        assertThat(batch.get("aliased-t-stage").cox().terms()).filteredOn(AnalysisResult.CoxTerm::aliased)
                .isNotEmpty();
        assertThat(batch.get("empty").subjects()).isZero();
        assertThat(batch.get("empty").cox().n()).isZero();
        assertThat(batch.get("same-day").logRank().chiSquare()).isNull();
        assertThat(batch.get("competing-edge").fineGray()).isNotNull();
        assertThat(batch.get("competing-edge").groups().get(0).cumulativeIncidence()).hasSize(2);
        assertThat(batch.get("competing-empty").grayTest()).isEmpty();
    }

    /** With the privacy minimum on, a cohort below it publishes no model on either path (nor its counts). */
    @Property(tries = 1)
    void aSuppressedCohortPublishesNoCoxModelOnEitherPath(@ForAll @LongRange(min = 1, max = 1_000_000) long seed)
            throws Exception {
        Path dir = Files.createTempDirectory("stream-batch-private");
        List<ClinicalEvent> registry = new ArrayList<>();
        new RegistryImporter(RegistryImporter.Options.defaults()).forEachEvent(EDGE_REGISTRY, registry::add);
        Map<String, AnalysisResult> batch = assertStreamingEqualsBatch(EDGE_ANALYSES,
                StreamFixtures.scramble(registry, seed), dir, seed, 11);
        assertThat(batch.get("empty").suppressed()).isTrue();
        assertThat(batch.get("empty").cox()).isNull();
        assertThat(batch.get("complete-cases").cox()).isNotNull();
    }

    private static Map<String, AnalysisResult> assertStreamingEqualsBatch(List<AnalysisDefinition> analyses,
            List<ClinicalEvent> events, Path dir, long seed) throws Exception {
        return assertStreamingEqualsBatch(analyses, events, dir, seed, 0);
    }

    /** Streams the events through the topology and compares every analysis with the batch; returns the batch. */
    private static Map<String, AnalysisResult> assertStreamingEqualsBatch(List<AnalysisDefinition> analyses,
            List<ClinicalEvent> events, Path dir, long seed, int minCellSize) throws Exception {
        Map<String, AnalysisResult> batch = new LinkedHashMap<>();
        // What the stream's release stage publishes is the batch results as disclosure control releases them.
        List<AnalysisResult> complete = BatchAnalysis.run(StreamFixtures.jsonLines(events, dir.resolve("events.jsonl")),
                analyses, RegistryImporter.Options.defaults(), minCellSize,
                new org.followupmonitor.alerts.SequentialMonitoring(), n -> { }).results();
        org.followupmonitor.privacy.Disclosure.release(analyses, complete, minCellSize)
                .forEach(r -> batch.put(r.name(), r));
        Map<String, AnalysisResult> completeByName = new LinkedHashMap<>();
        complete.forEach(r -> completeByName.put(r.name(), r));

        SchemaRegistryClient registry = StreamFixtures.registry();
        CohortProcessor.Settings s = StreamFixtures.SETTINGS;
        // With disclosure control a release round plans for seconds (against the history): paced by its real cost, as
        // in the app, the replay makes a few of them, not one per wall-clock advance. The final release, compared
        // below, allows for whatever history the rounds made.
        CohortProcessor.Settings settings = new CohortProcessor.Settings(s.debounce(), s.coxInterval(), minCellSize,
                s.flushInterval(), s.cohortPartitions()).withPacing(minCellSize > 0 ? Pacing.REAL : s.pacing());
        try (TopologyTestDriver driver = new TopologyTestDriver(
                TopologyFactory.build(analyses, StreamFixtures.serdes(registry), settings,
                        new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), ResultListener.NONE),
                StreamFixtures.driverProperties(), Instant.parse("2026-01-01T00:00:00Z"))) {
            StreamFixtures.replay(driver, registry, events, Instant.parse("2026-01-01T00:00:00Z"), 97);
            KeyValueStore<String, AnalysisResult> results = driver.getKeyValueStore(Names.RESULTS_STORE);
            // With disclosure control, the stream plans each release with the releases before it as context
            // (ReleaseHistory), so its final release may withhold more than analyze: it is then the batch's
            // complete results under the units it shows withheld, and those include every unit analyze withholds.
            Set<String> streamUnits = new TreeSet<>();
            Set<String> batchUnits = new TreeSet<>();
            for (AnalysisDefinition def : analyses) {
                streamUnits.addAll(Disclosure.withheld(def, results.get(def.name())));
                batchUnits.addAll(Disclosure.withheld(def, batch.get(def.name())));
            }
            // A unit is withheld by the stream when it or its whole analysis is (a stream whose history made it
            // withhold a subset analysis whole has also withheld every group and total of it).
            assertThat(batchUnits.stream().filter(u -> !withheldWithin(u, streamUnits)).toList())
                    .as("withheld by analyze but published by the stream (seed %d)", seed).isEmpty();
            for (AnalysisDefinition def : analyses) {
                AnalysisResult streamed = results.get(def.name());
                AnalysisResult expected = minCellSize <= 0 || streamUnits.equals(batchUnits) ? batch.get(def.name())
                        : Disclosure.apply(def, completeByName.get(def.name()), streamUnits, minCellSize);
                assertThat(ResultDiff.first(expected, streamed)).as(def.name() + " (seed " + seed + ")").isNull();
                assertThat(streamed).isEqualTo(expected);
            }
            if (!streamUnits.equals(batchUnits)) {
                System.out.printf("StreamingEqualsBatchTopologyTest seed %d: the stream's final release also "
                        + "withholds %s (release history)%n", seed, streamUnits.stream()
                        .filter(u -> !batchUnits.contains(u)).toList());
            }
        }
        return batch;
    }

    /** Whether {@code unit} ({@code kind|filter|groupBy[|level]}) is among {@code units} or inside a whole one. */
    private static boolean withheldWithin(String unit, Set<String> units) {
        String[] p = unit.split("\\|", -1);
        return units.contains(unit) || (p[0].equals("group") || p[0].equals("totals"))
                && units.contains("whole|" + p[1] + "|" + p[2]);
    }
}
