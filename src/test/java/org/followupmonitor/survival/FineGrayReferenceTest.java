package org.followupmonitor.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.followupmonitor.survival.RReference.assertClose;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fine-Gray regression against R 4.2.2 / cmprsk 2.2-11: {@code crr(ftime, fstatus, cov1, failcode, cencode =
 * 0)} with cov1 the {@code model.matrix} columns (treatment contrasts, as {@link DesignMatrix} codes factors):
 * coef, robust se, HR, 95% CI, z, p (as {@code 2 pnorm(-|z|)}), loglik, loglik.null, information, variance,
 * converged, n and n.missing. Numbers from r/fine_gray_reference.R, compared at 1e-9 relative.
 */
class FineGrayReferenceTest {
    private static final String FILE = "/org/followupmonitor/survival/r/fine_gray_reference.txt";
    private static Map<String, double[]> values;

    /** pbc, death (cause 2) with transplant competing: edema (3 levels, reference 0), age, log(bili). */
    @Test
    void shouldMatchCrrOnPbcDeath() {
        Map<String, double[]> d = RReference.csv("fg_pbc.csv");
        check("fg.pbc.death", FineGray.fit(d.get("time"), status(d), pbcDesign(d), 2));
    }

    /**
     * pbc, transplant (cause 1): nobody with edema 1 had a transplant, so that coefficient runs off to
     * -infinity; crr stops after 10 iterations with converged = FALSE at about -10, and so does this.
     */
    @Test
    void shouldMatchCrrOnPbcTransplantThatDoesNotConverge() {
        Map<String, double[]> d = RReference.csv("fg_pbc.csv");
        FineGrayFit fit = FineGray.fit(d.get("time"), status(d), pbcDesign(d), 1);
        check("fg.pbc.transplant", fit);
        assertThat(fit.converged()).isFalse();
        assertThat(fit.iterations()).isEqualTo(10);
        assertThat(fit.warnings()).singleElement().asString().contains("did not converge in 10 iterations");
    }

    /** pbc, death by treatment arm: one binary factor. */
    @Test
    void shouldMatchCrrOnPbcByTreatment() {
        Map<String, double[]> d = RReference.csv("fg_pbc.csv");
        DesignMatrix design = DesignMatrix.builder(d.get("time").length)
                .categorical("trt", strings(d.get("trt")), "1").build();
        FineGrayFit fit = FineGray.fit(d.get("time"), status(d), design, 2);
        check("fg.pbc.trt", fit);
        assertThat(fit.terms()).extracting(FineGrayTerm::name).containsExactly("trt2");
    }

    /** mgus2 (months, many ties): 13 rows miss hgb and are dropped, as crr's na.omit; both causes. */
    @Test
    void shouldMatchCrrOnMgus2WithMissingCovariates() {
        Map<String, double[]> d = RReference.csv("fg_mgus2.csv");
        DesignMatrix design = DesignMatrix.builder(d.get("time").length).numeric("sex", d.get("sex"))
                .numeric("age", d.get("age")).numeric("hgb", d.get("hgb")).build();
        FineGrayFit pcm = FineGray.fit(d.get("time"), status(d), design, 1);
        check("fg.mgus2.pcm", pcm);
        assertThat(pcm.excludedRows()).isEqualTo(13);
        check("fg.mgus2.death", FineGray.fit(d.get("time"), status(d), design, 2));
    }

    /** Three causes over whole days 0..40 (ties, time 0); a factor with reference level 2 and a numeric term. */
    @Test
    void shouldMatchCrrOnSyntheticThreeCauses() {
        Map<String, double[]> d = RReference.csv("fg_synth.csv");
        DesignMatrix design = DesignMatrix.builder(d.get("time").length)
                .categorical("g", strings(d.get("g")), "2").numeric("x", d.get("x")).build();
        assertThat(design.termNames()).containsExactly("g0", "g1", "x");
        check("fg.synth.cause1", FineGray.fit(d.get("time"), status(d), design, 1));
        check("fg.synth.cause3", FineGray.fit(d.get("time"), status(d), design, 3));
    }

