package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.analysis.ResultJson;
import org.followupmonitor.events.file.RegistryImporter;
import org.junit.jupiter.api.Test;

class ResultSerdeTest {
    @Test
    void everyDefaultAnalysisOfTheExampleRoundTripsExactlyAndSmallerThanJson() throws Exception {
        List<AnalysisResult> results = BatchAnalysis.run(Path.of("examples/study-cohort.csv"),
                AnalysesLoader.loadDefault().analyses(), RegistryImporter.Options.defaults(), 11,
                new org.followupmonitor.alerts.SequentialMonitoring(), n -> { }).results();
        ResultSerde serde = new ResultSerde();
        for (AnalysisResult r : results) {
            byte[] bytes = serde.serializer().serialize("t", r);
            assertThat(serde.deserializer().deserialize("t", bytes)).as(r.name()).isEqualTo(r);
            assertThat(bytes.length).as(r.name()).isLessThan(ResultJson.write(r).length());
        }
    }

    @Test
    void foreignBytesFailWithAClearMessage() {
        ResultSerde serde = new ResultSerde();
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", "{\"name\":1}".getBytes()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("not a stored analysis result");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {1, 0, 0, 9, 9, 1}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("truncated");
        assertThat(serde.serializer().serialize("t", null)).isNull();
    }
}
