package org.followupmonitor.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.followupmonitor.analysis.AnalysesConfigException;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;

/**
 * Random but valid analyses files: endpoints, origins, groups, filters (subtype, arm, grade), a stratum,
 * landmarks, horizons and Cox models drawn at random, a few analyses at a time, so that properties meet linked
 * tables the bundled configuration does not have.
 */
public final class RandomConfigurations {
    private static final String[] ENDPOINTS = {"overall-survival", "disease-free", "recurrence"};
    private static final String[] ORIGINS = {"diagnosis", "systemic-control", "surgery", "index"};
    private static final String[] GROUPS = {null, "arm", "subtype", "grade", "t-stage", "metastasis", "chemotherapy"};
    private static final String[] FILTERS = {null, null, "subtype: luminal-b", "subtype: triple-negative",
            "subtype: her2-enriched", "arm: surgery", "grade: \"2\""};
    private static final String[] STRATA = {null, null, null, "subtype", "grade"};
    private static final String[] COX = {null, null, "grade", "t-stage", "subtype", "age"};

    private RandomConfigurations() {}

    public static List<AnalysisDefinition> draw(long seed) {
        Random random = new Random(seed);
        for (int attempt = 0; ; attempt++) {
            StringBuilder yaml = new StringBuilder("analyses:\n");
            int n = 2 + random.nextInt(4);
            for (int i = 0; i < n; i++) {
                yaml.append("  - name: a").append(i).append('\n');
                yaml.append("    endpoint: ").append(pick(random, ENDPOINTS)).append('\n');
                yaml.append("    origin: ").append(pick(random, ORIGINS)).append('\n');
                String group = pick(random, GROUPS);
                if (group != null) {
                    yaml.append("    groupBy: ").append(group).append('\n');
                }
                String filter = pick(random, FILTERS);
                if (filter != null && (group == null || !filter.startsWith(group + ":"))) {
                    yaml.append("    filter: {").append(filter).append("}\n");
                }
                String stratum = pick(random, STRATA);
                if (stratum != null && !stratum.equals(group)) {
                    yaml.append("    strata: [").append(stratum).append("]\n");
                }
                if (random.nextInt(4) == 0) {
                    yaml.append("    landmarkDays: 180\n");
                }
                if (random.nextInt(4) == 0) {
                    yaml.append("    horizonDays: 730\n");
                }
                yaml.append("    milestonesDays: [365, 730]\n");
                String cox = pick(random, COX);
                if (cox != null) {
                    yaml.append("    cox:\n      covariates: [").append(cox);
                    if (random.nextBoolean()) {
                        yaml.append(", ").append(cox.equals("grade") ? "t-stage" : "grade");
                    }
                    yaml.append("]\n");
                }
            }
            try {
                return AnalysesLoader.parse(yaml.toString(), "random-" + seed).analyses();
            } catch (AnalysesConfigException invalid) {
                if (attempt > 50) {
                    throw new IllegalStateException("no valid configuration drawn for seed " + seed, invalid);
                }
            }
        }
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }

    /** The configuration's names, for messages. */
    public static List<String> names(List<AnalysisDefinition> defs) {
        List<String> out = new ArrayList<>();
        defs.forEach(d -> out.add(d.name()));
        return out;
    }
}
