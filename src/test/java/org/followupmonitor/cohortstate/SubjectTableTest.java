package org.followupmonitor.cohortstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.followupmonitor.analysis.CutHistory;
import org.followupmonitor.analysis.FollowUpRecord;
import org.followupmonitor.analysis.SubjectRow;
import org.junit.jupiter.api.Test;

/** The in-memory subject table against a naive oracle: a HashMap of (source, subject) to entry. */
class SubjectTableTest {
    /** One operation: put (entry time >= 0), remove (-1) or remove the source (-2). */
    record Op(int source, String subject, int time) {}

    /**
     * An entry whose time is {@code time}, of one of four shapes by {@code time % 4}, so a table holds entries with and
     * without each optional column: a bare row; a row with follow-up dates and a cut history; no row (excluded now)
     * but a cut history; a row with covariates, numbers and switch days.
     */
    static SubjectEntry entry(int time) {
        CutHistory cuts = new CutHistory(new int[] {16_000 + time, 16_500 + time}, new int[] {time, -1},
                new boolean[] {time % 3 == 0, false}, new String[] {"surgery", null}, new String[] {"", null});
        return switch (time % 4) {
            case 0 -> new SubjectEntry(new SubjectRow(time, false, SubjectRow.ALL, "", Map.of(), Map.of()), null, null);
            case 1 -> new SubjectEntry(new SubjectRow(time, true, "surgery", "grade=3", Map.of(), Map.of()),
                    new FollowUpRecord(LocalDate.ofEpochDay(16_000 + time), LocalDate.ofEpochDay(16_400 + time),
                            time % 3 == 0), cuts);
            case 2 -> new SubjectEntry(null, null, cuts);
            default -> new SubjectEntry(new SubjectRow(time, false, "no-surgery", "", Map.of("grade", "2"),
                    Map.of("age", 40.0 + time), Map.of("arm", time - 20), 2), null, null);
        };
    }

