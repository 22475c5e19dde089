package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.events.file.RegistryImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReleaseInputsTest {
    private static List<AnalysisResult> results;

    @BeforeAll
    static void analyzeTheExample() throws Exception {
        results = BatchAnalysis.run(Path.of("examples/study-cohort.csv"), AnalysesLoader.loadDefault().analyses(),
                RegistryImporter.Options.defaults(), 11, new org.followupmonitor.alerts.SequentialMonitoring(),
                n -> { }).results();
    }

    /** A copy equal in value but a different object, as a round recomputes it. */
    private static AnalysisResult copy(AnalysisResult r) {
        ResultSerde serde = new ResultSerde();
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", r));
    }

    @Test
    void aResultEqualToTheLastOneWrittenIsNotWrittenAgainAndTheBytesWrittenAreTheResult() {
        ReleaseInputs inputs = new ReleaseInputs();
        for (AnalysisResult r : results) {
            byte[] first = inputs.toWrite(r);
            assertThat(first).as(r.name()).isNotNull();
            assertThat(UnreleasedSerde.decodeResult(first)).as(r.name()).isEqualTo(r);
        }
        for (AnalysisResult r : results) {
            assertThat(inputs.toWrite(copy(r))).as(r.name()).isNull();
        }
        assertThat(inputs.sent()).isEqualTo(results.size());
        assertThat(inputs.skipped()).isEqualTo(results.size());
    }

    @Test
    void aChangedResultIsAlwaysWrittenEvenWhenItReturnsToAnEarlierValue() {
        AnalysisResult r = results.get(0);
        AnalysisResult later = withAsOf(r, "2099-12-31");
        ReleaseInputs inputs = new ReleaseInputs();
        assertThat(inputs.toWrite(r)).isNotNull();
        assertThat(inputs.toWrite(later)).isNotNull();
        // Back to the first value (a retraction): the release stage holds "later", so this is a change again.
        assertThat(inputs.toWrite(copy(r))).isNotNull();
        assertThat(inputs.toWrite(copy(r))).isNull();
    }

    @Test
    void analysesAreComparedEachWithItsOwnLastResult() {
        AnalysisResult a = results.get(0);
        AnalysisResult b = results.get(1);
        ReleaseInputs inputs = new ReleaseInputs();
        assertThat(inputs.toWrite(a)).isNotNull();
        assertThat(inputs.toWrite(b)).isNotNull();
        assertThat(inputs.toWrite(copy(a))).isNull();
        assertThat(inputs.toWrite(copy(b))).isNull();
    }

    @Test
    void afterARestartEveryAnalysisIsWrittenAgainWhateverItsResult() {
        ReleaseInputs inputs = new ReleaseInputs();
        results.forEach(inputs::toWrite);
        inputs.restart();
        for (AnalysisResult r : results) {
            assertThat(inputs.toWrite(copy(r))).as(r.name()).isNotNull();
        }
    }

    private static AnalysisResult withAsOf(AnalysisResult r, String asOf) {
        return new AnalysisResult(r.formatVersion(), r.name(), r.endpoint(), r.origin(), r.groupBy(), r.strata(),
                r.confidence(), asOf, r.subjects(), r.events(), r.awaitingOrigin(), r.excluded(), r.suppressed(),
                r.groups(), r.logRank(), r.milestoneComparisons(), r.cox(), r.monitoring(), r.followUp(),
                r.grayTest(), r.fineGray());
    }
}
