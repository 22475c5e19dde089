package org.followupmonitor.cohortstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.followupmonitor.analysis.CutHistory;
import org.followupmonitor.analysis.FollowUpRecord;
import org.followupmonitor.analysis.SubjectRow;
import org.junit.jupiter.api.Test;

class CohortCodecTest {
    private static final SubjectRow ROW = new SubjectRow(412, true, "surgery", "grade=3",
            Map.of("grade", "3", "t-stage", "4"), Map.of("age", 52.5));
    private static final FollowUpRecord FOLLOW_UP = new FollowUpRecord(LocalDate.of(2015, 6, 1),
            LocalDate.of(2016, 7, 17), true);
    /** Not yet at the origin on the first day, then a row, then excluded (e.g. a conflicting death recorded). */
    private static final CutHistory CUTS = new CutHistory(new int[] {16_000, 16_200, 16_300},
            new int[] {0, 200, -1}, new boolean[] {false, true, false}, new String[] {"surgery", "surgery", null},
            new String[] {"grade=3", "grade=3", null});

    @Test
    void deltasShouldRoundTripEveryField() {
        CohortDelta delta = new CohortDelta("os-by-arm", 2, true, false, 12_345L,
                List.of(new CohortDelta.Block("surgery", "", 0, counts(0, 1, 0, 31, 2, 5)),
                        new CohortDelta.Block("no-surgery", "s=1", 9, counts())),
                List.of(new CohortDelta.Exclusion("NO_ORIGIN_EVENT", 3)), true, "2021-06-01",
                List.of(new CohortDelta.Subject("ab12", new SubjectEntry(ROW, FOLLOW_UP, CUTS)),
                        new CohortDelta.Subject("cd34", new SubjectEntry(null, FOLLOW_UP, null)),
                        new CohortDelta.Subject("ef56", new SubjectEntry(ROW, null, null)),
                        new CohortDelta.Subject("gone", null)));
        Serde<CohortDelta> serde = CohortCodec.deltas();
        byte[] bytes = serde.serializer().serialize("t", delta);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(delta);

        CohortDelta empty = new CohortDelta("x", 0, false, true, -1, List.of(), List.of(), false, null, List.of());
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", empty))).isEqualTo(empty);
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    /** A block's counts from (day, events, censored) triples. */
    private static int[] counts(int... triples) {
        int[] c = new int[2 * CohortDelta.BLOCK_DAYS];
        for (int i = 0; i < triples.length; i += 3) {
            c[2 * triples[i]] = triples[i + 1];
            c[2 * triples[i] + 1] = triples[i + 2];
        }
        return c;
    }

    @Test
    void blockCountsShouldRoundTripSparselyAndRejectNonsense() {
        Serde<int[]> serde = CohortCodec.blockCounts();
        int[] block = counts(3, 1, 0, 17, 0, 4);
        byte[] bytes = serde.serializer().serialize("t", block);
        assertThat(serde.deserializer().deserialize("t", bytes)).containsExactly(block);
        assertThat(bytes.length).isLessThan(4 * block.length); // two non-empty days of 32
        int[] pair = {20_000, 1}; // exclusions and the clock are one-day "blocks"
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", pair))).containsExactly(pair);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {2, 2, 3, 0, 0, 0, 1}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("lists 3");
    }

    /**
     * A competing-risks block has three counts a day (recurrences, deaths, censored) and says so; a version 3 block
     * (two counts a day, no stride byte) is still read.
     */
    @Test
    void competingBlocksCarryTheirCountsPerDayAndOlderBlocksStillRead() {
        Serde<int[]> serde = CohortCodec.blockCounts();
        int[] block = new int[3 * CohortDelta.BLOCK_DAYS];
        block[3 * 5] = 2;
        block[3 * 5 + 1] = 1;
        block[3 * 31 + 2] = 7;
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", block)))
                .containsExactly(block);
        byte[] v3 = {3, 32, 1, 4, 0, 0, 0, 1, 0, 0, 0, 2};
        int[] pairs = serde.deserializer().deserialize("t", v3);
        assertThat(pairs).hasSize(2 * CohortDelta.BLOCK_DAYS);
        assertThat(pairs[8]).isEqualTo(1);
        assertThat(pairs[9]).isEqualTo(2);
    }

    /** A row's cause travels with it: a death without recurrence (cause 2) is not a censoring. */
    @Test
    void aRowsCauseRoundTrips() {
        Serde<SubjectEntry> serde = CohortCodec.subjectEntries();
        for (int cause = 0; cause <= 2; cause++) {
            SubjectEntry e = new SubjectEntry(new SubjectRow(90, cause == 1, "surgery", "", Map.of("arm", "surgery"),
                    Map.of(), Map.of(), cause), null, null);
            SubjectEntry back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", e));
            assertThat(back).isEqualTo(e);
            assertThat(back.row().cause()).isEqualTo(cause);
        }
    }

    @Test
    void subjectEntriesShouldRoundTrip() {
        Serde<SubjectEntry> serde = CohortCodec.subjectEntries();
        for (SubjectEntry e : List.of(new SubjectEntry(ROW, FOLLOW_UP, CUTS), new SubjectEntry(ROW, null, null),
                new SubjectEntry(null, FOLLOW_UP, null), new SubjectEntry(null, null, CUTS))) {
            assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", e))).isEqualTo(e);
        }
    }

    @Test
    void switchDaysOfTimeVaryingCovariatesRoundTripAndVersionTwoRecordsStillRead() {
        Serde<SubjectEntry> serde = CohortCodec.subjectEntries();
        SubjectEntry varying = new SubjectEntry(new SubjectRow(412, true, "all", "", Map.of("arm", "surgery"),
                Map.of(), Map.of("arm", 45, "chemotherapy", -12)), null, null);
        byte[] bytes = serde.serializer().serialize("t", varying);
        assertThat(bytes[0]).isEqualTo((byte) 4);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(varying);
        // A record written before switch days existed: version 2, the row's numbers followed by the follow-up flag
        // and the cut-history flag.
        byte[] v2 = {2, 1, 0, 0, 0, 7, 0, 0, 3, 'a', 'l', 'l', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThat(serde.deserializer().deserialize("t", v2))
                .isEqualTo(new SubjectEntry(new SubjectRow(7, false, "all", "", Map.of(), Map.of()), null, null));
    }

    @Test
    void unknownVersionsAndTruncatedRecordsShouldFailWithAClearMessage() {
        Serde<SubjectEntry> serde = CohortCodec.subjectEntries();
        byte[] bytes = serde.serializer().serialize("t", new SubjectEntry(ROW, FOLLOW_UP, CUTS));
        bytes[0] = 9;
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", bytes))
                .isInstanceOf(SerializationException.class).hasMessageContaining("format version 9");
        byte[] good = serde.serializer().serialize("t", new SubjectEntry(ROW, FOLLOW_UP, CUTS));
        byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", truncated))
                .isInstanceOf(SerializationException.class).hasMessageContaining("cannot decode a subject entry");
    }

    /**
     * Format-4 values as the build before the cohort-state module wrote them (its {@code stream.BinaryCodecs}, run on
     * these values): stores and topics of that build decode to the same values, and this build writes the same bytes,
     * so a change of the format without a new version fails here.
     */
    @Test
    void valuesWrittenByThePreviousBuildDecodeAndTheFormatIsPinned() {
        HexFormat hex = HexFormat.of();
        SubjectRow row = new SubjectRow(412, true, "surgery", "grade=3", Map.of("grade", "3"), Map.of("age", 52.5),
                Map.of("arm", 45));
        SubjectEntry entry = new SubjectEntry(row, FOLLOW_UP, CUTS);
        CohortDelta delta = new CohortDelta("os", 1, true, true, 77L,
                List.of(new CohortDelta.Block("surgery", "", 2, counts(3, 1, 2))),
                List.of(new CohortDelta.Exclusion("NO_ORIGIN_EVENT", 3)), true, "2021-06-01",
                List.of(new CohortDelta.Subject("ab12", entry), new CohortDelta.Subject("gone", null)));
        int[] competing = new int[3 * CohortDelta.BLOCK_DAYS];
        competing[15] = 1; // day 5: one recurrence, two deaths, three censored
        competing[16] = 2;
        competing[17] = 3;
        int[] clock = {18_779, 1}; // a cohort-state clock marker: epoch day, present
        String entryHex = "04010000019c0101000773757267657279000767726164653d3300000001000567726164650001330000"
                + "00010003616765404a40000000000000000001000361726d0000002d0100000000000040cb00000000000042670101"
                + "0000000300003e800000000000000773757267657279000767726164653d3300003f48000000c801000773757267"
                + "657279000767726164653d3300003facffffffff";
        String deltaHex = "0400026f73000000010101000000000000004d0000000100077375726765727900000000000220020103000000"
                + "010000000200000001000f4e4f5f4f524947494e5f4556454e54000000030101000a323032312d30362d3031000000"
                + "0200046162313201" + entryHex.substring(2) + "0004676f6e6500";

        assertThat(CohortCodec.subjectEntries().deserializer().deserialize("t", hex.parseHex(entryHex)))
                .isEqualTo(entry);
        assertThat(CohortCodec.deltas().deserializer().deserialize("t", hex.parseHex(deltaHex))).isEqualTo(delta);
        assertThat(CohortCodec.blockCounts().deserializer().deserialize("t",
                hex.parseHex("0420030105000000010000000200000003"))).isEqualTo(competing);
        assertThat(CohortCodec.blockCounts().deserializer().deserialize("t", hex.parseHex("04010201000000495b00000001")))
                .isEqualTo(clock);

        assertThat(hex.formatHex(CohortCodec.subjectEntries().serializer().serialize("t", entry))).isEqualTo(entryHex);
        assertThat(hex.formatHex(CohortCodec.deltas().serializer().serialize("t", delta))).isEqualTo(deltaHex);
        assertThat(hex.formatHex(CohortCodec.blockCounts().serializer().serialize("t", competing)))
                .isEqualTo("0420030105000000010000000200000003");
        assertThat(CohortCodec.VERSION).isEqualTo((byte) 4);
    }

    @Test
    void versionOneIsRejectedNamingTheVersionsRead() {
        byte[] v1 = {1, 0, 0, 0};
        assertThatThrownBy(() -> CohortCodec.subjectEntries().deserializer().deserialize("t", v1))
                .isInstanceOf(SerializationException.class).hasMessageContaining("format version 1")
                .hasMessageContaining("reads 2 to 4");
    }

    @Test
    void anEntryNeedsARowFollowUpDatesOrACutHistory() {
        assertThatThrownBy(() -> new SubjectEntry(null, null, null)).hasMessageContaining("removed instead");
    }
}
