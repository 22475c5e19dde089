package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.junit.jupiter.api.Test;

class AnalysisPartitionerTest {
    @Test
    void theBundledAnalysesAreSpreadEvenlyWhateverTheirOrder() {
        List<AnalysisDefinition> defs = AnalysesLoader.loadDefault().analyses();
        AnalysisPartitioner p = TopologyFactory.partitioner(defs);
        for (int n = 1; n <= 6; n++) {
            Map<Integer, Integer> perPartition = new TreeMap<>();
            for (AnalysisDefinition d : defs) {
                int part = p.partition(d.name(), n);
                assertThat(part).isBetween(0, n - 1);
                assertThat(p.partitions("t", d.name(), null, n)).contains(java.util.Set.of(part));
                perPartition.merge(part, 1, Integer::sum);
            }
            int most = perPartition.values().stream().max(Integer::compare).orElseThrow();
            int least = n > defs.size() ? 0 : perPartition.values().stream().min(Integer::compare).orElseThrow();
            assertThat(most - least).as("analyses per partition with %d partitions: %s", n, perPartition)
                    .isLessThanOrEqualTo(1);
        }
        List<String> reversed = new java.util.ArrayList<>(defs.stream().map(AnalysisDefinition::name).toList());
        java.util.Collections.reverse(reversed);
        AnalysisPartitioner q = new AnalysisPartitioner(reversed);
        defs.forEach(d -> assertThat(q.partition(d.name(), 3)).isEqualTo(p.partition(d.name(), 3)));
        // Unknown names fall back to a hash, always in range.
        assertThat(p.partition("not-configured", 3)).isBetween(0, 2);
    }
}