    /** A binary covariate whose level 1 never has cause 1: not converged after 10 iterations, as crr. */
    @Test
    void shouldMatchCrrOnMonotoneLikelihood() {
        Map<String, double[]> d = RReference.csv("fg_monotone.csv");
        DesignMatrix design = DesignMatrix.builder(d.get("time").length).numeric("x", d.get("x")).build();
        FineGrayFit fit = FineGray.fit(d.get("time"), status(d), design, 1);
        check("fg.monotone", fit);
        assertThat(fit.converged()).isFalse();
    }

    private static DesignMatrix pbcDesign(Map<String, double[]> d) {
        double[] bili = d.get("bili");
        double[] logBili = new double[bili.length];
        for (int i = 0; i < bili.length; i++) {
            logBili[i] = Math.log(bili[i]);
        }
        return DesignMatrix.builder(bili.length).categorical("edema", strings(d.get("edema")), "0")
                .numeric("age", d.get("age")).numeric("logbili", logBili).build();
    }

    private static void check(String key, FineGrayFit fit) {
        List<FineGrayTerm> t = fit.terms();
        assertClose(key + ".coef", t.stream().mapToDouble(FineGrayTerm::coef).toArray(), get(key + ".coef"));
        assertClose(key + ".se", t.stream().mapToDouble(FineGrayTerm::se).toArray(), get(key + ".se"));
        assertClose(key + ".hr", t.stream().mapToDouble(FineGrayTerm::hazardRatio).toArray(), get(key + ".hr"));
        assertClose(key + ".lower", t.stream().mapToDouble(FineGrayTerm::lower).toArray(), get(key + ".lower"));
        assertClose(key + ".upper", t.stream().mapToDouble(FineGrayTerm::upper).toArray(), get(key + ".upper"));
        assertClose(key + ".z", t.stream().mapToDouble(FineGrayTerm::z).toArray(), get(key + ".z"));
        double[] rp = get(key + ".p");
        double[] p = t.stream().mapToDouble(FineGrayTerm::p).toArray();
        for (int i = 0; i < p.length; i++) {
            if (rp[i] == 0) {
                // R's pnorm underflows to 0 below 1e-308; erfc keeps a positive number far below that.
                assertThat(p[i]).as(key + ".p[" + i + "]").isLessThan(1e-300);
                rp[i] = p[i];
            }
        }
        assertClose(key + ".p", p, rp);
        assertClose(key + ".loglik", fit.loglik(), get(key + ".loglik")[0]);
        assertClose(key + ".loglik.null", fit.loglikNull(), get(key + ".loglik.null")[0]);
        assertThat(fit.converged()).as(key + ".converged").isEqualTo(get(key + ".converged")[0] == 1);
        assertThat((double) fit.n()).as(key + ".n").isEqualTo(get(key + ".n")[0]);
        assertThat((double) fit.excludedRows()).as(key + ".n.missing").isEqualTo(get(key + ".n.missing")[0]);
        assertClose(key + ".inf", flat(fit.information()), get(key + ".inf"));
        assertClose(key + ".var", flat(fit.variance()), get(key + ".var"));
    }

    /** Column-major, as R writes a matrix. */
    private static double[] flat(double[][] m) {
        int p = m.length;
        double[] out = new double[p * p];
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < p; i++) {
                out[j * p + i] = m[i][j];
            }
        }
        return out;
    }

    private static int[] status(Map<String, double[]> d) {
        return CompetingRisksReference.ints(d.get("status"));
    }

    /** Numeric codes as level labels ("0.5", "1"), as a registry column would give them. */
    private static String[] strings(double[] v) {
        String[] s = new String[v.length];
        for (int i = 0; i < v.length; i++) {
            s[i] = v[i] == Math.rint(v[i]) ? Long.toString((long) v[i]) : Double.toString(v[i]);
        }
        return s;
    }

    private static synchronized double[] get(String key) {
        if (values == null) {
            values = new HashMap<>();
            try (InputStream in = FineGrayReferenceTest.class.getResourceAsStream(FILE)) {
                assertThat(in).as("resource %s", FILE).isNotNull();
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.startsWith("#") || line.isBlank()) {
                        continue;
                    }
                    int eq = line.indexOf('=');
                    String[] parts = line.substring(eq + 1).split(",", -1);
                    double[] v = new double[parts.length];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = RReference.parse(parts[i]);
                    }
                    values.put(line.substring(0, eq), v);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        double[] v = values.get(key);
        assertThat(v).as("reference key %s in fine_gray_reference.txt", key).isNotNull();
        return v.clone();
    }
}
