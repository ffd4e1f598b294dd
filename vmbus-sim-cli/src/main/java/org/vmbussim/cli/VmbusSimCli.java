package org.vmbussim.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import org.vmbussim.cli.term.Terminal;
import picocli.CommandLine;

/**
 * Builds and runs the {@code vmbus-sim} command tree against a {@link Terminal}: the process entry
 * point uses the system terminal, tests use one over string buffers.
 */
public final class VmbusSimCli {
    /** Widest usage help, however wide the terminal. */
    static final int MAX_HELP_WIDTH = 120;

    private VmbusSimCli() {
    }

    /**
     * Builds the command tree: every subcommand registered in {@link VmbusSimCommand}, writing to the
     * terminal, with the CLI's error handling and exit codes.
     *
     * @param terminal where the commands read and write
     * @return the command line, ready to {@link CommandLine#execute(String...) execute}
     */
    public static CommandLine create(final Terminal terminal) {
        final CommandLine cli = new CommandLine(new VmbusSimCommand(terminal), new CommandFactory(terminal));
        // These setters apply to the whole tree as it is now, so they come after the subcommands exist.
        cli.setOut(terminal.out());
        cli.setErr(terminal.err());
        cli.setParameterExceptionHandler(ErrorHandlers.usage());
        cli.setExecutionExceptionHandler(ErrorHandlers.runtime());
        cli.setUsageHelpWidth(Math.min(terminal.columns(), MAX_HELP_WIDTH));
        final Deque<CommandLine> todo = new ArrayDeque<>();
        todo.add(cli);
        while (!todo.isEmpty()) {
            final CommandLine c = todo.remove();
            c.getCommandSpec().usageMessage()
                    .exitCodeListHeading("%nExit codes:%n")
                    .exitCodeList(ExitCode.DESCRIPTIONS);
            todo.addAll(c.getSubcommands().values());
        }
        return cli;
    }

    /**
     * Runs one command line.
     *
     * @param terminal where the command reads and writes
     * @param args     the arguments, without the program name
     * @return the exit code (see {@link ExitCode})
     */
    public static int run(final Terminal terminal, final String... args) {
        try {
            return create(terminal).execute(args);
        } finally {
            terminal.out().flush();
            terminal.err().flush();
        }
    }
}
