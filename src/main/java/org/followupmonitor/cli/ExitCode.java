package org.followupmonitor.cli;

/**
 * The process exit codes of every command (README, "Commands"). {@link Main} passes the code a command returns
 * to {@link System#exit}; nothing else exits.
 */
public enum ExitCode {
    /** Done. */
    OK(0),
    /** Lines of the input were rejected and {@code --strict} is set. */
    REJECTED_LINES(1),
    /** {@code privacy-audit}: a suppressed count can be narrowed below what its marker says. */
    NARROWED(1),
    /** The input, an option, a port, a directory or the infrastructure cannot be used; one line says which. */
    UNUSABLE(2),
    /** {@code load}: some events could not be sent. */
    SEND_FAILED(3),
    /** A bug: something failed that no user input explains ({@code --log-level debug} prints where). */
    INTERNAL_ERROR(70);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The number the process exits with. */
    public int code() {
        return code;
    }
}
