package org.vmbussim.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How the CLI reports errors: bad arguments as one line naming the problem (plus a pointer to
 * {@code --help} for syntax errors) with {@link ExitCode#USAGE}; failures while running as one line
 * (the stack trace with {@code --verbose}) with {@link ExitCode#RUNTIME_ERROR}.
 */
final class ErrorHandlers {

    private ErrorHandlers() {
    }

    /**
     * Handles bad arguments.
     *
     * @return the handler
     */
    static CommandLine.IParameterExceptionHandler usage() {
        return (ex, args) -> {
            final CommandLine cmd = ex.getCommandLine();
            final PrintWriter err = cmd.getErr();
            final CommandSpec spec = cmd.getCommandSpec();
            err.println(spec.qualifiedName() + ": " + ex.getMessage());
            if (!(ex instanceof BadArgumentException)) {
                CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
                if (missingSubcommand(cmd, ex)) {
                    cmd.usage(err);
                } else {
                    err.println("Try '" + spec.qualifiedName() + " --help' for more information.");
                }
            }
            err.flush();
            return ExitCode.USAGE;
        };
    }

    /**
     * Handles exceptions thrown by a running command.
     *
     * @return the handler
     */
    static CommandLine.IExecutionExceptionHandler runtime() {
        return (ex, cmd, parseResult) -> {
            final PrintWriter err = cmd.getErr();
            err.println(cmd.getCommandSpec().qualifiedName() + ": error: " + describe(ex));
            final Object root = cmd.getCommandSpec().root().userObject();
            if (root instanceof VmbusSimCommand && ((VmbusSimCommand) root).isVerbose()) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ExitCode.RUNTIME_ERROR;
        };
    }

    private static boolean missingSubcommand(final CommandLine cmd, final CommandLine.ParameterException ex) {
        return !(ex instanceof CommandLine.UnmatchedArgumentException) && !cmd.getSubcommands().isEmpty()
                && (cmd.getParseResult() == null || !cmd.getParseResult().hasSubcommand());
    }

    /** The exception's message and type, and its causes' messages: enough to act on without a trace. */
    private static String describe(final Throwable ex) {
        final StringBuilder sb = new StringBuilder();
        Throwable t = ex;
        for (int depth = 0; t != null && depth < 5; depth++, t = t.getCause()) {
            if (depth > 0) {
                sb.append("; caused by: ");
            }
            sb.append(t.getMessage() == null ? t.getClass().getName()
                    : t.getMessage() + " (" + t.getClass().getSimpleName() + ")");
        }
        return sb.toString();
    }
}
