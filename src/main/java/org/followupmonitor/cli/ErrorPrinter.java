package org.followupmonitor.cli;

import java.io.PrintWriter;
import org.followupmonitor.analysis.AnalysesConfigException;
import org.followupmonitor.events.file.RegistryImportException;
import org.followupmonitor.runtime.AppConfig;
import org.followupmonitor.runtime.LogLevel;
import org.followupmonitor.runtime.StartupException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place where a failed command becomes what the user sees: one line on standard error,
 * {@code <command>: <what is wrong and what to do>}, and an {@link ExitCode}. A user's mistake never prints a
 * stack trace; an unexpected failure (a bug) prints one line too, and its stack trace only at
 * {@code --log-level debug}.
 */
final class ErrorPrinter implements IExecutionExceptionHandler, IParameterExceptionHandler {

    /** Installs the printer on a command line and its sub-commands. */
    static CommandLine install(CommandLine cli) {
        ErrorPrinter printer = new ErrorPrinter();
        cli.setExecutionExceptionHandler(printer);
        cli.setParameterExceptionHandler(printer);
        return cli;
    }

    /** Bad command-line syntax: an unknown option, a missing required one, a value of the wrong type. */
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String message = ex.getMessage();
        if (!(ex instanceof CommandLine.UnmatchedArgumentException)) {
            message = message + " (see '" + qualifiedName(cmd) + " --help')";
        } else {
            CommandLine.UnmatchedArgumentException u = (CommandLine.UnmatchedArgumentException) ex;
            message = message + (u.getSuggestions().isEmpty() ? "" : "; did you mean " + String.join(" or ",
                    u.getSuggestions()) + "?") + " (see '" + qualifiedName(cmd) + " --help')";
        }
        return print(cmd, message, ExitCode.UNUSABLE);
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        return report(ex, cmd);
    }

    /** Prints the one line for a failure of {@code cmd} and gives its exit code. */
    static int report(Exception ex, CommandLine cmd) {
        if (ex instanceof CliError e) {
            return print(cmd, e.getMessage(), e.exitCode());
        }
        if (ex instanceof RegistryImportException e) {
            return print(cmd, e.getMessage(), e.rejectedLine() ? ExitCode.REJECTED_LINES : ExitCode.UNUSABLE);
        }
        if (ex instanceof AnalysesConfigException || ex instanceof AppConfig.ConfigException
                || ex instanceof StartupException) {
            return print(cmd, ex.getMessage(), ExitCode.UNUSABLE);
        }
        int code = print(cmd, "internal error: " + ex.getClass().getSimpleName() + ": " + ex.getMessage()
                + (LogLevel.current().compareTo(LogLevel.DEBUG) >= 0 ? ""
                        : " (a bug; run again with --log-level debug to see where, and report it)"),
                ExitCode.INTERNAL_ERROR);
        if (LogLevel.current().compareTo(LogLevel.DEBUG) >= 0) {
            ex.printStackTrace(cmd.getErr());
            cmd.getErr().flush();
        }
        return code;
    }

    private static int print(CommandLine cmd, String message, ExitCode code) {
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandName() + ": " + oneLine(message));
        err.flush();
        return code.code();
    }

    /** Messages are written as one line; a multi-line one (from a library) is joined with "; ". */
    static String oneLine(String message) {
        return message == null ? "(no message)" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    private static String qualifiedName(CommandLine cmd) {
        return cmd.getParent() == null ? cmd.getCommandName() : qualifiedName(cmd.getParent()) + " " + cmd.getCommandName();
    }
}
