package org.followupmonitor.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.followupmonitor.analysis.AnalysisResult.CoxSummary;
import org.followupmonitor.analysis.AnalysisResult.CoxTerm;
import org.followupmonitor.analysis.AnalysisResult.CurvePoint;
import org.followupmonitor.analysis.AnalysisResult.GroupResult;
import org.followupmonitor.analysis.AnalysisResult.LogRankSummary;
import org.followupmonitor.analysis.AnalysisResult.Median;
import org.followupmonitor.analysis.AnalysisResult.Milestone;
import org.followupmonitor.analysis.AnalysisResult.MilestoneComparison;
import org.followupmonitor.analysis.AnalysisResult.MonitoringStatus;
import org.followupmonitor.analysis.AnalysisResult.RestrictedMean;
import org.followupmonitor.analysis.AnalysisResult.Test;
import org.followupmonitor.analysis.avro.CohortComparison;
import org.followupmonitor.analysis.avro.SurvivalEstimates;

class ResultAvroTest {
    static AnalysisResult full() {
        LogRankSummary lr = new LogRankSummary(7.5, 1, 0.0062, true, 0, List.of(30.0, 12.0), List.of(22.1, 19.9));
        GroupResult a = new GroupResult("surgery", false, 237, 37,
                List.of(new CurvePoint(10, 237, 1, 0, 0.9957805907, 0.0042, 0.9876, 1.0),
                        new CurvePoint(20, 236, 0, 2, 0.9957805907, 0.0042, null, null)),
                List.of(new Milestone(365, 200, 0.85, 0.023, 0.80, 0.89), new Milestone(1826, null, null, null, null, null)),
                new Median(null, 1200.0, null), new RestrictedMean(1826, 1500.25, 30.5));
        GroupResult b = GroupResult.suppressed("no-surgery");
        CoxSummary cox = new CoxSummary("efron", 400, 80,
                List.of(new CoxTerm("grade1", "grade", "1", "3", false, false, -0.5, 0.2, 0.606, 0.41, 0.9, 0.012),
                        new CoxTerm("age", "age", null, null, false, false, 0.01, 0.005, 1.01, 1.0, 1.02, null),
                        new CoxTerm("t-stage1", "t-stage", "1", "4", false, true, null, null, null, null, null, null)),
                new Test(12.0, 2, 0.0025), new Test(11.0, 2, 0.004), new Test(11.5, 2, 0.0032), 0.64, false,
                List.of("Ran out of iterations"),
                List.of(new CoxTerm("grade1", "grade", "1", "3", true, false, null, null, null, null, null, null)),
                List.of(), null, List.of(), null, null, null, List.of(), new AnalysisResult.Basis("2020-05-31", 400, 80,
                true));
        AnalysisResult.Basis now = new AnalysisResult.Basis("2020-06-30", 421, 84, false);
        List<AnalysisResult.Look> looks = List.of(
                new AnalysisResult.Look(1, "2019-01-02", 64, 0.0503, null, null, 1e-20, false, false),
                new AnalysisResult.Look(2, "2020-02-03", 1300, 1.0, -2.5, 1.97, 0.05, true, true));
        AnalysisResult.FollowUp followUp = new AnalysisResult.FollowUp(337, 0.867,
                List.of(new AnalysisResult.Overdue(455, 53)),
                List.of(new AnalysisResult.MilestoneCompleteness(1826, List.of(
                        new AnalysisResult.GroupCompleteness("surgery", 0.91),
                        new AnalysisResult.GroupCompleteness("no-surgery", null)))), now);
        return new AnalysisResult(2, "os-by-arm", "overall-survival", "index", "arm", List.of("subtype"),
                new AnalysisResult.Confidence("log-log", 0.9), "2020-06-30", 421, 84, 12, Map.of("NO_ORIGIN_EVENT", 2), false, List.of(a, b), lr,
                List.of(new MilestoneComparison(365, lr, 1.96, 0.05), new MilestoneComparison(730, null, null, null)),
                cox, new MonitoringStatus(1272, 1300, 1.0, "obrien-fleming", 0.05, 0.05, 2.1, 1.97, true, looks, now),
                followUp);
    }

