package org.followupmonitor.analysis;

/** Where follow-up time starts. YAML labels: diagnosis, systemic-control, surgery, index. */
public enum Origin {
    /** Date of the (first) diagnosis. */
    DIAGNOSIS,
    /** First systemic response with the disease controlled. */
    SYSTEMIC_CONTROL,
    /** First surgery; patients never operated have no origin. */
    SURGERY,
    /** The reference study's convention: surgery if operated, else systemic control. */
    INDEX
}
