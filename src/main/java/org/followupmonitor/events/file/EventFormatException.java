package org.followupmonitor.events.file;

/**
 * A record in a file that cannot become an event. The message names the field and the reason but never
 * the patient id.
 */
public final class EventFormatException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String field;
    private final String reason;

    public EventFormatException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    /** The offending field (JSON field path or CSV column), or {@code (record)} for the whole record. */
    public String field() {
        return field;
    }

    /** What is wrong and, where useful, what is expected. */
    public String reason() {
        return reason;
    }
}
