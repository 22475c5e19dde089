package org.followupmonitor.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The base of every command: {@link #execute()} does the work and reports a problem by throwing ({@link CliError},
 * or a domain exception whose message is one line); {@link ErrorPrinter} turns whatever it throws into one line on
 * standard error and an {@link ExitCode}, however the command line was built.
 *
 * <p>A new command: a class extending this one, annotated {@code @Command(name = ..., header = <the README's
 * "what it does">, mixinStandardHelpOptions = true)}, with the mixins it needs ({@code @Mixin InputOptions input =
 * new InputOptions();} …, always {@link LoggingOptions}), listed in {@link Main}'s sub-commands and in the README's
 * command table.
 */
abstract class CliCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /**
     * The command's work.
     *
     * @return the exit code, normally {@code ExitCode.OK.code()}
     */
    abstract int execute() throws Exception;

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (Exception e) {
            return ErrorPrinter.report(e, spec.commandLine());
        } finally {
            out().flush();
            err().flush();
        }
    }

    /** Standard output: the command's results. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Standard error: progress, notes and the error line. */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
