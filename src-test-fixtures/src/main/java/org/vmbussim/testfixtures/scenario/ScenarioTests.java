package org.vmbussim.testfixtures.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;
import org.vmbussim.mgmt.scenario.DriverRegistry;
import org.vmbussim.mgmt.scenario.ScenarioParseException;
import org.vmbussim.mgmt.scenario.ScenarioParser;

/**
 * JUnit 5 dynamic tests for a folder of scenario files: one test per {@code *.scenario}, which fails when the file
 * does not parse, an expectation does not hold, a second replay differs from the first, or the transcript differs
 * from the golden {@code NAME.transcript} beside it (the message is a unified diff). Run with
 * {@code -D}{@value #UPDATE_PROPERTY}{@code =true} to write missing or differing golden transcripts instead (only
 * for files on disk; review the change before committing it).
 *
 * <pre>{@code
 * class MyScenariosTest {
 *     @TestFactory
 *     Stream<DynamicTest> scenarios() {
 *         return ScenarioTests.under(Path.of("src/test/resources/scenarios"));
 *     }
 * }
 * }</pre>
 *
 * <p>Drivers come from {@link DriverRegistry#discover()} unless a registry is given, so drivers contributed by a
 * {@link org.vmbussim.mgmt.scenario.ScenarioDriverProvider} on the test class path are available by name.
 */
public final class ScenarioTests {
    /** The system property that makes the tests write golden transcripts. */
    public static final String UPDATE_PROPERTY = "vmbussim.updateTranscripts";

    private ScenarioTests() {
    }

    /**
     * One test per scenario file below a folder on disk (recursively).
     *
     * @param folder the folder
     * @return the tests, in file order
     */
    public static Stream<DynamicTest> under(final Path folder) {
        return under(folder, DriverRegistry.discover());
    }

    /**
     * One test per scenario file below a folder on disk, with the given drivers.
     *
     * @param folder   the folder
     * @param registry the drivers scenarios may register
     * @return the tests, in file order
     */
    public static Stream<DynamicTest> under(final Path folder, final DriverRegistry registry) {
        final List<ScenarioSource> sources;
        try {
            sources = ScenarioFiles.under(folder);
        } catch (final IOException e) {
            throw new UncheckedIOException("reading scenarios below " + folder, e);
        }
        return of(sources, registry, Boolean.getBoolean(UPDATE_PROPERTY));
    }

    /**
     * One test per scenario resource below a class-path folder (golden transcripts there cannot be updated).
     *
     * @param classPathFolder the folder, e.g. {@code "scenarios"}
     * @return the tests, in name order
     */
    public static Stream<DynamicTest> under(final String classPathFolder) {
        return of(ScenarioFiles.onClassPath(classPathFolder, Thread.currentThread().getContextClassLoader()),
                DriverRegistry.discover(), Boolean.getBoolean(UPDATE_PROPERTY));
    }

    /**
     * One test per scenario.
     *
     * @param sources  the scenarios
     * @param registry the drivers
     * @param update   whether to write golden transcripts instead of failing on a missing or differing one
     * @return the tests
     */
    public static Stream<DynamicTest> of(final List<ScenarioSource> sources, final DriverRegistry registry,
            final boolean update) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no scenario files (*" + ScenarioParser.EXTENSION + ") found");
        }
        final ScenarioReplay replay = new ScenarioReplay(new ScenarioParser(Objects.requireNonNull(registry,
                "registry")));
        return sources.stream().map(s -> DynamicTest.dynamicTest(ScenarioParser.nameOf(s.source()),
                () -> check(replay, s, update)));
    }

    private static void check(final ScenarioReplay replay, final ScenarioSource source, final boolean update)
            throws IOException {
        final ScenarioReplay.Verdict v;
        try {
            v = replay.replay(source);
        } catch (final ScenarioParseException e) {
            throw new AssertionFailedError(source.source() + " does not parse:\n" + e.getMessage());
        }
        if (update) {
            // Only a replay that passed, twice alike, becomes a golden transcript.
            if (!v.replayFailures().isEmpty()) {
                throw new AssertionFailedError(String.join("\n", v.replayFailures()) + "\n(golden transcript not"
                        + " written)");
            }
            v.updateGolden();
            return;
        }
        if (!v.hasGolden()) {
            throw new AssertionFailedError(source.source() + " has no golden transcript "
                    + ScenarioSource.goldenNameOf(source.source()) + "; run with -D" + UPDATE_PROPERTY
                    + "=true to write it, then review it");
        }
        final List<String> problems = v.problems();
        if (!problems.isEmpty()) {
            final String message = String.join("\n", problems) + (v.goldenMismatch() ? "\n(if the change is"
                    + " intended, run with -D" + UPDATE_PROPERTY + "=true and review the new transcript)" : "");
            throw v.goldenMismatch() ? new AssertionFailedError(message, source.golden(), v.result().transcriptText())
                    : new AssertionFailedError(message);
        }
    }
}
