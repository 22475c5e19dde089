package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.events.file.RegistryImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UnreleasedSerdeTest {
    private static List<AnalysisResult> results;
    private final UnreleasedSerde serde = new UnreleasedSerde();

    @BeforeAll
    static void example() throws Exception {
        results = BatchAnalysis.run(Path.of("examples/study-cohort.csv"), AnalysesLoader.loadDefault().analyses(),
                RegistryImporter.Options.defaults(), 0, new org.followupmonitor.alerts.SequentialMonitoring(),
                n -> { }).results();
    }

    private byte[] write(Unreleased u) {
        return serde.serializer().serialize(Names.RELEASE_INPUTS, u);
    }

    private Unreleased read(byte[] bytes) {
        return serde.deserializer().deserialize(Names.RELEASE_INPUTS, bytes);
    }

    @Test
    void everyDefaultAnalysisRoundTripsAndIsWrittenBackByteForByteWithoutDecoding() {
        for (AnalysisResult r : results) {
            Unreleased sent = new Unreleased(r.name(), r, Map.of(0, 17L, 2, 5L));
            byte[] bytes = write(sent);
            Unreleased read = read(bytes);
            assertThat(read.hasResult()).isTrue();
            // Stored again (the release stage's store) before anything decoded it: the same bytes.
            assertThat(write(read)).as(r.name()).isEqualTo(bytes);
            assertThat(read.result()).as(r.name()).isEqualTo(r);
            assertThat(read).isEqualTo(sent);
            assertThat(read.inputOffsets()).isEqualTo(Map.of(0, 17L, 2, 5L));
        }
    }

    @Test
    void aResultStandingThroughMoreInputKeepsItsBytesAndTakesTheLaterOffsets() {
        AnalysisResult r = results.get(0);
        Unreleased read = read(write(new Unreleased(r.name(), r, Map.of(0, 17L, 1, 3L))));
        Unreleased moved = read.through(Map.of(0, 12L, 1, 9L, 2, 4L));
        assertThat(moved.inputOffsets()).isEqualTo(Map.of(0, 17L, 1, 9L, 2, 4L));
        Unreleased again = read(write(moved));
        assertThat(again.inputOffsets()).isEqualTo(Map.of(0, 17L, 1, 9L, 2, 4L));
        assertThat(again.result()).isEqualTo(r);
    }

    @Test
    void aNoticeAndTheEndOfARoundStayWithoutAResult() {
        Unreleased notice = read(write(new Unreleased("os-by-arm", null, Map.of(1, 40L))));
        assertThat(notice.hasResult()).isFalse();
        assertThat(notice.result()).isNull();
        assertThat(notice.inputOffsets()).isEqualTo(Map.of(1, 40L));
        assertThat(read(write(Unreleased.endOfRound())).isEndOfRound()).isTrue();
        assertThat(write(null)).isNull();
    }

    @Test
    void truncatedOrForeignBytesFailWithAClearMessage() {
        AnalysisResult r = results.get(0);
        byte[] bytes = write(new Unreleased(r.name(), r, Map.of()));
        assertThatThrownBy(() -> read(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> read(new byte[] {9, 0, 1, 'x'}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("not an unreleased result");
        // Bytes that are whole but not a result fail where they are decoded, naming the format.
        Unreleased broken = Unreleased.encoded("x", new byte[] {7, 0, 0, 0, 0}, Map.of());
        assertThatThrownBy(broken::result).isInstanceOf(SerializationException.class)
                .hasMessageContaining("not a stored analysis result");
    }

    @Test
    void aResultOfAnotherFormatOrWithATruncatedFrameFailsAsTheRecordIsReadNotWhenReleased() {
        AnalysisResult r = results.get(0);
        byte[] good = write(new Unreleased(r.name(), r, Map.of(0, 3L)));
        int resultAt = good.length - new ResultSerde().serializer().serialize(Names.RELEASE_INPUTS, r).length;
        byte[] otherVersion = good.clone();
        otherVersion[resultAt] = 9; // the result's version byte
        assertThatThrownBy(() -> read(otherVersion)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("not a stored analysis result of format 1 (version byte 9)");
        byte[] longFrame = good.clone();
        longFrame[resultAt + 1] = 0x7f; // the first record's length now runs past the result's end
        assertThatThrownBy(() -> read(longFrame)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("truncated");
        assertThat(read(good).result()).isEqualTo(r);
    }
}
