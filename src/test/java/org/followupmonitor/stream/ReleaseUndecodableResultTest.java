package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A complete result whose bytes pass the frame check on receipt but do not decode is dropped at release for that
 * analysis alone: the other analyses keep releasing, and the dropped one goes on from its last release (or waits for
 * its next result), instead of every release being deferred.
 */
class ReleaseUndecodableResultTest {
    private static List<AnalysisDefinition> analyses;
    private static Map<String, AnalysisResult> results;

    @BeforeAll
    static void example() throws Exception {
        analyses = ReleaseStage.osAndDfsByArm();
        results = ReleaseStage.batchResults(analyses);
    }

    private static Unreleased received(String name, long offset) {
        return ReleaseStage.received(name, results.get(name), offset);
    }

    /** As received, but the first Avro record's body overwritten: the frame is whole, the content is not. */
    private static Unreleased corrupt(String name, long offset) {
        byte[] r = new ResultSerde().serializer().serialize(Names.RELEASE_INPUTS, results.get(name));
        Arrays.fill(r, 5, r.length, (byte) 0xff);
        ResultSerde.checkFrame(r); // passes the check on receipt
        return Unreleased.encoded(name, r, Map.of(0, offset));
    }

    @Test
    void anUndecodableResultOfOneAnalysisLetsTheOthersRelease() {
        ReleaseStage p = new ReleaseStage(analyses, 0, Runnable::run);
        p.send(corrupt("dfs-by-arm", 5), received("os-by-arm", 5));
        p.endRound();
        assertThat(p.published).containsExactly("os-by-arm");
        // Never released: the undecodable input is gone, not retried every round.
        assertThat(p.inputs.get("dfs-by-arm")).isNull();
        assertThat(p.inputs.get("os-by-arm").inputOffsets()).isEqualTo(Map.of(0, 5L));

        p.send(received("dfs-by-arm", 9));
        p.endRound();
        assertThat(p.published).containsExactly("os-by-arm", "dfs-by-arm");
    }

    @Test
    void anAnalysisWithAnUndecodableResultKeepsItsLastRelease() {
        ReleaseStage p = new ReleaseStage(analyses, 0, Runnable::run);
        p.send(received("dfs-by-arm", 5), received("os-by-arm", 5));
        p.endRound();
        assertThat(p.published).containsExactlyInAnyOrder("os-by-arm", "dfs-by-arm");

        p.send(corrupt("dfs-by-arm", 7), received("os-by-arm", 7));
        p.endRound();
        // os-by-arm's result is the same, now through offset 7; dfs-by-arm stands as last released (offset 5).
        assertThat(p.unchanged).containsExactly("os-by-arm {0=7}");
        assertThat(p.published).hasSize(2);
        assertThat(p.inputs.get("dfs-by-arm").inputOffsets()).isEqualTo(Map.of(0, 5L));
        assertThat(p.inputs.get("dfs-by-arm").result()).isEqualTo(results.get("dfs-by-arm"));
    }
}
