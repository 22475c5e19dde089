package org.followupmonitor.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.followupmonitor.events.avro.ReceptorStatus;
import org.followupmonitor.events.avro.Subtype;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** St Gallen 2013 surrogate definitions, one row per rule (empty cell = not recorded). */
class SubtypeRulesTest {

    @ParameterizedTest(name = "ER {0} PR {1} HER2 {2} Ki-67 {3} grade {4} explicit {5} -> {6}")
    @CsvSource(nullValues = "", textBlock = """
            # er,      pr,       her2,     ki67, grade, explicit,        expected
            positive,  positive, negative, 10,   1,     ,                luminal-a
            positive,  positive, negative, 19.9, ,      ,                luminal-a
            positive,  positive, negative, ,     2,     ,                luminal-a
            positive,  positive, negative, 20,   1,     ,                luminal-b
            positive,  positive, negative, 5,    3,     ,                luminal-b
            positive,  negative, negative, 5,    1,     ,                luminal-b
            positive,  unknown,  negative, 5,    1,     ,                unknown
            positive,  positive, negative, ,     ,      ,                unknown
            negative,  positive, negative, 30,   2,     ,                luminal-b
            positive,  positive, positive, 10,   1,     ,                luminal-b-her2
            unknown,   positive, positive, ,     ,      ,                luminal-b-her2
            negative,  negative, positive, 50,   3,     ,                her2-enriched
            negative,  negative, negative, 80,   3,     ,                triple-negative
            negative,  negative, negative, ,     ,      ,                triple-negative
            unknown,   negative, negative, 80,   3,     ,                unknown
            unknown,   unknown,  negative, ,     ,      ,                unknown
            negative,  negative, unknown,  ,     ,      ,                unknown
            positive,  positive, unknown,  ,     ,      ,                unknown
            negative,  negative, negative, 80,   3,     luminal-a,       luminal-a
            unknown,   unknown,  unknown,  ,     ,      her2-enriched,   her2-enriched
            """)
    void classifiesByTheStGallenSurrogateRules(String er, String pr, String her2, Double ki67, Integer grade,
            String explicit, String expected) {
        Subtype explicitSubtype = explicit == null ? null : Labels.parse(Subtype.class, explicit);
        Payload.Diagnosis d = new Payload.Diagnosis(50, grade, 2, 1, 0, Labels.parse(ReceptorStatus.class, er),
                Labels.parse(ReceptorStatus.class, pr), Labels.parse(ReceptorStatus.class, her2), ki67,
                explicitSubtype, List.of("bone"));
        assertThat(SubtypeRules.classify(d).map(Labels::label).orElse("unknown")).isEqualTo(expected);
    }
}
