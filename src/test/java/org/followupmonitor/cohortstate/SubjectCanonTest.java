package org.followupmonitor.cohortstate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.followupmonitor.analysis.SubjectRow;
import org.junit.jupiter.api.Test;

/** Shared parts are equal to the parts given, and what repeats is one instance. */
class SubjectCanonTest {
    /** A fresh row whose every string and map is its own instance, as a decoder makes them. */
    private static SubjectRow decoded(int time, String grade, int cause) {
        Map<String, String> factors = new HashMap<>();
        factors.put(new String("grade"), new String(grade));
        factors.put(new String("arm"), new String("surgery"));
        return new SubjectRow(time, cause == 1, new String("surgery"), new String("subtype=luminal-a"), factors,
                Map.of(new String("age"), 52.0), Map.of(new String("arm"), 5), cause);
    }

    @Test
    void rowsOfAnyTimeWithEqualLabelsShareThem() {
        SubjectCanon canon = new SubjectCanon();
        SubjectRow a = decoded(10, "3", 2);
        RowLabels la = canon.labels(a);
        RowLabels lb = canon.labels(decoded(20, "3", 2));
        RowLabels lc = canon.labels(decoded(30, "2", 2));
        RowLabels ld = canon.labels(decoded(30, "3", 1));
        assertThat(la).isEqualTo(new RowLabels("surgery", "subtype=luminal-a", a.factors(), 2));
        assertThat(lb).isSameAs(la);
        assertThat(lc).isNotEqualTo(la);
        assertThat(ld).isNotEqualTo(la);
        assertThat(lc.group()).isSameAs(la.group());
        assertThat(lc.stratum()).isSameAs(la.stratum());
        assertThat(ld.factors()).isSameAs(la.factors());
        assertThat(canon.map(decoded(40, "1", 0).numbers())).isSameAs(canon.map(a.numbers()))
                .isEqualTo(a.numbers());
        assertThat(canon.map(decoded(40, "1", 0).switches())).isSameAs(canon.map(a.switches()));
    }

    @Test
    void groupStrataAreNumberedOnceAndAnArrayTakenKeepsItsNumbers() {
        SubjectCanon canon = new SubjectCanon();
        RowLabels labels = canon.labels(decoded(10, "3", 2));
        int first = canon.groupStratum(new String("surgery"), new String("subtype=luminal-a"));
        SubjectCanon.GroupStratum[] taken = canon.groupStrata();
        assertThat(canon.groupStratum("surgery", "subtype=luminal-a")).isEqualTo(first);
        assertThat(taken[first].group()).isSameAs(labels.group());
        assertThat(taken[first].stratum()).isSameAs(labels.stratum());
        for (int i = 0; i < 100; i++) {
            assertThat(canon.groupStratum("g" + i, "")).isEqualTo(first + 1 + i);
        }
        assertThat(canon.groupStrata()[first + 100]).isEqualTo(new SubjectCanon.GroupStratum("g99", ""));
        assertThat(taken[first]).isEqualTo(new SubjectCanon.GroupStratum("surgery", "subtype=luminal-a"));
    }

    @Test
    void pastItsLimitAValueIsKeptUnshared() {
        SubjectCanon canon = new SubjectCanon();
        for (int d = 0; d < SubjectCanon.LIMIT; d++) {
            canon.map(Map.of("age", (double) d));
        }
        Map<String, Double> late = canon.map(Map.of("age", -1.0));
        Map<String, Double> again = canon.map(Map.of("age", -1.0));
        assertThat(again).isEqualTo(late).isNotSameAs(late);
        // A value kept before the limit is still shared.
        assertThat(canon.map(Map.of("age", 7.0))).isSameAs(canon.map(Map.of("age", 7.0)));
    }
}
