package org.followupmonitor.analysis;

/**
 * Sequential monitoring of an analysis' group comparison (Lan-DeMets alpha spending on the information
 * fraction observed events / planned events).
 *
 * @param plannedEvents events expected at the final look, > 0
 * @param spending spending-function shape
 * @param alpha overall two-sided type I error, in (0, 1); default 0.05
 * @param lookStep a formal look is taken each time the information fraction grows by this much, in (0, 1]
 */
public record Monitoring(int plannedEvents, Spending spending, double alpha, double lookStep) {
    /** Default overall alpha. */
    public static final double DEFAULT_ALPHA = 0.05;
    /** Default information-fraction step between formal looks. */
    public static final double DEFAULT_LOOK_STEP = 0.05;

    /** Lan-DeMets spending-function shape. YAML labels obrien-fleming, pocock. */
    public enum Spending { OBRIEN_FLEMING, POCOCK }

    public Monitoring {
        DefinitionProblems problems = new DefinitionProblems();
        if (plannedEvents <= 0) {
            problems.add("plannedEvents: must be > 0, was " + plannedEvents);
        }
        spending = spending == null ? Spending.OBRIEN_FLEMING : spending;
        if (!(alpha > 0 && alpha < 1)) {
            problems.add("alpha: must be in (0, 1), was " + alpha);
        }
        if (!(lookStep > 0 && lookStep <= 1)) {
            problems.add("lookStep: must be in (0, 1], was " + lookStep);
        }
        problems.throwIfAny();
    }
}
