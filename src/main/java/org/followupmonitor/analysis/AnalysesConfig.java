package org.followupmonitor.analysis;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The whole analyses file: privacy settings and the analyses, names unique.
 *
 * @param privacy disclosure control ({@link Privacy#DEFAULT} when absent)
 * @param analyses at least one
 */
public record AnalysesConfig(Privacy privacy, List<AnalysisDefinition> analyses) {
    public AnalysesConfig {
        privacy = privacy == null ? Privacy.DEFAULT : privacy;
        analyses = List.copyOf(analyses);
        if (analyses.isEmpty()) {
            throw new IllegalArgumentException("analyses: at least one analysis is required");
        }
        Set<String> names = new HashSet<>();
        for (AnalysisDefinition a : analyses) {
            if (!names.add(a.name())) {
                throw new IllegalArgumentException("analyses: name '" + a.name() + "' is used twice");
            }
        }
    }

    /** The analysis of that name. */
    public Optional<AnalysisDefinition> find(String name) {
        return analyses.stream().filter(a -> a.name().equals(name)).findFirst();
    }
}
