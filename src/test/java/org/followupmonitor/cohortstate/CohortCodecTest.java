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

    @Test
    void theRangeOfARangedResetRoundTrips() {
        Serde<CohortDelta> serde = CohortCodec.deltas();
        for (CohortDelta.Range range : List.of(CohortDelta.Range.ALL, new CohortDelta.Range("", "0f"),
                new CohortDelta.Range("0f", "a0"), new CohortDelta.Range("a0", null), new CohortDelta.Range("c", "c"))) {
            String inside = range.from().isEmpty() ? "0" : range.from();
            List<CohortDelta.Subject> subjects = range.contains(inside)
                    ? List.of(new CohortDelta.Subject(inside, new SubjectEntry(ROW, null, null))) : List.of();
            CohortDelta delta = new CohortDelta("os", 3, range.from().isEmpty(), range.to() == null, -1,
                    List.of(new CohortDelta.Block("surgery", "", 2, counts(4, 1, 1))), List.of(), true, "2021-06-01",
                    subjects, range);
            CohortDelta read = serde.deserializer().deserialize("t", serde.serializer().serialize("t", delta));
            assertThat(read).isEqualTo(delta);
            assertThat(read.range()).isEqualTo(range);
        }
    }

    /**
     * The range rides in format 5 (CohortCodec's comment, README): flag bits 16 and 32 and bounds after the subjects.
     * A record without a range is byte for byte what the builds before ranges wrote, and reads with no range; a
     * ranged record is that record with two more flag bits and the bounds appended, which those builds' reader (it
     * ignores flag bits it does not know and bytes after the subjects) reads as the same delta without its range.
     */
    @Test
    void aRangeIsAddedWithinFormatFiveAndARecordOfTheBuildsBeforeRangesStillReads() {
        Serde<CohortDelta> serde = CohortCodec.deltas();
        // version 5; analysis "a" (2-byte length); source 1; flags: last; offset -1 (zigzag 1); no labels, blocks or
        // exclusions; one subject "s1" (2-byte length), absent (removed).
        String before = "05" + "000161" + "01" + "02" + "01" + "00" + "00" + "00" + "01" + "00027331" + "00";
        CohortDelta unranged = new CohortDelta("a", 1, false, true, -1, List.of(), List.of(), false, null,
                List.of(new CohortDelta.Subject("s1", null)));
        CohortDelta old = serde.deserializer().deserialize("t", HexFormat.of().parseHex(before));
        assertThat(old).isEqualTo(unranged);
        assertThat(old.range()).isNull();
        assertThat(HexFormat.of().formatHex(serde.serializer().serialize("t", unranged))).isEqualTo(before);

        CohortDelta ranged = new CohortDelta("a", 1, false, true, -1, List.of(), List.of(), false, null,
                List.of(new CohortDelta.Subject("s1", null)), new CohortDelta.Range("", "t"));
        // flags 2 | 16 (range) | 32 (bounded above) = 0x32; then the start "" and the end "t" (varint length, UTF-8).
        String after = "05" + "000161" + "01" + "32" + "01" + "00" + "00" + "00" + "01" + "00027331" + "00" + "00"
                + "0174";
        assertThat(HexFormat.of().formatHex(serde.serializer().serialize("t", ranged))).isEqualTo(after);
        assertThat(after.substring(0, before.length()).replaceFirst("^(05000161" + "01)32", "$102")).isEqualTo(before);
        CohortDelta open = new CohortDelta("a", 1, false, true, -1, List.of(), List.of(), false, null, List.of(),
                new CohortDelta.Range("s", null));
        // flags 2 | 16 = 0x12, no subjects; only the start "s" follows.
        assertThat(HexFormat.of().formatHex(serde.serializer().serialize("t", open)))
                .isEqualTo("05" + "000161" + "01" + "12" + "01" + "00" + "00" + "00" + "00" + "0173");
    }

    /**
     * The caught-up mark rides in format 5 as flag bit 64 (CohortCodec's comment): a record with it is the record
     * without it but for that bit, so a reader that ignores the bit reads the same delta without the mark; the mark
     * round-trips on a ranged reset record and on an otherwise empty one.
     */
    @Test
    void theCaughtUpMarkIsOneFlagBitWithinFormatFive() {
        Serde<CohortDelta> serde = CohortCodec.deltas();
        CohortDelta unmarked = new CohortDelta("a", 1, false, true, -1, List.of(), List.of(), false, null,
                List.of(new CohortDelta.Subject("s1", null)));
        String before = "05" + "000161" + "01" + "02" + "01" + "00" + "00" + "00" + "01" + "00027331" + "00";
        String marked = HexFormat.of().formatHex(serde.serializer().serialize("t", unmarked.withCaughtUp()));
        // flags 2 | 64 = 0x42; nothing else differs.
        assertThat(marked).isEqualTo("05" + "000161" + "01" + "42" + before.substring(12));
        assertThat(serde.deserializer().deserialize("t", HexFormat.of().parseHex(marked)).caughtUp()).isTrue();
        assertThat(serde.deserializer().deserialize("t", HexFormat.of().parseHex(before)).caughtUp()).isFalse();

        CohortDelta mark = CohortDelta.caughtUpMark("a", 2, 17);
        assertThat(mark.size()).isZero();
        assertThat(mark.reset()).isFalse();
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", mark))).isEqualTo(mark);
        CohortDelta rangedLast = new CohortDelta("os", 3, false, true, -1,
                List.of(new CohortDelta.Block("surgery", "", 2, counts(4, 1, 1))), List.of(), true, "2021-06-01",
                List.of(), new CohortDelta.Range("a0", null)).withCaughtUp();
        CohortDelta read = serde.deserializer().deserialize("t", serde.serializer().serialize("t", rangedLast));
        assertThat(read).isEqualTo(rangedLast);
        assertThat(read.caughtUp()).isTrue();
        assertThat(read.range()).isEqualTo(rangedLast.range());
    }

    @Test
    void aRangeHoldsOnlyItsSubjectsAndEndsNoEarlierThanItStarts() {
        CohortDelta.Range r = new CohortDelta.Range("4", "b");
        assertThat(r.contains("4")).isTrue();
        assertThat(r.contains("af")).isTrue();
        assertThat(r.contains("b")).isFalse();
        assertThat(r.contains("3f")).isFalse();
        assertThat(CohortDelta.Range.ALL.contains("")).isTrue();
        assertThatThrownBy(() -> new CohortDelta.Range("b", "4")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CohortDelta("a", 0, true, true, -1, List.of(), List.of(), false, null,
                List.of(new CohortDelta.Subject("c", null)), r)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside its range");
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

    /** An entry through the store's encoding with a fresh label table, and back with the same table. */
    private static SubjectEntry roundTrip(SubjectEntry e, Labels labels) {
        return CohortCodec.decodeEntry(CohortCodec.encodeEntry(e, labels), labels);
    }

    /** A row's cause travels with it: a death without recurrence (cause 2) is not a censoring. */
    @Test
    void aRowsCauseRoundTrips() {
        for (int cause = 0; cause <= 2; cause++) {
            SubjectEntry e = new SubjectEntry(new SubjectRow(90, cause == 1, "surgery", "", Map.of("arm", "surgery"),
                    Map.of(), Map.of(), cause), null, null);
            SubjectEntry back = roundTrip(e, new Labels(Labels.STORE_LIMIT));
            assertThat(back).isEqualTo(e);
            assertThat(back.row().cause()).isEqualTo(cause);
        }
    }

    /** With labels numbered, and with a full table (every label spelled out). */
    @Test
    void subjectEntriesShouldRoundTrip() {
        for (int limit : new int[] {Labels.STORE_LIMIT, 2, 0}) {
            Labels labels = new Labels(limit);
            for (SubjectEntry e : List.of(new SubjectEntry(ROW, FOLLOW_UP, CUTS), new SubjectEntry(ROW, null, null),
                    new SubjectEntry(null, FOLLOW_UP, null), new SubjectEntry(null, null, CUTS))) {
                assertThat(roundTrip(e, labels)).isEqualTo(e);
            }
            assertThat(labels.size()).isEqualTo(Math.min(limit, 7)); // surgery, grade=3, grade, 3, t-stage, 4, age
        }
    }

    /**
     * Format 5 byte by byte (README, Data flow, and the class comment): a change of the format without a new version
     * fails here.
     */
    @Test
    void formatFiveIsPinned() {
        Labels labels = new Labels(Labels.STORE_LIMIT);
        SubjectEntry e = new SubjectEntry(new SubjectRow(7, false, "all", "", Map.of("grade", "2"), Map.of()),
                new FollowUpRecord(LocalDate.of(2020, 1, 1), LocalDate.of(2020, 1, 11), true), null);
        // version 5; flags row|follow-up|dead; time 7; cause 0; group label 1 ("all"), stratum 2 (""); one factor:
        // labels 3 ("grade") and 4 ("2"); no numbers, no switches; start 18262 (zigzag 36524: ac 9d 02); +10 days
        // (zigzag 20).
        assertThat(HexFormat.of().formatHex(CohortCodec.encodeEntry(e, labels)))
                .isEqualTo("05" + "0b" + "07" + "00" + "01" + "02" + "01" + "0304" + "00" + "00" + "ac9d02" + "14");
        assertThat(List.of(labels.label(1), labels.label(2), labels.label(3), labels.label(4)))
                .containsExactly("all", "", "grade", "2");
        // The same with a full table: every label spelled out (code 0, length, UTF-8).
        assertThat(HexFormat.of().formatHex(CohortCodec.encodeEntry(e, new Labels(0))))
                .isEqualTo("05" + "0b" + "07" + "00" + "0003616c6c" + "0000" + "01" + "00056772616465" + "000132" + "00"
                        + "00" + "ac9d02" + "14");
        // A cut history: day 16000 then +200 and +100; rows "2 × time + 1 (+ 1 for an event)", none as 0.
        Labels cutLabels = new Labels(Labels.STORE_LIMIT);
        assertThat(HexFormat.of().formatHex(CohortCodec.encodeEntry(new SubjectEntry(null, null, CUTS), cutLabels)))
                .isEqualTo("0504" + "03" + "80fa01" + "01" + "0102" + "9003" + "920301" + "02" + "c801" + "00");
        assertThat(CohortCodec.encodeLabel("é")).containsExactly(5, 0xc3 - 256, 0xa9 - 256);
        assertThat(CohortCodec.decodeLabel(CohortCodec.encodeLabel("grade=3"))).isEqualTo("grade=3");
        assertThat(CohortCodec.VERSION).isEqualTo((byte) 5);
    }

    @Test
    void switchDaysOfTimeVaryingCovariatesRoundTripAndVersionTwoRecordsStillRead() {
        Labels labels = new Labels(Labels.STORE_LIMIT);
        SubjectEntry varying = new SubjectEntry(new SubjectRow(412, true, "all", "", Map.of("arm", "surgery"),
                Map.of(), Map.of("arm", 45, "chemotherapy", -12)), null, null);
        byte[] bytes = CohortCodec.encodeEntry(varying, labels);
        assertThat(bytes[0]).isEqualTo((byte) 5);
        assertThat(CohortCodec.decodeEntry(bytes, labels)).isEqualTo(varying);
        // A record written before switch days existed: version 2, the row's numbers followed by the follow-up flag
        // and the cut-history flag.
        byte[] v2 = {2, 1, 0, 0, 0, 7, 0, 0, 3, 'a', 'l', 'l', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThat(CohortCodec.decodeEntry(v2, new Labels(Labels.STORE_LIMIT)))
                .isEqualTo(new SubjectEntry(new SubjectRow(7, false, "all", "", Map.of(), Map.of()), null, null));
    }

    @Test
    void unknownVersionsTruncatedRecordsAndUnknownLabelsShouldFailWithAClearMessage() {
        Labels labels = new Labels(Labels.STORE_LIMIT);
        byte[] bytes = CohortCodec.encodeEntry(new SubjectEntry(ROW, FOLLOW_UP, CUTS), labels);
        byte[] nine = bytes.clone();
        nine[0] = 9;
        assertThatThrownBy(() -> CohortCodec.decodeEntry(nine, labels))
                .isInstanceOf(SerializationException.class).hasMessageContaining("format version 9");
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length / 2);
        assertThatThrownBy(() -> CohortCodec.decodeEntry(truncated, labels))
                .isInstanceOf(SerializationException.class).hasMessageContaining("cannot decode a subject entry");
        // Read with a table that lacks its labels (a store whose label entries were lost).
        assertThatThrownBy(() -> CohortCodec.decodeEntry(bytes, new Labels(Labels.STORE_LIMIT)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("label 1 is not among the 0 known");
        assertThatThrownBy(() -> CohortCodec.decodeLabel(new byte[] {4, 'a'}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("label format version 4");
        // A count past the bytes left is corrupt, not a reason to allocate.
        assertThatThrownBy(() -> CohortCodec.deltas().deserializer().deserialize("t",
                new byte[] {5, 0, 1, 'a', 0, 0, 0, (byte) 0xff, 0x7f}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("16383 items");
    }

    /**
     * Format-4 values as the builds before format 5 wrote them (the build before the cohort-state module: its
     * {@code stream.BinaryCodecs}, run on these values; the cohort-state module's first build wrote the same bytes):
     * stores and topics of those builds decode to the same values. Format 5 is pinned by {@link #formatFiveIsPinned}.
     */
    @Test
    void valuesWrittenByThePreviousBuildsDecode() {
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

        assertThat(CohortCodec.decodeEntry(hex.parseHex(entryHex), new Labels(Labels.STORE_LIMIT))).isEqualTo(entry);
        assertThat(CohortCodec.deltas().deserializer().deserialize("t", hex.parseHex(deltaHex))).isEqualTo(delta);
        assertThat(CohortCodec.blockCounts().deserializer().deserialize("t",
                hex.parseHex("0420030105000000010000000200000003"))).isEqualTo(competing);
        assertThat(CohortCodec.blockCounts().deserializer().deserialize("t", hex.parseHex("04010201000000495b00000001")))
                .isEqualTo(clock);

        // This build writes format 5: the same values, fewer bytes (varints; labels numbered).
        assertThat(CohortCodec.deltas().deserializer().deserialize("t",
                CohortCodec.deltas().serializer().serialize("t", delta))).isEqualTo(delta);
        assertThat(CohortCodec.deltas().serializer().serialize("t", delta).length)
                .isLessThan(hex.parseHex(deltaHex).length * 3 / 5);
        assertThat(hex.formatHex(CohortCodec.blockCounts().serializer().serialize("t", competing)))
                .isEqualTo("0520030105020406");
    }

    @Test
    void versionOneIsRejectedNamingTheVersionsRead() {
        byte[] v1 = {1, 0, 0, 0};
        assertThatThrownBy(() -> CohortCodec.decodeEntry(v1, new Labels(Labels.STORE_LIMIT)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("format version 1")
                .hasMessageContaining("reads 2 to 5");
    }

    @Test
    void anEntryNeedsARowFollowUpDatesOrACutHistory() {
        assertThatThrownBy(() -> new SubjectEntry(null, null, null)).hasMessageContaining("removed instead");
    }
}
