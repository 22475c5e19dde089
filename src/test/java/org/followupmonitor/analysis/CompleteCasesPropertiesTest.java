package org.followupmonitor.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.followupmonitor.analysis.AnalysisResult.CoxSummary;

/**
 * Each Cox model is built from its complete cases (R's na.omit, then the levels those rows have), so the rows
 * that miss one of its covariates cannot matter: dropping them beforehand changes no number of that model, to
 * the bit — the multivariable model without the rows missing any covariate, each univariate model without the
 * rows missing its own. The generated rows make the rare levels (grade 1, T stage 0) occur mostly, sometimes
 * only, in rows with another covariate missing, and leave the configured reference out now and then.
 */
class CompleteCasesPropertiesTest {

    private static AnalysisDefinition definition(boolean configuredReference) {
        return AnalysesLoader.parse("""
                analyses:
                  - name: cc
                    endpoint: overall-survival
                    origin: index
                    cox:
                      covariates: [grade, {name: t-stage%s}, age, ki67]
                """.formatted(configuredReference ? ", reference: \"4\"" : ""), "test").analyses().get(0);
    }

    private static List<SubjectRow> rows(long seed, int n) {
        Random rnd = new Random(seed);
        List<SubjectRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, String> factors = new HashMap<>();
            Map<String, Double> numbers = new HashMap<>();
            boolean kiMissing = rnd.nextInt(4) == 0;
            if (!kiMissing) {
                numbers.put("ki67", (double) rnd.nextInt(90));
            }
            if (rnd.nextInt(8) > 0) {
                // grade 1 and T0 almost only where Ki-67 is missing
                boolean rare = kiMissing ? rnd.nextInt(3) == 0 : rnd.nextInt(60) == 0;
                factors.put("grade", rare ? "1" : Integer.toString(2 + rnd.nextInt(2)));
            }
            if (rnd.nextInt(8) > 0) {
                boolean rare = kiMissing ? rnd.nextInt(3) == 0 : rnd.nextInt(60) == 0;
                factors.put("t-stage", rare ? "0" : Integer.toString(1 + rnd.nextInt(rnd.nextInt(5) == 0 ? 3 : 4)));
            }
            if (rnd.nextInt(10) > 0) {
                numbers.put("age", (double) (30 + rnd.nextInt(50)));
            }
            double hazard = 1 + ("3".equals(factors.get("grade")) ? 1 : 0);
            int day = (int) Math.ceil(-Math.log(rnd.nextDouble()) * 300 / hazard);
            rows.add(new SubjectRow(day, rnd.nextInt(4) > 0, SubjectRow.ALL, "", factors, numbers));
        }
        return rows;
    }

    private static boolean complete(SubjectRow r, List<Variable> covariates) {
        for (Variable v : covariates) {
            boolean known = v.isNumeric() ? r.numbers().containsKey(v.label()) : r.factors().containsKey(v.label());
            if (!known) {
                return false;
            }
        }
        return true;
    }

    /** The Cox summary of these rows as every path fits it: through the canonical column store, one thread. */
    private static CoxSummary cox(AnalysisDefinition def, List<SubjectRow> rows) {
        CoxRowStore store = new CoxRowStore(def);
        rows.forEach(store::add);
        return AnalysisEngine.cox(def, store.sorted(), 0, 1, took -> { });
    }

    @Property(tries = 40)
    void droppingTheRowsThatMissACovariateChangesNoCoxNumber(@ForAll long seed,
            @ForAll @IntRange(min = 20, max = 400) int n, @ForAll boolean configuredReference) {
        System.out.println("CompleteCasesPropertiesTest seed=" + seed + " n=" + n + " reference=" + configuredReference);
        AnalysisDefinition def = definition(configuredReference);
        List<SubjectRow> all = rows(seed, n);
        CoxSummary full = cox(def, all);

        List<Variable> covariates = def.covariates();
        CoxSummary multi = cox(def,
                all.stream().filter(r -> complete(r, covariates)).toList());
        assertThat(full.n()).isEqualTo(multi.n());
        assertThat(full.events()).isEqualTo(multi.events());
        assertThat(full.terms()).isEqualTo(multi.terms());
        assertThat(full.likelihoodRatio()).isEqualTo(multi.likelihoodRatio());
        assertThat(full.wald()).isEqualTo(multi.wald());
        assertThat(full.score()).isEqualTo(multi.score());
        assertThat(full.concordance()).isEqualTo(multi.concordance());
        assertThat(full.converged()).isEqualTo(multi.converged());
        assertThat(modelWarnings(full)).isEqualTo(modelWarnings(multi));

        for (Variable v : covariates) {
            CoxSummary alone = cox(def, all.stream().filter(r -> complete(r, List.of(v))).toList());
            assertThat(univariate(full, v)).as(v.label()).isEqualTo(univariate(alone, v));
            assertThat(univariateWarnings(full, v)).as(v.label()).isEqualTo(univariateWarnings(alone, v));
        }
    }

    private static List<String> modelWarnings(CoxSummary cox) {
        return cox.warnings().stream().filter(w -> !w.startsWith("univariate ")).toList();
    }

    private static List<AnalysisResult.CoxTerm> univariate(CoxSummary cox, Variable v) {
        return cox.univariate().stream().filter(t -> t.covariate().equals(v.label())).toList();
    }

    private static List<String> univariateWarnings(CoxSummary cox, Variable v) {
        return cox.warnings().stream().filter(w -> w.startsWith("univariate " + v.label() + ":")).toList();
    }
}
