package org.followupmonitor.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Concordance counts against a naive O(n^2) pair loop, with ties in time and score and case weights. */
class ConcordancePropertiesTest {

    @Property(tries = 100)
    void countsEqualNaivePairLoop(@ForAll long seed, @ForAll @IntRange(min = 2, max = 150) int n,
            @ForAll boolean weighted) {
        Random rnd = new Random(seed);
        double[] time = new double[n];
        boolean[] event = new boolean[n];
        double[] risk = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            time[i] = 1 + rnd.nextInt(Math.max(2, n / 3)); // many ties
            event[i] = rnd.nextDouble() < 0.6;
            risk[i] = rnd.nextInt(5) * 0.5; // ties on the score
            w[i] = weighted ? 1 + rnd.nextInt(3) : 1;
        }
        double conc = 0;
        double disc = 0;
        double tiedX = 0;
        double tiedY = 0;
        double tiedXY = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double pw = w[i] * w[j];
                if (time[i] == time[j]) {
                    if (event[i] && event[j]) {
                        if (risk[i] == risk[j]) {
                            tiedXY += pw;
                        } else {
                            tiedY += pw;
                        }
                    } else if (event[i] || event[j]) {
                        // the censored one outlived the event at the same time
                        int d = event[i] ? i : j;
                        int o = d == i ? j : i;
                        if (risk[d] > risk[o]) {
                            conc += pw;
                        } else if (risk[d] < risk[o]) {
                            disc += pw;
                        } else {
                            tiedX += pw;
                        }
                    }
                    continue;
                }
                int shorter = time[i] < time[j] ? i : j;
                int longer = shorter == i ? j : i;
                if (!event[shorter]) {
                    continue;
                }
                if (risk[shorter] > risk[longer]) {
                    conc += pw;
                } else if (risk[shorter] < risk[longer]) {
                    disc += pw;
                } else {
                    tiedX += pw;
                }
            }
        }
        Concordance c = Concordance.of(time, event, risk, w);
        assertThat(c.concordant()).isCloseTo(conc, within(1e-9));
        assertThat(c.discordant()).isCloseTo(disc, within(1e-9));
        assertThat(c.tiedX()).isCloseTo(tiedX, within(1e-9));
        assertThat(c.tiedY()).isCloseTo(tiedY, within(1e-9));
        assertThat(c.tiedXY()).isCloseTo(tiedXY, within(1e-9));
        double npair = conc + disc + tiedX;
        if (npair > 0) {
            assertThat(c.concordance()).isCloseTo((conc + tiedX / 2) / npair, within(1e-12));
        } else {
            assertThat(c.concordance()).isNaN();
        }
    }
}
