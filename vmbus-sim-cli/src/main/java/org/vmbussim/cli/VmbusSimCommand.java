package org.vmbussim.cli;

import java.util.Objects;
import org.vmbussim.cli.bench.BenchCommand;
import org.vmbussim.cli.demo.DemoCommand;
import org.vmbussim.cli.demo.PendingCommand;
import org.vmbussim.cli.demo.StatsCommand;
import org.vmbussim.cli.layout.LayoutCommand;
import org.vmbussim.cli.replay.ReplayCommand;
import org.vmbussim.cli.term.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The top command, {@code vmbus-sim}. Its {@code subcommands} list is the one place a subcommand is
 * registered: write one {@code @Command} class (a constructor taking a
 * {@link org.vmbussim.cli.term.Terminal} gets the terminal), add it here, and it inherits
 * {@code --help}, {@code --version}, {@code --verbose}, the exit-code list and the error handling.
 */
@Command(name = "vmbus-sim",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A simulator of Hyper-V VMBus hosting an Azure Blob guest driver and its host provider.",
        subcommands = {
            DemoCommand.class,
            LayoutCommand.class,
            PendingCommand.class,
            ReplayCommand.class,
            StatsCommand.class,
            BenchCommand.class,
        })
public final class VmbusSimCommand {
    private final Terminal terminal;
    private boolean verbose;

    /**
     * Creates the command; picocli fills in its options.
     *
     * @param terminal where notes go
     */
    public VmbusSimCommand(final Terminal terminal) {
        this.terminal = Objects.requireNonNull(terminal, "terminal");
    }

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Log vmbus-sim's DEBUG messages to standard error, and print stack traces of errors.")
    void verbose(final boolean on) {
        if (on && !verbose) {
            verbose = true;
            if (!LogLevels.set(LogLevels.OUR_LOGGERS, "DEBUG")) {
                terminal.err().println("vmbus-sim: note: --verbose shows no log messages: the SLF4J backend is not"
                        + " Logback");
            }
        }
    }

    /**
     * Whether {@code --verbose} was given.
     *
     * @return true for verbose output
     */
    public boolean isVerbose() {
        return verbose;
    }
}
