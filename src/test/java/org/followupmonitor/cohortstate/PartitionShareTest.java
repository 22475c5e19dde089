package org.followupmonitor.cohortstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.followupmonitor.analysis.CohortAccumulator;
import org.followupmonitor.analysis.DataQualityFlag;
import org.followupmonitor.analysis.Derivation;
import org.followupmonitor.analysis.SubjectRow;
import org.junit.jupiter.api.Test;

/**
 * The partition share and its deltas against a naive oracle: whatever the order of changes, drains and
 * restarts (rebuild + reset), a downstream that applies the deltas as the cohort processor does holds exactly
 * the counts, exclusions, clock and subjects computed directly from the patients' current derivations.
 */
class PartitionShareTest {
    private static final DataQualityFlag[] FLAGS = {DataQualityFlag.EMPTY_TIMELINE, DataQualityFlag.OUTSIDE_FILTER,
        DataQualityFlag.NO_ORIGIN_EVENT, DataQualityFlag.MISSING_GROUP};

    private record Patient(Derivation derivation, LocalDate lastSeen) {}

    /** The cohort processor's view of one source, as plain maps. */
    private static final class Downstream {
        final Map<String, int[]> cells = new TreeMap<>();
        final Map<String, Integer> exclusions = new TreeMap<>();
        final Map<String, SubjectEntry> subjects = new TreeMap<>();
        String clock;
        boolean midFlush;

        void apply(CohortDelta d) {
            if (d.reset()) {
                cells.clear();
                exclusions.clear();
                clock = null;
                if (d.range() == null) {
                    subjects.clear();
                }
            }
            if (d.range() != null) {
                // A ranged record holds all its source has within its range.
                subjects.keySet().removeIf(d.range()::contains);
            }
            for (CohortDelta.Block b : d.blocks()) {
                int[] c = b.counts();
                for (int day = 0; day < CohortDelta.BLOCK_DAYS; day++) {
                    String k = b.group() + "/" + b.stratum() + "/" + (b.index() * CohortDelta.BLOCK_DAYS + day);
                    if (c[2 * day] == 0 && c[2 * day + 1] == 0) {
                        cells.remove(k);
                    } else {
                        cells.put(k, new int[] {c[2 * day], c[2 * day + 1]});
                    }
                }
            }
            for (CohortDelta.Exclusion x : d.exclusions()) {
                if (x.count() == 0) {
                    exclusions.remove(x.flag());
                } else {
                    exclusions.put(x.flag(), x.count());
                }
            }
            if (d.clockChanged()) {
                clock = d.clock();
            }
            for (CohortDelta.Subject s : d.subjects()) {
                if (s.entry() == null) {
                    subjects.remove(s.subject());
                } else {
                    subjects.put(s.subject(), s.entry());
                }
            }
            midFlush = !d.last();
        }
    }

