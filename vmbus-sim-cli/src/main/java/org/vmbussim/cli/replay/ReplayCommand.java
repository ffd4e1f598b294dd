package org.vmbussim.cli.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.vmbussim.cli.BadArgumentException;
import org.vmbussim.cli.ExitCode;
import org.vmbussim.cli.LogLevels;
import org.vmbussim.cli.VmbusSimCommand;
import org.vmbussim.cli.term.ProgressBar;
import org.vmbussim.cli.term.Terminal;
import org.vmbussim.mgmt.scenario.DriverRegistry;
import org.vmbussim.mgmt.scenario.ScenarioParseException;
import org.vmbussim.mgmt.scenario.ScenarioParser;
import org.vmbussim.testfixtures.scenario.ScenarioFiles;
import org.vmbussim.testfixtures.scenario.ScenarioReplay;
import org.vmbussim.testfixtures.scenario.ScenarioSource;
import org.vmbussim.testfixtures.scenario.TranscriptDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code vmbus-sim replay [--update] [--quiet] [FILE...]}: replays each scenario twice on the deterministic
 * scheduler, prints its transcript, and judges it: it fails when an expectation does not hold, the two replays
 * differ, or the transcript differs from the golden {@code NAME.transcript} beside the file (shown as a unified
 * diff). Without FILE it replays the scenarios shipped with vmbus-sim. Exit 0 when all pass, 1 when one fails, 2
 * when a file does not parse (every file is still replayed).
 */
@Command(name = "replay",
        description = {
            "Replay scenario files (docs/scenarios.md) on the deterministic scheduler: print each transcript and "
                    + "check its expectations, that a second replay is identical, and that it matches the golden "
                    + "transcript NAME.transcript beside the file, if there is one.",
            "Without FILE, replays the scenarios shipped with vmbus-sim. Drivers are the built-in ones plus those of "
                    + "any ScenarioDriverProvider on the class path.",
        })
public final class ReplayCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private VmbusSimCommand parent;

    @Option(names = "--update", description = "Write each file's golden transcript when it is missing or differs "
            + "(only for replays that pass; review the change).")
    private boolean update;

    @Option(names = {"-q", "--quiet"}, description = "Print only failures (nothing when every scenario passes).")
    private boolean quiet;

    @Parameters(arity = "0..*", paramLabel = "FILE",
            description = "Scenario files, or folders to search for *.scenario files.")
    private List<Path> files = new ArrayList<>();

    /**
     * Creates the command; picocli fills in its options.
     *
     * @param terminal where transcripts and results go
     */
    public ReplayCommand(final Terminal terminal) {
        this.terminal = Objects.requireNonNull(terminal, "terminal");
    }

    @Override
    public Integer call() {
        final List<ScenarioSource> sources = sources();
        final boolean verbose = parent != null && parent.isVerbose();
        // The transcript reports every fault a scenario injects; the simulator's warnings about them would only
        // repeat it on standard error. --verbose shows them (and more).
        if (!verbose) {
            LogLevels.set(LogLevels.OUR_LOGGERS, "ERROR");
        }
        try {
            return replayAll(sources);
        } finally {
            if (!verbose) {
                LogLevels.set(LogLevels.OUR_LOGGERS, null);
            }
        }
    }

    private List<ScenarioSource> sources() {
        if (files.isEmpty()) {
            if (update) {
                throw new BadArgumentException(spec.commandLine(), "--update needs scenario files: the shipped "
                        + "scenarios are read from the class path and their golden transcripts cannot be rewritten",
                        null);
            }
            final List<ScenarioSource> shipped = ScenarioFiles.shipped();
            if (shipped.isEmpty()) {
                throw new IllegalStateException("no shipped scenarios on the class path (folder "
                        + ScenarioFiles.SHIPPED + ")");
            }
            return shipped;
        }
        final List<ScenarioSource> out = new ArrayList<>();
        for (final Path f : files) {
            if (!Files.exists(f)) {
                throw new BadArgumentException(spec.commandLine(), "no such file or folder: " + f, null);
            }
            final List<ScenarioSource> found;
            try {
                found = ScenarioFiles.under(f);
            } catch (final IOException e) {
                throw new UncheckedIOException("reading " + f, e);
            }
            if (found.isEmpty()) {
                throw new BadArgumentException(spec.commandLine(), "no *" + ScenarioParser.EXTENSION
                        + " files below " + f, null);
            }
            out.addAll(found);
        }
        return out;
    }

    private int replayAll(final List<ScenarioSource> sources) {
        final ScenarioReplay replay = new ScenarioReplay(new ScenarioParser(DriverRegistry.discover()));
        int passed = 0;
        int failed = 0;
        int unparsable = 0;
        // Only worth a bar for several files, and only on a terminal (ProgressBar checks that).
        try (ProgressBar bar = new ProgressBar(terminal.out(), terminal.isInteractive() && sources.size() > 1,
                "replay", sources.size(), terminal.columns(), System::nanoTime)) {
            for (final ScenarioSource s : sources) {
                try {
                    if (report(bar, replay.replay(s))) {
                        passed++;
                    } else {
                        failed++;
                    }
                } catch (final ScenarioParseException e) {
                    unparsable++;
                    for (final String p : e.problems()) {
                        terminal.err().println(spec.qualifiedName() + ": " + p);
                    }
                    terminal.err().flush();
                }
                bar.advance(1);
            }
        }
        if (!quiet) {
            terminal.out().println(sources.size() + (sources.size() == 1 ? " scenario: " : " scenarios: ") + passed
                    + " passed, " + failed + " failed" + (unparsable == 0 ? "" : ", " + unparsable
                    + " did not parse"));
        }
        terminal.out().flush();
        return unparsable > 0 ? ExitCode.USAGE : failed > 0 ? ExitCode.FAILED : ExitCode.OK;
    }

    /** Prints one scenario's outcome; returns whether it passed. */
    private boolean report(final ProgressBar bar, final ScenarioReplay.Verdict v) {
        final String name = v.source().source();
        if (!quiet) {
            bar.println("== " + name);
            v.result().transcript().forEach(bar::println);
        }
        final List<String> problems = update ? v.replayFailures() : v.problems();
        if (!problems.isEmpty()) {
            bar.println("FAIL " + name);
            for (final String p : problems) {
                TranscriptDiff.lines(p).forEach(line -> bar.println("  " + line));
            }
            return false;
        }
        String note = v.hasGolden() ? "" : " (no golden transcript)";
        if (update) {
            try {
                if (v.updateGolden()) {
                    note = " (wrote " + v.source().goldenPath() + ")";
                }
            } catch (final IOException e) {
                throw new UncheckedIOException("writing " + v.source().goldenPath(), e);
            }
        }
        if (!quiet) {
            bar.println("PASS " + name + note);
        }
        return true;
    }
}
