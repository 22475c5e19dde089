package org.followupmonitor.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem of a definition's values before failing, so that the author of an analyses file sees all
 * of them at once rather than one per attempt. The records of the analyses file check their values with one of
 * these and {@link #throwIfAny()} at the end of their constructor.
 */
final class DefinitionProblems {
    private final List<String> problems = new ArrayList<>();

    /** One problem, as {@code field: what is wrong}; the same problem found twice is reported once. */
    void add(String problem) {
        if (!problems.contains(problem)) {
            problems.add(problem);
        }
    }

    /** @throws Invalid with every problem added, if any */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new Invalid(problems);
        }
    }

    /** The values cannot make a definition; {@link #problems()} lists why, each {@code field: what is wrong}. */
    static final class Invalid extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final transient List<String> problems;

        Invalid(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        List<String> problems() {
            return problems;
        }
    }
}
