package org.followupmonitor.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** A row's covariate map behaves as the unmodifiable TreeMap it replaces. */
class SubjectRowMapTest {
    @Property(tries = 300)
    void sameAsATreeMap(@ForAll @Size(max = 8) Map<@StringLength(max = 3) String, Integer> given,
            @ForAll @StringLength(max = 3) String probe) {
        Map<String, Integer> tree = new TreeMap<>(given);
        Map<String, Integer> row = SubjectRowMap.of(new HashMap<>(given));
        assertThat(row).isEqualTo(tree);
        assertThat(tree).isEqualTo(row);
        assertThat(row.hashCode()).isEqualTo(tree.hashCode());
        assertThat(row.toString()).isEqualTo(tree.toString());
        assertThat(new ArrayList<>(row.entrySet())).isEqualTo(new ArrayList<>(tree.entrySet()));
        assertThat(row.get(probe)).isEqualTo(tree.get(probe));
        assertThat(row.containsKey(probe)).isEqualTo(tree.containsKey(probe));
        assertThat(SubjectRowMap.of(row)).isSameAs(row);
    }

    @Test
    void isUnmodifiable() {
        Map<String, String> row = SubjectRowMap.of(Map.of("grade", "3", "arm", "surgery"));
        assertThatThrownBy(() -> row.put("t-stage", "4")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> row.remove("grade")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(row::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> row.entrySet().iterator().next().setValue("2"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> row.keySet().remove("arm")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(row).containsExactly(Map.entry("arm", "surgery"), Map.entry("grade", "3"));
    }

    @Test
    void aRowCopiesAMapItIsGivenUnlessItIsARowsOwn() {
        Map<String, String> mutable = new HashMap<>(Map.of("grade", "3"));
        SubjectRow row = new SubjectRow(1, false, "all", "", mutable, Map.of());
        mutable.put("grade", "2");
        assertThat(row.factors()).containsExactly(Map.entry("grade", "3"));
        SubjectRow other = new SubjectRow(2, false, "all", "", row.factors(), Map.of());
        assertThat(other.factors()).isSameAs(row.factors());
        assertThat(List.copyOf(other.numbers().entrySet())).isEmpty();
    }
}