    @Property(tries = 200)
    void deltasAppliedDownstreamEqualTheNaiveCohort(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 1, max = 7) int maxItems) {
        Random rnd = new Random(seed);
        Map<String, Patient> patients = new HashMap<>();
        PartitionShare share = new PartitionShare(true);
        Downstream down = new Downstream();
        for (int step = 0; step < 300; step++) {
            String id = "s" + rnd.nextInt(25);
            Patient old = patients.getOrDefault(id, new Patient(new Derivation.Excluded(DataQualityFlag.EMPTY_TIMELINE),
                    null));
            Patient now = randomPatient(rnd);
            share.add(old.derivation(), -1);
            share.add(now.derivation(), +1);
            share.subject(id, entry(now));
            patients.put(id, now);
            int action = rnd.nextInt(20);
            if (action < 3) {
                share.drain("a", 0, step, maxItems, clock(patients)).forEach(down::apply);
                assertThat(down.midFlush).isFalse();
            } else if (action == 3) {
                // A restart: the share is rebuilt from the patients (the timelines store) and sent whole.
                share = rebuilt(patients);
                share.drain("a", 0, step, maxItems, clock(patients)).forEach(down::apply);
            }
        }
        List<CohortDelta> last = share.drain("a", 0, 300, maxItems, clock(patients));
        assertThat(last).isNotEmpty();
        assertThat(last.subList(0, last.size() - 1)).allMatch(d -> !d.last() && d.size() == maxItems);
        assertThat(last.get(last.size() - 1).last()).isTrue();
        last.forEach(down::apply);
        Downstream oracle = new Downstream();
        naive(patients, oracle);
        assertThat(down.cells).usingRecursiveComparison().isEqualTo(oracle.cells);
        assertThat(down.exclusions).isEqualTo(oracle.exclusions);
        assertThat(down.clock).isEqualTo(oracle.clock);
        assertThat(down.subjects).isEqualTo(oracle.subjects);
        assertThat(share.hasChanges(clock(patients))).isFalse();
    }

    /**
     * A reset is ranged: the first record carries every count (even more than {@code maxItems}) and the clock, the
     * subjects follow in CohortKeys.SUBJECT_ORDER at most {@code maxItems} a record (the first: what is left beside the
     * counts), and the records' ranges tile the order from its start to its end, each holding its own subjects.
     */
    @Property(tries = 100)
    void aResetSendsTheSubjectsInOrderInRangesThatTileTheOrder(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 1, max = 9) int maxItems, @ForAll @IntRange(min = 0, max = 60) int n) {
        Random rnd = new Random(seed);
        Map<String, Patient> patients = new HashMap<>();
        for (int i = 0; i < n; i++) {
            patients.put(CohortKeys.subjectOf("p" + rnd.nextInt(1000)), randomPatient(rnd));
        }
        List<CohortDelta> reset = rebuilt(patients).drain("a", 4, -1, maxItems, clock(patients));

        CohortDelta first = reset.get(0);
        assertThat(first.reset()).isTrue();
        assertThat(first.clockChanged()).isTrue();
        assertThat(first.range().from()).isEmpty();
        assertThat(reset.get(reset.size() - 1).range().to()).isNull();
        assertThat(reset.get(reset.size() - 1).last()).isTrue();
        int counts = first.blocks().size() + first.exclusions().size();
        assertThat(first.subjects()).hasSize(Math.min(Math.max(0, maxItems - counts),
                (int) patients.values().stream().filter(p -> entry(p) != null).count()));
        List<String> sent = new java.util.ArrayList<>();
        for (int k = 0; k < reset.size(); k++) {
            CohortDelta d = reset.get(k);
            assertThat(d.range()).isNotNull();
            assertThat(d.source()).isEqualTo(4);
            if (k > 0) {
                assertThat(d.reset()).isFalse();
                assertThat(d.blocks()).isEmpty();
                assertThat(d.exclusions()).isEmpty();
                assertThat(d.clockChanged()).isFalse();
                assertThat(d.subjects()).isNotEmpty().hasSizeLessThanOrEqualTo(maxItems);
                assertThat(d.range().from()).isEqualTo(reset.get(k - 1).range().to())
                        .isEqualTo(d.subjects().get(0).subject());
                assertThat(reset.get(k - 1).last()).isFalse();
            }
            assertThat(d.subjects()).allMatch(x -> d.range().contains(x.subject()) && x.entry() != null);
            d.subjects().forEach(x -> sent.add(x.subject()));
        }
        assertThat(sent).isSortedAccordingTo(CohortKeys.SUBJECT_ORDER).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(patients.entrySet().stream().filter(e -> entry(e.getValue()) != null)
                        .map(Map.Entry::getKey).toList());
        // Every string falls in exactly one record's range.
        for (String probe : List.of("", "0", "7f", "ff", sent.isEmpty() ? "a" : sent.get(sent.size() / 2))) {
            assertThat(reset).filteredOn(d -> d.range().contains(probe)).hasSize(1);
        }
    }

    @Test
    void subjectOrderIsTheOrderOfTheSubjectsKeysInTheStore() {
        // UTF-8 byte order, which is code point order, not UTF-16 order: U+FF61 sorts before U+1F600 (a surrogate pair).
        assertThat(CohortKeys.SUBJECT_ORDER.compare("\uff61", "\ud83d\ude00")).isNegative();
        assertThat("\uff61".compareTo("\ud83d\ude00")).isPositive();
        assertThat(CohortKeys.SUBJECT_ORDER.compare("0a", "0a1")).isNegative();
        assertThat(CohortKeys.SUBJECT_ORDER.compare("a", "a")).isZero();
        List<String> hashes = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            hashes.add(CohortKeys.subjectOf("p" + i));
        }
        List<String> byKey = hashes.stream().map(h -> CohortKeys.subject("a", 3, h))
                .sorted(java.util.Comparator.comparing(k -> new org.apache.kafka.common.utils.Bytes(
                        k.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .map(k -> k.substring(CohortKeys.sourcePrefix("a", "s", 3).length())).toList();
        assertThat(hashes.stream().sorted(CohortKeys.SUBJECT_ORDER).toList()).isEqualTo(byKey);
    }

    @Test
    void aRetractionWithoutItsContributionIsABug() {
        PartitionShare share = new PartitionShare(false);
        SubjectRow r = new SubjectRow(3, true, "g", "", Map.of(), Map.of());
        assertThatThrownBy(() -> share.add(new Derivation.Row(r), -1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("below zero");
    }

    @Test
    void anAnalysisWithoutCoxOrFollowUpRuleKeepsNoSubjects() {
        PartitionShare share = new PartitionShare(false);
        SubjectRow r = new SubjectRow(3, true, "g", "", Map.of(), Map.of());
        share.add(new Derivation.Row(r), +1);
        share.subject("x", new SubjectEntry(r, null, null));
        List<CohortDelta> out = share.drain("a", 1, 7, 100, LocalDate.of(2020, 1, 1));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).subjects()).isEmpty();
        int[] expected = new int[2 * CohortDelta.BLOCK_DAYS];
        expected[6] = 1; // day 3: one event
        assertThat(out.get(0).blocks()).containsExactly(new CohortDelta.Block("g", "", 0, expected));
        assertThat(out.get(0).clock()).isEqualTo("2020-01-01");
        // Nothing changed since: the next drain carries only the offset.
        List<CohortDelta> again = share.drain("a", 1, 9, 100, LocalDate.of(2020, 1, 1));
        assertThat(again).singleElement().satisfies(d -> {
            assertThat(d.size()).isZero();
            assertThat(d.clockChanged()).isFalse();
            assertThat(d.inputOffset()).isEqualTo(9);
        });
    }

    private static PartitionShare rebuilt(Map<String, Patient> patients) {
        PartitionShare share = new PartitionShare(true);
        patients.forEach((id, p) -> {
            share.add(p.derivation(), +1);
            SubjectEntry e = entry(p);
            if (e != null) {
                share.subject(id, e);
            }
        });
        share.markReset();
        return share;
    }

    private static SubjectEntry entry(Patient p) {
        return p.derivation() instanceof Derivation.Row r ? new SubjectEntry(r.row(), null, null) : null;
    }

    private static Patient randomPatient(Random rnd) {
        LocalDate seen = rnd.nextInt(5) == 0 ? null : LocalDate.of(2020, 1, 1).plusDays(rnd.nextInt(40));
        if (rnd.nextInt(3) == 0) {
            DataQualityFlag flag = FLAGS[rnd.nextInt(FLAGS.length)];
            return new Patient(new Derivation.Excluded(flag), flag == DataQualityFlag.EMPTY_TIMELINE ? null : seen);
        }
        SubjectRow row = new SubjectRow(rnd.nextInt(70), rnd.nextBoolean(), rnd.nextBoolean() ? "a" : "b",
                rnd.nextBoolean() ? "" : "s=1", Map.of("grade", String.valueOf(1 + rnd.nextInt(3))), Map.of());
        return new Patient(new Derivation.Row(row), seen);
    }

    /** The partition clock as the timeline processor keeps it: the latest date of any patient with events. */
    private static LocalDate clock(Map<String, Patient> patients) {
        return patients.values().stream().map(Patient::lastSeen).filter(java.util.Objects::nonNull)
                .max(LocalDate::compareTo).orElse(null);
    }

    /** Counts straight from the derivations, by the batch rules. */
    private static void naive(Map<String, Patient> patients, Downstream out) {
        LocalDate clock = null;
        for (Map.Entry<String, Patient> e : patients.entrySet()) {
            Derivation d = e.getValue().derivation();
            if (d instanceof Derivation.Row r) {
                SubjectRow row = r.row();
                int[] c = out.cells.computeIfAbsent(row.group() + "/" + row.stratum() + "/" + row.timeDays(),
                        k -> new int[2]);
                c[row.event() ? 0 : 1]++;
                out.subjects.put(e.getKey(), new SubjectEntry(row, null, null));
            } else if (d instanceof Derivation.Excluded x && CohortAccumulator.reported(x.flag())) {
                out.exclusions.merge(x.flag().name(), 1, Integer::sum);
            }
            LocalDate seen = e.getValue().lastSeen();
            if (seen != null && CohortAccumulator.movesClock(d) && (clock == null || seen.isAfter(clock))) {
                clock = seen;
            }
        }
        out.clock = clock == null ? null : clock.toString();
    }
}
