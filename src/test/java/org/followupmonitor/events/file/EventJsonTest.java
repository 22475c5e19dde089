package org.followupmonitor.events.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.EventSamples;
import org.followupmonitor.events.Payload;
import org.followupmonitor.events.avro.ReceptorStatus;
import org.followupmonitor.events.avro.Subtype;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventJsonTest {

    @Test
    void everyPayloadTypeRoundTrips() throws Exception {
        for (ClinicalEvent e : EventSamples.onePerType()) {
            assertThat(EventJson.read(EventJson.write(e))).as(e.type()).isEqualTo(e);
        }
    }

    @Test
    void readsTheDocumentedFormWithLabelsAndDefaults() throws Exception {
        ClinicalEvent e = EventJson.read("""
                {"eventId":"e1","patientId":"p1","site":"khi","occurredOn":"2016-03-01","type":"diagnosis",
                 "payload":{"grade":2,"er":"positive","pr":"NEGATIVE","her2":"negative","subtype":"luminal-b-her2",
                 "metastasisSites":["Bone"]}}""".replace("\n", ""));
        assertThat(e.recordedAt()).isEqualTo(Instant.parse("2016-03-01T00:00:00Z"));
        assertThat(e.occurredOn()).isEqualTo(LocalDate.of(2016, 3, 1));
        Payload.Diagnosis d = (Payload.Diagnosis) e.payload();
        assertThat(d.grade()).isEqualTo(2);
        assertThat(d.pr()).isEqualTo(ReceptorStatus.NEGATIVE);
        assertThat(d.subtype()).isEqualTo(Subtype.LUMINAL_B_HER2);
        assertThat(d.metastasisSites()).containsExactly("bone");
        assertThat(d.age()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not json                      | {"eventId":                                                                                     | (record)
            missing id                    | {"patientId":"p","site":"s","occurredOn":"2016-01-01","type":"death"}                            | eventId
            bad date                      | {"eventId":"e","patientId":"p","site":"s","occurredOn":"2016-02-30","type":"death"}              | occurredOn
            unknown type                  | {"eventId":"e","patientId":"p","site":"s","occurredOn":"2016-01-01","type":"birth"}              | type
            unknown envelope field        | {"eventId":"e","patientId":"p","site":"s","occurredOn":"2016-01-01","type":"death","x":1}        | x
            unknown payload field         | {"eventId":"e","patientId":"p","site":"s","occurredOn":"2016-01-01","type":"death","payload":{"kause":"other"}} | payload.kause
            bad enum                      | {"eventId":"e","patientId":"p","site":"s","occurredOn":"2016-01-01","type":"death","payload":{"cause":"old-age"}} | payload.cause
            grade out of range            | {"eventId":"e","patientId":"p","site":"s","occurredOn":"2016-01-01","type":"diagnosis","payload":{"grade":4}} | payload.grade
            grade not a number            | {"eventId":"e","patientId":"p","site":"s","occurredOn":"2016-01-01","type":"diagnosis","payload":{"grade":"II"}} | payload.grade
            controlled missing            | {"eventId":"e","patientId":"p","site":"s","occurredOn":"2016-01-01","type":"systemic-response","payload":{}} | payload.diseaseControlled
            therapy missing               | {"eventId":"e","patientId":"p","site":"s","occurredOn":"2016-01-01","type":"therapy","payload":{}} | payload.therapy
            retraction without target     | {"eventId":"e","patientId":"p","site":"s","occurredOn":"2016-01-01","type":"retraction","payload":{}} | retractedEventId
            blank patient                 | {"eventId":"e","patientId":" ","site":"s","occurredOn":"2016-01-01","type":"death"}              | patientId
            year out of range             | {"eventId":"e","patientId":"p","site":"s","occurredOn":"1850-01-01"  ,"type":"death"}           | occurredOn
            bad recordedAt                | {"eventId":"e","patientId":"p","site":"s","occurredOn":"2016-01-01","recordedAt":"yesterday","type":"death"} | recordedAt
            """)
    void badInputNamesTheField(String description, String line, String field) {
        assertThatThrownBy(() -> EventJson.read(line)).isInstanceOf(EventFormatException.class)
                .satisfies(e -> assertThat(((EventFormatException) e).field()).isEqualTo(field));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            truncated object       | {"eventId":"e","patientId":"MRN-1"                     | not valid JSON at column 35: the line ends before the JSON object is closed
            unclosed text          | {"eventId":"e","patientId":"MRN-1                      | not valid JSON at column 34: the line ends inside a text value
            single quotes          | {'eventId':'e'}                                          | not valid JSON at column 2: unexpected character ''' (field names are written in double quotes)
            a CSV line             | MRN-1,2016-01-01                                         | not valid JSON at column 1: a value that is not JSON
            two objects            | {"eventId":"e"} {"eventId":"f"}                          | not valid JSON at column 17: more after the end of the JSON object
            repeated field         | {"eventId":"e","eventId":"f"}                            | not valid JSON at column 25: a field appears twice
            bare word              | {"eventId":MRN-1}                                        | not valid JSON at column 12: a value that is not JSON
            """)
    void syntaxErrorsSayWhereAndWhatInWordsWithoutParserInternalsOrTokens(String description, String line,
            String expected) {
        assertThatThrownBy(() -> EventJson.read(line)).isInstanceOf(EventFormatException.class)
                .satisfies(e -> assertThat(((EventFormatException) e).reason()).startsWith(expected)
                        .doesNotContain("MRN-1").doesNotContain("code ").doesNotContain("Source")
                        .doesNotContainIgnoringCase("exception").doesNotContain("token '"));
    }

    @Test
    void errorsNeverEchoThePatientId() {
        assertThatThrownBy(() -> EventJson.read("{\"eventId\":\"e\",\"patientId\":\"MRN-123456\",\"site\":\"s\","
                + "\"occurredOn\":\"2016-01-01\",\"type\":\"diagnosis\",\"payload\":{\"grade\":9}}"))
                .hasMessageNotContaining("MRN-123456");
    }
}
