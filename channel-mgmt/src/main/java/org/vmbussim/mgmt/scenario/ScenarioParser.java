package org.vmbussim.mgmt.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Reads scenario files (docs/scenarios.md). The whole file is read before anything is reported, and every bad
 * line becomes one {@code file:line: message} problem of the {@link ScenarioParseException}; a file that parses
 * replays. Stateless apart from the registry it is given, so one parser may read many files.
 */
public final class ScenarioParser {
    /** The file name ending of scenario files. */
    public static final String EXTENSION = ".scenario";

    private static final long DEFAULT_SETTLE_NANOS = Scenario.DEFAULT_END_SETTLE_NANOS;

    private final DriverRegistry registry;

    /**
     * Creates a parser.
     *
     * @param registry the drivers and host models scenarios may name
     */
    public ScenarioParser(final DriverRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Reads a scenario file (UTF-8). Errors name the file as given.
     *
     * @param file the file
     * @return the scenario
     * @throws IOException when the file cannot be read
     * @throws ScenarioParseException when it is not a valid scenario
     */
    public Scenario parse(final Path file) throws IOException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Reads a scenario from text.
     *
     * @param source the file name errors name; the scenario's name is its last path element without
     *               {@value #EXTENSION}
     * @param text   the scenario
     * @return the scenario
     * @throws ScenarioParseException when it is not a valid scenario
     */
    public Scenario parse(final String source, final String text) {
        final ParseState state = new ParseState(registry, new Scenario.Header(nameOf(source), source));
        final List<Step> steps = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        final String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            try {
                final ScenarioLine line = ScenarioLine.split(source, i + 1, lines[i]);
                if (!line.isBlank()) {
                    final Step step = statement(line, state);
                    if (step != null) {
                        steps.add(step);
                    }
                }
            } catch (final LineError e) {
                problems.add(e.getMessage());
            }
        }
        if (steps.isEmpty() && problems.isEmpty()) {
            problems.add(source + ":1: no statements (a scenario needs at least one action or expectation)");
        }
        if (!problems.isEmpty()) {
            throw new ScenarioParseException(problems);
        }
        return new Scenario(state.header, steps);
    }

    /**
     * The scenario name of a file: its last path element without {@value #EXTENSION}.
     *
     * @param source the file name
     * @return the name
     */
    public static String nameOf(final String source) {
        final String file = source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
        return file.endsWith(EXTENSION) ? file.substring(0, file.length() - EXTENSION.length()) : file;
    }

    /** One line: a header directive (returns null) or a statement. */
    private static Step statement(final ScenarioLine line, final ParseState state) {
        final String verb = line.word(0);
        if (HeaderDirectives.WORDS.contains(verb)) {
            HeaderDirectives.apply(line, state);
            return null;
        }
        state.statement();
        return switch (verb) {
            case "host" -> HostStatements.parse(line, state);
            case "guest" -> GuestStatements.parse(line, state);
            case "expect" -> Expectations.parse(line, state);
            case "delay" -> delay(line);
            case "settle" -> settle(line);
            default -> throw line.error("unknown statement '" + verb + "' (expected: host, guest, expect, delay,"
                    + " settle, or a header line: " + String.join(", ", new TreeSet<>(HeaderDirectives.WORDS))
                    + ")");
        };
    }

    private static Step delay(final ScenarioLine line) {
        final ScenarioLine.Args a = line.args(1, "delay DURATION", 1, 1, Set.of(), Set.of());
        final long nanos = line.value(() -> Values.durationNanos(a.word(0)));
        return Step.action(line, run -> run.scheduler().advanceBy(nanos, TimeUnit.NANOSECONDS));
    }

    private static Step settle(final ScenarioLine line) {
        final ScenarioLine.Args a = line.args(1, "settle [DURATION]", 0, 1, Set.of(), Set.of());
        final long nanos = a.has(0) ? line.value(() -> Values.durationNanos(a.word(0))) : DEFAULT_SETTLE_NANOS;
        return Step.action(line, run -> run.scheduler().runUntilIdleAdvancingTime(nanos));
    }
}
