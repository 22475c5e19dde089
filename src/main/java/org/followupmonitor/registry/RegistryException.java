package org.followupmonitor.registry;

/**
 * A schema registry answered with an error, or could not be reached. {@link #errorCode()} is the
 * Confluent {@code error_code} (e.g. {@link #SUBJECT_NOT_FOUND}), {@link #httpStatus()} the HTTP status
 * (derived from the code when the error happened in-process). Messages never contain record data.
 */
public class RegistryException extends RuntimeException {
    /** Subject not found. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Version not found. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** Schema not found (unknown id, or schema not registered under the subject). */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** The subject has no subject-level compatibility configured. */
    public static final int SUBJECT_CONFIG_NOT_FOUND = 40408;
    /** The schema is incompatible with the subject's earlier version(s). */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    /** The schema does not parse as Avro (or is not of type AVRO). */
    public static final int INVALID_SCHEMA = 42201;
    /** The version is not a positive integer nor "latest". */
    public static final int INVALID_VERSION = 42202;
    /** The compatibility level is unknown. */
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    /** The request could not be understood (bad JSON, missing field). */
    public static final int BAD_REQUEST = 400;
    /** No such endpoint. */
    public static final int NOT_FOUND = 404;
    /** The registry's backing store failed. */
    public static final int STORE_ERROR = 50001;
    /** Any other server error. */
    public static final int SERVER_ERROR = 50000;
    /** The registry could not be reached or answered something that is not the registry protocol (client side). */
    public static final int UNREACHABLE = -1;

    private final int errorCode;
    private final int httpStatus;

    public RegistryException(int errorCode, String message) {
        this(errorCode, statusFor(errorCode), message, null);
    }

    public RegistryException(int errorCode, int httpStatus, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
        this.httpStatus = httpStatus;
    }

    /** The Confluent error code ({@code error_code}), or {@link #UNREACHABLE}. */
    public int errorCode() {
        return errorCode;
    }

    /** The HTTP status that carries (or carried) this error; 0 when the registry was unreachable. */
    public int httpStatus() {
        return httpStatus;
    }

    /** True for "not found" answers (40401, 40402, 40403, 40408, 404). */
    public boolean isNotFound() {
        return httpStatus == 404;
    }

    /**
     * The HTTP status Confluent uses for an error code: five-digit codes start with their status
     * (40401 → 404, 42201 → 422, 50001 → 500); three-digit codes are the status itself.
     */
    public static int statusFor(int errorCode) {
        if (errorCode == UNREACHABLE) {
            return 0;
        }
        return errorCode >= 10000 ? errorCode / 100 : errorCode;
    }
}
