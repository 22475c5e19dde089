package org.followupmonitor.stream;

/**
 * An event that decoded but cannot be used (fails validation, or its patient does not match the
 * record key). Thrown inside the topology so the processing exception handler sends the original
 * record to the dead-letter topic with this message; the message never quotes a patient id.
 */
public final class InvalidEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidEventException(String reason) {
        super(reason, null, false, false);
    }
}
