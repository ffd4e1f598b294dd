package org.vmbussim.testfixtures.scenario;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.vmbussim.mgmt.scenario.ScenarioParser;

/**
 * One scenario file and its golden transcript ({@code NAME.transcript} beside {@code NAME.scenario}).
 *
 * @param source     how errors and test names call it: the path as given, or the path below the class-path folder
 * @param text       the scenario
 * @param golden     the golden transcript's text, or null when there is none
 * @param goldenPath where the golden transcript is (or would be) on disk, or null for a class-path resource,
 *                   whose golden cannot be rewritten
 */
public record ScenarioSource(String source, String text, String golden, Path goldenPath) {
    /** The file name ending of golden transcripts. */
    public static final String TRANSCRIPT_EXTENSION = ".transcript";

    /**
     * Validates.
     *
     * @param source     name
     * @param text       scenario text
     * @param golden     golden text or null
     * @param goldenPath golden file or null
     */
    public ScenarioSource {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
    }

    /**
     * The golden transcript's name for a scenario file name: {@code .scenario} replaced by {@code .transcript}.
     *
     * @param scenarioFile a scenario file name or path
     * @return the golden's name or path
     */
    public static String goldenNameOf(final String scenarioFile) {
        final String base = scenarioFile.endsWith(ScenarioParser.EXTENSION)
                ? scenarioFile.substring(0, scenarioFile.length() - ScenarioParser.EXTENSION.length()) : scenarioFile;
        return base + TRANSCRIPT_EXTENSION;
    }

    /**
     * The golden transcript.
     *
     * @return its text, or empty when there is none yet
     */
    public Optional<String> goldenText() {
        return Optional.ofNullable(golden);
    }

    /**
     * Whether the golden transcript can be (re)written: the scenario is a file, not a class-path resource.
     *
     * @return true for files
     */
    public boolean goldenWritable() {
        return goldenPath != null;
    }
}
