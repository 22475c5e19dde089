package org.followupmonitor.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Metastasis sites are canonical whether or not the fast path (input already canonical) is taken. */
class DiagnosisSitesPropertiesTest {

    @Provide
    Arbitrary<List<String>> sites() {
        Arbitrary<String> site = Arbitraries.of("bone", "lung", "liver", "brain", "Bone", " lung", "liver ", "", " ",
                "LUNG", "pleura", "a", "b");
        return site.list().ofMaxSize(6);
    }

    @Property(tries = 300)
    void sitesAreTrimmedLowerCaseDistinctSortedAsTheStreamGivesThem(@ForAll("sites") List<String> raw) {
        List<String> oracle = raw.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .distinct().sorted().toList();
        Payload.Diagnosis d = new Payload.Diagnosis(null, null, null, null, null, null, null, null, null, null, raw);
        assertThat(d.metastasisSites()).isEqualTo(oracle);
        // Canonical input comes back equal too (the fast path).
        Payload.Diagnosis again = new Payload.Diagnosis(null, null, null, null, null, null, null, null, null, null,
                oracle);
        assertThat(again.metastasisSites()).isEqualTo(oracle);
    }
}
