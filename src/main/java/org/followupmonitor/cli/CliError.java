package org.followupmonitor.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Objects;

/**
 * A user's mistake or an unusable environment, found by a command: {@link ErrorPrinter} prints its message as
 * one line after the command's name and the process exits with its {@link ExitCode}. Carries no stack trace:
 * where in the code the problem was found is of no use to the user.
 */
public final class CliError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ExitCode exitCode;

    public CliError(ExitCode exitCode, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
    }

    /** The input, an option or the environment cannot be used (exit 2). */
    public static CliError unusable(String message) {
        return new CliError(ExitCode.UNUSABLE, message);
    }

    /** What went wrong in a file operation, in words and without the class name. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? "an input/output error" : e.getMessage();
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
