package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.StoreBuilder;
import org.followupmonitor.analysis.AnalysesLoader;
import org.junit.jupiter.api.Test;

/**
 * Every state store of the topology has a changelog whose segments the log cleaner can close and compact
 * ({@link ChangelogTopics}), and each segment can hold the largest record its store writes (else the broker would
 * reject the batch and the stream thread would die).
 */
class ChangelogTopicsTest {
    /** Kafka's lower limit of {@code segment.bytes}. */
    private static final int KAFKA_MIN_SEGMENT_BYTES = 1024 * 1024;

    @Test
    void everyStoreOfTheTopologyHasItsChangelogConfigured() {
        Set<String> configured = TopologyFactory.stores().stream().map(StoreBuilder::name)
                .collect(Collectors.toCollection(TreeSet::new));
        TopologyDescription description = StreamFixtures.topology(AnalysesLoader.loadDefault().analyses(),
                StreamFixtures.registry(), ResultListener.NONE).describe();
        Set<String> inTopology = new TreeSet<>();
        for (TopologyDescription.Subtopology s : description.subtopologies()) {
            for (TopologyDescription.Node n : s.nodes()) {
                if (n instanceof TopologyDescription.Processor p) {
                    inTopology.addAll(p.stores());
                }
            }
        }
        assertThat(configured).isEqualTo(inTopology).hasSize(9);
    }

    @Test
    void segmentsAreSmallRollHourlyAndHoldTheLargestRecord() {
        for (StoreBuilder<?> b : TopologyFactory.stores()) {
            assertThat(b.loggingEnabled()).as(b.name()).isTrue();
            Map<String, String> c = b.logConfig();
            int segment = Integer.parseInt(c.get(TopicConfig.SEGMENT_BYTES_CONFIG));
            int maxMessage = Integer.parseInt(c.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG));
            assertThat(segment).as(b.name()).isBetween(KAFKA_MIN_SEGMENT_BYTES, 16 * 1024 * 1024)
                    .isGreaterThanOrEqualTo(2 * maxMessage);
            assertThat(Long.parseLong(c.get(TopicConfig.SEGMENT_MS_CONFIG))).as(b.name()).isEqualTo(3_600_000L);
            // Streams sets compaction itself; a store must not turn it off (or on delete: records would be lost).
            assertThat(c).as(b.name()).doesNotContainKey(TopicConfig.CLEANUP_POLICY_CONFIG);
        }
    }

    @Test
    void cohortStoresHaveSmallSegmentsAndResultStoresTakeAWholeResult() {
        Map<String, Map<String, String>> byStore = TopologyFactory.stores().stream()
                .collect(Collectors.toMap(StoreBuilder::name, StoreBuilder::logConfig));
        for (String small : new String[] {Names.COHORT_STATE_STORE, Names.COHORT_SUBJECTS_STORE}) {
            assertThat(byStore.get(small).get(TopicConfig.SEGMENT_BYTES_CONFIG)).as(small)
                    .isEqualTo(String.valueOf(4 * 1024 * 1024));
        }
        for (String results : new String[] {Names.RESULTS_STORE, Names.UNRELEASED_STORE, Names.WINDOW_STORE}) {
            assertThat(byStore.get(results).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)).as(results)
                    .isEqualTo(String.valueOf(TopologyFactory.MAX_RESULT_BYTES));
        }
    }

    /**
     * The release-inputs topic the app creates: compacted (nothing else purges it), taking a whole result, with the
     * segments of the result stores; the front keys an "unchanged" notice apart from the analysis' results, so the
     * cleaner never replaces a result by a notice.
     */
    @Test
    void releaseInputsIsCompactedTakesAWholeResultAndKeysNoticesApart() {
        Map<String, String> c = TopologyFactory.releaseInputsConfigs();
        assertThat(c.get(TopicConfig.CLEANUP_POLICY_CONFIG)).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        assertThat(c.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)).isEqualTo(String.valueOf(TopologyFactory.MAX_RESULT_BYTES));
        assertThat(Integer.parseInt(c.get(TopicConfig.SEGMENT_BYTES_CONFIG)))
                .isGreaterThanOrEqualTo(2 * TopologyFactory.MAX_RESULT_BYTES);
        assertThat(c.get(TopicConfig.SEGMENT_MS_CONFIG)).isEqualTo("3600000");
        // Analysis names are lower-case letters, digits and hyphens: a control character keeps the keys apart.
        assertThat(TopologyFactory.NOTICE_KEY_SUFFIX).startsWith("\u001F");
    }
}