    /** A result with every part of issue 16's Cox additions: strata, cluster, robust numbers, PH, fixed, curves. */
    static AnalysisResult timeVarying() {
        AnalysisResult base = full();
        AnalysisResult.ProportionalHazards ph = new AnalysisResult.ProportionalHazards("km",
                List.of(new AnalysisResult.PhTest("arm", 1.9, 1, 0.167), new AnalysisResult.PhTest("grade", null, 2, null)),
                new AnalysisResult.PhTest("GLOBAL", 9.2, 3, 0.027));
        CoxTerm arm = new CoxTerm("armsurgery", "arm", "surgery", "no-surgery", false, false, -0.85, 0.3, 0.2, 0.43,
                0.29, 0.63, 0.00002);
        CoxSummary cox = new CoxSummary("efron", 193, 38, List.of(arm), new Test(27.3, 3, 0.0041), new Test(25.3, 3,
                0.008), new Test(28.1, 3, 0.003), 0.72, true, List.of(), List.of(arm), List.of("grade"), "site",
                List.of("arm"), new Test(5.2, 3, 0.16), ph, new AnalysisResult.FixedModel(List.of(arm), true, ph),
                List.of(new AnalysisResult.SimonMakuch("arm", List.of(
                        new AnalysisResult.ExposureGroup("no-surgery", false, 421, 47,
                                List.of(new CurvePoint(5, 421, 1, 0, 0.9976, 0.0024, 0.993, 1.0))),
                        new AnalysisResult.ExposureGroup("surgery", true, null, null, List.of())))), null);
        return new AnalysisResult(1, "os-tv", base.endpoint(), "systemic-control", null, List.of(), base.confidence(),
                base.asOf(), base.subjects(), base.events(), 0, base.excluded(), false, base.groups(), null, List.of(),
                cox, null, null);
    }

    private static <T extends SpecificRecord> T throughBytes(T record, Class<T> type) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<T>(record.getSchema()).write(record, enc);
        enc.flush();
        BinaryDecoder dec = DecoderFactory.get().binaryDecoder(out.toByteArray(), null);
        return new SpecificDatumReader<>(type).read(null, dec);
    }

    @org.junit.jupiter.api.Test
    void splitIntoTheTwoTopicsAndJoinedBackIsLosslessThroughAvroBytes() throws Exception {
        AnalysisResult r = full();
        SurvivalEstimates e = throughBytes(ResultAvro.estimates(r), SurvivalEstimates.class);
        CohortComparison c = throughBytes(ResultAvro.comparison(r), CohortComparison.class);
        assertThat(ResultAvro.join(e, c)).isEqualTo(r);
        assertThat(e.getGroups().get(1).getCurve()).isEmpty();
        assertThat(e.getGroups().get(1).getN()).isNull();
    }

    @org.junit.jupiter.api.Test
    void jsonRoundTripIsLossless() {
        AnalysisResult r = full();
        assertThat(ResultJson.read(ResultJson.write(r))).isEqualTo(r);
        assertThat(ResultJson.write(r)).contains("\"estimate\":null");
    }

    @org.junit.jupiter.api.Test
    void timeVaryingStratifiedClusteredCoxWithItsTestsAndCurvesRoundTripsThroughAvroAndJson() throws Exception {
        AnalysisResult r = timeVarying();
        SurvivalEstimates e = throughBytes(ResultAvro.estimates(r), SurvivalEstimates.class);
        CohortComparison c = throughBytes(ResultAvro.comparison(r), CohortComparison.class);
        assertThat(ResultAvro.join(e, c)).isEqualTo(r);
        assertThat(c.getCox().getProportionalHazards().getGlobal().getPValue()).isEqualTo(0.027);
        assertThat(ResultJson.read(ResultJson.write(r))).isEqualTo(r);
        assertThat(ResultJson.write(r)).contains("\"robustSe\":0.2").contains("\"cluster\":\"site\"");
    }

    /** The bundled competing-risks analysis: cumulative incidences, Gray's tests and the Fine-Gray model. */
    @org.junit.jupiter.api.Test
    void competingRisksPartsRoundTripThroughAvroAndJson() throws Exception {
        AnalysisDefinition def = AnalysesLoader.loadDefault().find("recurrence-competing-by-arm").orElseThrow();
        AnalysisResult r = BatchAnalysis.run(java.nio.file.Path.of("examples/study-cohort.csv"), List.of(def),
                org.followupmonitor.events.file.RegistryImporter.Options.defaults(), 11, Monitor.NONE, n -> { })
                .results().get(0);
        assertThat(r.groups().get(0).cumulativeIncidence()).hasSize(2);
        assertThat(r.grayTest()).hasSize(2);
        assertThat(r.fineGray().terms()).hasSize(1);
        SurvivalEstimates e = throughBytes(ResultAvro.estimates(r), SurvivalEstimates.class);
        CohortComparison c = throughBytes(ResultAvro.comparison(r), CohortComparison.class);
        assertThat(ResultAvro.join(e, c)).isEqualTo(r);
        assertThat(ResultJson.read(ResultJson.write(r))).isEqualTo(r);
    }

    @org.junit.jupiter.api.Test
    void refusesToJoinDifferentAnalyses() {
        AnalysisResult r = full();
        CohortComparison other = ResultAvro.comparison(r);
        other.setAnalysis("dfs-by-arm");
        assertThatThrownBy(() -> ResultAvro.join(ResultAvro.estimates(r), other))
                .hasMessageContaining("different analyses");
    }
}