    /** The time {@link #entry} was made with. */
    private static int time(SubjectEntry e) {
        return e.row() != null ? e.row().timeDays() : e.cuts().times()[0];
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        // Few subjects and sources, so puts replace, removes hit and probe runs collide and wrap; both kinds of
        // subject: 32 hex digits (packed) and anything else (kept as given), including 32 digits in upper case.
        Arbitrary<String> hex = Arbitraries.integers().between(0, 40)
                .map(i -> String.format("%032x", (long) i * 0x9E3779B97F4A7C15L));
        Arbitrary<String> other = Arbitraries.of("s1", "s2", "", "A".repeat(32), "0".repeat(31) + "G");
        Arbitrary<Op> op = net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.oneOf(hex, other), Arbitraries.integers().between(-2, 50)).as(Op::new);
        return op.list().ofMaxSize(400);
    }

    @Property(tries = 300)
    void holdsWhatAMapHolds(@ForAll("ops") List<Op> ops) {
        SubjectTable table = new SubjectTable(new SubjectCanon());
        Map<String, SubjectEntry> model = new HashMap<>();
        List<List<SubjectEntry>> snapshots = new ArrayList<>();
        List<List<SubjectEntry>> expected = new ArrayList<>();
        for (Op op : ops) {
            String key = op.source() + "/" + op.subject();
            if (op.time() >= 0) {
                table.put(op.source(), op.subject(), entry(op.time()));
                model.put(key, entry(op.time()));
            } else if (op.time() == -1) {
                assertThat(table.remove(op.source(), op.subject())).isEqualTo(model.remove(key) != null);
            } else {
                int before = model.size();
                model.keySet().removeIf(k -> k.startsWith(op.source() + "/"));
                assertThat(table.removeSource(op.source())).isEqualTo(before - model.size());
            }
            assertThat(table.size()).isEqualTo(model.size());
            snapshots.add(table.snapshot());
            expected.add(List.copyOf(model.values()));
        }
        assertThat(table.snapshot()).containsExactlyInAnyOrderElementsOf(model.values());
        // A snapshot keeps what the table held when it was taken, whatever the table did after.
        for (int i = 0; i < snapshots.size(); i++) {
            assertThat(snapshots.get(i)).containsExactlyInAnyOrderElementsOf(expected.get(i));
        }
    }

    /**
     * An entry from small choices, so that two drawn apart are often equal in all but one part: its row (none, or a time,
     * cause, group and stratum, factors, numbers and switch days), follow-up dates and cut history (including one the
     * columns cannot keep as it is: an event flag on a day without a row, which {@link SubjectTable#get} gives back
     * without it).
     */
    record Parts(int row, int cause, int labels, int maps, int followUp, int cuts) {
        SubjectEntry entry() {
            SubjectRow r = row == 0 ? null
                    : new SubjectRow(row, cause == 1, labels % 2 == 0 ? SubjectRow.ALL : "surgery",
                            labels < 2 ? "" : "grade=3", maps % 3 == 0 ? Map.of() : Map.of("grade", "" + maps % 3),
                            maps < 3 ? Map.of() : Map.of("age", 40.0 + maps % 2),
                            maps < 6 ? Map.of() : Map.of("arm", maps % 2 == 0 ? 3 : -2), cause);
            FollowUpRecord f = switch (followUp) {
                case 0 -> null;
                case 1 -> new FollowUpRecord(LocalDate.ofEpochDay(16_000), LocalDate.ofEpochDay(16_400), false);
                case 2 -> new FollowUpRecord(LocalDate.ofEpochDay(16_000), LocalDate.ofEpochDay(16_400), true);
                default -> new FollowUpRecord(LocalDate.ofEpochDay(16_000), LocalDate.ofEpochDay(16_401), false);
            };
            CutHistory h = cutHistory(r == null && f == null && cuts == 0 ? 1 : cuts);
            return new SubjectEntry(r, f, h);
        }

        private static CutHistory cutHistory(int which) {
            int[] days = {16_000, which == 5 ? 16_501 : 16_500};
            int[] times = {which == 2 ? 6 : 5, -1};
            boolean[] events = {which != 3, which == 7};
            String[] groups = {which == 4 ? "no-surgery" : "surgery", null};
            String[] strata = {which == 8 ? "grade=3" : "", null};
            return switch (which) {
                case 0 -> null;
                case 6 -> new CutHistory(new int[] {16_000, 16_500, 16_600}, new int[] {5, -1, 7},
                        new boolean[] {true, false, false}, new String[] {"surgery", null, "surgery"},
                        new String[] {"", null, "grade=3"});
                default -> new CutHistory(days, times, events, groups, strata);
            };
        }
    }

    @Provide
    Arbitrary<List<Parts>> parts() {
        return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 7), Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 8)).as(Parts::new).list().ofMaxSize(30);
    }

    /**
     * {@link SubjectTable#holds}, which compares column by column, against the comparison a ranged reset made before:
     * {@code entry.equals(get(source, subject))}, with entries made anew for each call (equal, not the same objects).
     */
    @Property(tries = 300)
    void holdsIsEqualsOfTheEntryHeld(@ForAll("parts") List<Parts> held, @ForAll("parts") List<Parts> asked) {
        SubjectTable table = new SubjectTable(new SubjectCanon());
        for (int i = 0; i < held.size(); i++) {
            table.put(i % 2, String.format("%032x", i % 5), held.get(i).entry());
        }
        table.put(1, "not-a-hash", held.isEmpty() ? asked.isEmpty() ? new Parts(1, 0, 0, 0, 0, 0).entry()
                : asked.get(0).entry() : held.get(0).entry());
        for (int i = 0; i < asked.size(); i++) {
            for (int source = 0; source < 2; source++) {
                for (String subject : new String[] {String.format("%032x", i % 7), "not-a-hash"}) {
                    // Half the time what the table holds there (made anew), so that equal entries are asked often.
                    SubjectEntry held0 = table.get(source, subject);
                    SubjectEntry e = i % 2 == 0 || held0 == null ? asked.get(i).entry() : copy(held0);
                    boolean expected = e.equals(table.get(source, subject));
                    assertThat(table.holds(source, subject, e)).as("%s at %s/%s", e, source, subject)
                            .isEqualTo(expected);
                }
            }
        }
    }

    /** An entry equal to {@code e}, made of new objects. */
    private static SubjectEntry copy(SubjectEntry e) {
        SubjectRow r = e.row();
        return new SubjectEntry(r == null ? null : new SubjectRow(r.timeDays(), r.event(), new String(r.group()),
                new String(r.stratum()), new HashMap<>(r.factors()), new HashMap<>(r.numbers()),
                new HashMap<>(r.switches()), r.cause()), e.followUp() == null ? null
                : new FollowUpRecord(e.followUp().start(), e.followUp().lastContact(), e.followUp().dead()),
                e.cuts() == null ? null : new CutHistory(e.cuts().days(), e.cuts().times(), e.cuts().events(),
                        e.cuts().groups(), e.cuts().strata()));
    }

    /** The one kind of entry the columns give back changed: an event flag on a cut-history day without a row. */
    @Test
    void anEntryTheColumnsCannotKeepAsItIsIsNotHeld() {
        SubjectTable table = new SubjectTable(new SubjectCanon());
        SubjectEntry e = new Parts(0, 0, 0, 0, 0, 7).entry();
        table.put(0, "s1", e);
        assertThat(e.equals(table.get(0, "s1"))).isFalse();
        assertThat(table.holds(0, "s1", e)).isFalse();
        SubjectEntry plain = new Parts(0, 0, 0, 0, 0, 1).entry();
        table.put(0, "s2", plain);
        assertThat(table.holds(0, "s2", new Parts(0, 0, 0, 0, 0, 1).entry())).isTrue();
        assertThat(table.holds(0, "s3", plain)).as("not held at all").isFalse();
    }

    @Test
    void growsAndShrinksThroughManySubjects() {
        SubjectTable table = new SubjectTable(new SubjectCanon());
        for (int i = 0; i < 10_000; i++) {
            table.put(i % 3, String.format("%032x", i), entry(i));
        }
        assertThat(table.size()).isEqualTo(10_000);
        for (int i = 0; i < 10_000; i += 2) {
            assertThat(table.remove(i % 3, String.format("%032x", i))).isTrue();
        }
        assertThat(table.remove(0, String.format("%032x", 0))).isFalse();
        assertThat(table.removeSource(1)).isEqualTo(1_667);
        assertThat(table.snapshot()).hasSize(5_000 - 1_667)
                .allSatisfy(e -> assertThat(time(e) % 2).isEqualTo(1))
                .allSatisfy(e -> assertThat(time(e) % 3).isNotEqualTo(1));
    }

    /** A reset under way: the source's subjects are marked, those sent again lose the mark, the rest are dropped. */
    @Test
    void aResetDropsOnlyTheMarkedSubjectsOfItsSource() {
        SubjectTable table = new SubjectTable(new SubjectCanon());
        for (int i = 0; i < 300; i++) {
            table.put(i % 2, String.format("%032x", i), entry(i));
        }
        table.markSource(0);
        for (int i = 0; i < 100; i += 2) {
            assertThat(table.put(0, String.format("%032x", i), entry(i))).isEqualTo(entry(i)); // sent again
        }
        table.put(0, "new", entry(1_000));
        assertThat(table.removeMarked(1)).isZero();
        assertThat(table.removeMarked(0)).isEqualTo(150 - 50);
        assertThat(table.removeMarked(0)).isZero();
        assertThat(table.snapshot()).hasSize(150 + 50 + 1)
                .allSatisfy(e -> assertThat(time(e) % 2 == 1 || time(e) < 100
                        || time(e) == 1_000).isTrue());
    }

    @Test
    void aSnapshotIsUnmodifiable() {
        SubjectTable table = new SubjectTable(new SubjectCanon());
        table.put(0, "s1", entry(1));
        List<SubjectEntry> snapshot = table.snapshot();
        assertThatThrownBy(() -> snapshot.add(entry(2))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> snapshot.set(0, entry(2))).isInstanceOf(UnsupportedOperationException.class);
    }
}
