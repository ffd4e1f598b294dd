package org.vmbussim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import org.vmbussim.cli.term.Terminal;
import picocli.CommandLine;

class VmbusSimCliTest {

    @AfterEach
    void restoreLogLevels() {
        LogLevels.set(LogLevels.OUR_LOGGERS, null);
    }

    /** Every command of the tree as its argument path, e.g. ["layout", "encode"]; [] is the top. */
    static Stream<List<String>> commandPaths() {
        final CommandLine cli = VmbusSimCli.create(Terminal.of(InputStream.nullInputStream(),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false, 80));
        final List<List<String>> paths = new ArrayList<>();
        collect(cli, new ArrayList<>(), paths);
        return paths.stream();
    }

    private static void collect(final CommandLine cmd, final List<String> path, final List<List<String>> into) {
        into.add(List.copyOf(path));
        cmd.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandName().equals(name)) {
                final List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, into);
            }
        });
    }

    @Test
    void theTreeHasTheLayoutCommands() {
        final List<List<String>> paths = commandPaths().toList();
        assertTrue(paths.containsAll(List.of(List.of("layout"), List.of("layout", "list"),
                List.of("layout", "encode"), List.of("layout", "decode"))), paths::toString);
    }

    @ParameterizedTest
    @MethodSource("commandPaths")
    void everyCommandHasHelpWithTheExitCodesAndExitsZero(final List<String> path) {
        final CliHarness.Result r = runAt(path, "--help");
        assertEquals(ExitCode.OK, r.exitCode(), r::describe);
        assertTrue(r.out().startsWith("Usage: " + commandName(path) + " "), r::describe);
        assertTrue(r.out().contains("Exit codes:\n  0   ok\n  1   an expectation or verification failed\n"
                + "  2   usage error (bad arguments)\n  3   runtime error\n"), r::describe);
        assertTrue(r.out().contains("--verbose"), r::describe);
        assertEquals("", r.err());
    }

    @ParameterizedTest
    @MethodSource("commandPaths")
    void everyCommandRejectsAnUnknownOptionWithExitTwo(final List<String> path) {
        final CliHarness.Result r = runAt(path, "--no-such-option");
        assertEquals(ExitCode.USAGE, r.exitCode(), r::describe);
        // Commands with required parameters report those missing first.
        assertTrue(r.err().startsWith(commandName(path) + ": ")
                && (r.err().contains("'--no-such-option'") || r.err().contains("Missing required parameter")),
                r::describe);
        assertEquals("", r.out(), r::describe);
    }

    private static CliHarness.Result runAt(final List<String> path, final String arg) {
        final List<String> args = new ArrayList<>(path);
        args.add(arg);
        return CliHarness.run(args.toArray(new String[0]));
    }

    private static String commandName(final List<String> path) {
        return path.isEmpty() ? "vmbus-sim" : "vmbus-sim " + String.join(" ", path);
    }

    @Test
    void versionNamesTheProjectVersionAndJava() {
        final CliHarness.Result r = CliHarness.run("--version");
        assertEquals(ExitCode.OK, r.exitCode(), r::describe);
        assertEquals("vmbus-sim " + System.getProperty("vmbussim.version") + "\nJava "
                + System.getProperty("java.version") + " (", r.out().substring(0, r.out().indexOf('(') + 1));
    }

    @Test
    void noArgumentsIsAUsageErrorThatShowsTheUsage() {
        final CliHarness.Result r = CliHarness.run();
        assertEquals(ExitCode.USAGE, r.exitCode(), r::describe);
        assertTrue(r.err().startsWith("vmbus-sim: Missing required subcommand\nUsage: vmbus-sim "), r::describe);
        assertTrue(r.err().contains("layout"), r::describe);
        assertEquals("", r.out());
    }

    @Test
    void aGroupWithoutItsSubcommandIsAUsageError() {
        final CliHarness.Result r = CliHarness.run("layout");
        assertEquals(ExitCode.USAGE, r.exitCode(), r::describe);
        assertTrue(r.err().startsWith("vmbus-sim layout: Missing required subcommand\nUsage: vmbus-sim layout "),
                r::describe);
    }

    @Test
    void aMisspeltSubcommandGetsASuggestionAndExitTwo() {
        final CliHarness.Result r = CliHarness.run("lyout", "list");
        assertEquals(ExitCode.USAGE, r.exitCode(), r::describe);
        assertTrue(r.err().contains("Did you mean: vmbus-sim layout?"), r::describe);
        assertTrue(r.err().contains("Try 'vmbus-sim --help' for more information."), r::describe);
    }

    @Test
    void verboseSwitchesOurLoggersToDebugWhereverItIsGiven() {
        assertFalse(LoggerFactory.getLogger("org.vmbussim.cli.X").isDebugEnabled(), "default is quiet");
        for (final String[] args : List.of(new String[] {"-v", "layout", "list"},
                new String[] {"layout", "list", "--verbose"})) {
            LogLevels.set(LogLevels.OUR_LOGGERS, null);
            final CliHarness.Result r = CliHarness.run(args);
            assertEquals(ExitCode.OK, r.exitCode(), r::describe);
            assertTrue(LoggerFactory.getLogger("org.vmbussim.cli.X").isDebugEnabled(), String.join(" ", args));
            assertFalse(LoggerFactory.getLogger("io.netty.X").isDebugEnabled(), "only our loggers");
        }
    }

    @Test
    void aFailureWhileRunningExitsThreeWithOneLineAndTheTraceOnlyWhenVerbose() {
        final CliHarness.Result quiet = CliHarness.runWithInput(new FailingInput(), "layout", "decode", "guid_t", "-");
        assertEquals(ExitCode.RUNTIME_ERROR, quiet.exitCode(), quiet::describe);
        assertEquals("vmbus-sim layout decode: error: reading hex from standard input (UncheckedIOException); "
                + "caused by: disk on fire (IOException)\n", quiet.err());

        final CliHarness.Result verbose = CliHarness.runWithInput(new FailingInput(), "-v", "layout", "decode",
                "guid_t", "-");
        assertEquals(ExitCode.RUNTIME_ERROR, verbose.exitCode(), verbose::describe);
        assertTrue(verbose.err().contains("\tat org.vmbussim.cli.layout.LayoutDecodeCommand"), verbose::describe);
    }

    /** Standard input that cannot be read. */
    private static final class FailingInput extends InputStream {
        @Override
        public int read() throws IOException {
            throw new IOException("disk on fire");
        }
    }
}
