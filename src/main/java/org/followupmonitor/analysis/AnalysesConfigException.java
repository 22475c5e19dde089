package org.followupmonitor.analysis;

import java.util.List;

/** An analyses file that cannot be used; the message lists every problem with its field path. */
public final class AnalysesConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> problems;

    public AnalysesConfigException(String source, List<String> problems) {
        // One line, every problem: the CLI prints it as its one error line.
        super("invalid analyses file " + source + ": " + String.join("; ", problems) + " (see docs/analyses.md)");
        this.problems = List.copyOf(problems);
    }

    /** Each problem as {@code path: reason}, e.g. {@code analyses[2].origin: unknown value 'surgey'; ...}. */
    public List<String> problems() {
        return problems;
    }
}
