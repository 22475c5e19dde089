package org.followupmonitor.cohortstate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.followupmonitor.analysis.CutHistory;
import org.followupmonitor.analysis.FollowUpRecord;
import org.followupmonitor.analysis.SubjectRow;
import org.junit.jupiter.api.Test;

/** Entries with shared parts are equal to the entries given, and share what repeats. */
class SubjectCanonTest {
    /** A fresh entry whose every string, map and date is its own instance, as a decoder makes them. */
    private static SubjectEntry decoded(int time, String grade, int switchDay) {
        Map<String, String> factors = new HashMap<>();
        factors.put(new String("grade"), new String(grade));
        factors.put(new String("arm"), new String("surgery"));
        SubjectRow row = new SubjectRow(time, false, new String("surgery"), new String("subtype=luminal-a"), factors,
                Map.of(new String("age"), 52.0), Map.of(new String("arm"), switchDay), 2);
        FollowUpRecord followUp = new FollowUpRecord(LocalDate.parse("2015-01-01"), LocalDate.parse("2016-01-01"), true);
        CutHistory cuts = new CutHistory(new int[] {16_000, 16_100}, new int[] {0, time}, new boolean[] {false, true},
                new String[] {new String("surgery"), new String("surgery")},
                new String[] {new String("subtype=luminal-a"), new String("subtype=luminal-a")});
        return new SubjectEntry(row, followUp, cuts);
    }

    @Test
    void equalEntriesShareTheirRepeatingParts() {
        SubjectCanon canon = new SubjectCanon();
        SubjectEntry a = decoded(10, "3", 5);
        SubjectEntry b = decoded(20, "3", 5);
        SubjectEntry c = decoded(30, "2", 6);
        SubjectEntry ca = canon.of(a);
        SubjectEntry cb = canon.of(b);
        SubjectEntry cc = canon.of(c);
        assertThat(ca).isEqualTo(a);
        assertThat(cb).isEqualTo(b);
        assertThat(cc).isEqualTo(c);
        assertThat(cb.row().group()).isSameAs(ca.row().group());
        assertThat(cb.row().stratum()).isSameAs(ca.row().stratum());
        assertThat(cb.row().factors()).isSameAs(ca.row().factors());
        assertThat(cb.row().numbers()).isSameAs(ca.row().numbers());
        assertThat(cb.row().switches()).isSameAs(ca.row().switches());
        assertThat(cc.row().factors()).isNotSameAs(ca.row().factors());
        assertThat(cc.row().group()).isSameAs(ca.row().group());
        assertThat(cb.followUp().start()).isSameAs(ca.followUp().start());
        assertThat(cb.followUp().lastContact()).isSameAs(ca.followUp().lastContact());
        assertThat(cb.cuts().groups()[1]).isSameAs(ca.cuts().groups()[0]).isSameAs(ca.row().group());
        assertThat(cb.cuts().strata()[0]).isSameAs(ca.row().stratum());
    }

    @Test
    void pastItsLimitAValueIsKeptUnshared() {
        SubjectCanon canon = new SubjectCanon();
        for (int d = 0; d < SubjectCanon.LIMIT; d++) {
            canon.of(new SubjectEntry(null, new FollowUpRecord(LocalDate.ofEpochDay(d), LocalDate.ofEpochDay(d), false),
                    null));
        }
        LocalDate late = LocalDate.ofEpochDay(SubjectCanon.LIMIT + 5);
        SubjectEntry first = canon.of(new SubjectEntry(null, new FollowUpRecord(late, late, false), null));
        SubjectEntry second = canon.of(new SubjectEntry(null,
                new FollowUpRecord(LocalDate.ofEpochDay(SubjectCanon.LIMIT + 5), late, false), null));
        assertThat(second).isEqualTo(first);
        assertThat(second.followUp().start()).isNotSameAs(first.followUp().start());
        // A value kept before the limit is still shared.
        SubjectEntry early = canon.of(new SubjectEntry(null,
                new FollowUpRecord(LocalDate.ofEpochDay(7), LocalDate.ofEpochDay(7), false), null));
        SubjectEntry again = canon.of(new SubjectEntry(null,
                new FollowUpRecord(LocalDate.ofEpochDay(7), LocalDate.ofEpochDay(8), false), null));
        assertThat(again.followUp().start()).isSameAs(early.followUp().start());
    }
}
