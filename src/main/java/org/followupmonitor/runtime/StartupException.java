package org.followupmonitor.runtime;

import java.util.Objects;

/**
 * The monitor, the broker or the registry cannot start with the given options: a port is taken, Kafka or the
 * schema registry does not answer before the start-up deadline, a directory is in use by another instance. The
 * message starts with the option to change ({@code --http-port 8080: ...}); everything opened so far has been
 * closed again when it is thrown. No stack trace: the message says all the user can act on.
 */
public final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String option;

    /**
     * @param option the command-line option (with its value) the user should look at, e.g. {@code --http-port 8080}
     * @param problem what is wrong and what to do
     */
    public StartupException(String option, String problem) {
        super(Objects.requireNonNull(option, "option") + ": " + problem, null, false, false);
        this.option = option;
    }

    /** The option (and value) named at the start of the message. */
    public String option() {
        return option;
    }
}
