package org.vmbussim.testfixtures.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.vmbussim.mgmt.scenario.ExpectationFailure;
import org.vmbussim.mgmt.scenario.Scenario;
import org.vmbussim.mgmt.scenario.ScenarioParseException;
import org.vmbussim.mgmt.scenario.ScenarioParser;
import org.vmbussim.mgmt.scenario.ScenarioResult;
import org.vmbussim.mgmt.scenario.ScenarioRunner;

/**
 * Replays one scenario file the way a test suite judges it: parsed, replayed twice (the second transcript must
 * equal the first: same seed, same transcript), and compared with its golden transcript. Shared by
 * {@link ScenarioTests} and the {@code vmbus-sim replay} command.
 */
public final class ScenarioReplay {
    private final ScenarioParser parser;

    /**
     * Creates a replayer.
     *
     * @param parser reads the scenarios (and knows their drivers)
     */
    public ScenarioReplay(final ScenarioParser parser) {
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /**
     * Replays a scenario twice and compares it with its golden transcript.
     *
     * @param source the scenario
     * @return the verdict
     * @throws ScenarioParseException when the file is not a valid scenario
     */
    public Verdict replay(final ScenarioSource source) {
        final Scenario scenario = parser.parse(source.source(), source.text());
        final ScenarioResult first = ScenarioRunner.run(scenario);
        final ScenarioResult second = ScenarioRunner.run(scenario);
        final String replayDiff = TranscriptDiff.unified("first replay", first.transcript(), "second replay",
                second.transcript());
        final String goldenDiff = source.golden() == null ? null
                : TranscriptDiff.unified(ScenarioSource.goldenNameOf(source.source()),
                        TranscriptDiff.lines(source.golden()), "replay of " + source.source(), first.transcript());
        return new Verdict(source, first, replayDiff, goldenDiff);
    }

    /**
     * The outcome of one scenario.
     *
     * @param source     the scenario
     * @param result     the (first) replay
     * @param replayDiff how the second replay differed from the first; empty when it did not
     * @param goldenDiff how the replay differs from the golden transcript: empty when it matches, null when there is
     *                   no golden transcript
     */
    public record Verdict(ScenarioSource source, ScenarioResult result, String replayDiff, String goldenDiff) {

        /**
         * Whether a golden transcript exists.
         *
         * @return true when the source has one
         */
        public boolean hasGolden() {
            return goldenDiff != null;
        }

        /**
         * Whether the transcript differs from the golden one (false when there is none).
         *
         * @return true on a mismatch
         */
        public boolean goldenMismatch() {
            return goldenDiff != null && !goldenDiff.isEmpty();
        }

        /**
         * Whether the two replays differed.
         *
         * @return true when the replay is not deterministic
         */
        public boolean nondeterministic() {
            return !replayDiff.isEmpty();
        }

        /**
         * What is wrong with the replay itself: failed expectations ({@code file:line: ...}) and a second replay
         * that differed (with its diff).
         *
         * @return the failures; empty when the replay passed
         */
        public List<String> replayFailures() {
            final List<String> out = new ArrayList<>();
            for (final ExpectationFailure f : result.failures()) {
                out.add(f.toString());
            }
            if (nondeterministic()) {
                out.add(source.source() + ": the second replay differed from the first:\n" + replayDiff);
            }
            return out;
        }

        /**
         * {@link #replayFailures()} and, when the transcript differs from the golden one, that (with its diff). A
         * missing golden transcript is not listed here: whether it is a problem is the caller's call.
         *
         * @return the problems; empty when the scenario passed
         */
        public List<String> problems() {
            final List<String> out = replayFailures();
            if (goldenMismatch()) {
                out.add(source.source() + ": the transcript differs from "
                        + ScenarioSource.goldenNameOf(source.source()) + ":\n" + goldenDiff);
            }
            return out;
        }

        /**
         * Writes the transcript as the golden one, when it is missing or differs.
         *
         * @return true when the file was written
         * @throws IOException when it cannot be written
         * @throws IllegalStateException when the scenario is a class-path resource
         */
        public boolean updateGolden() throws IOException {
            if (!source.goldenWritable()) {
                throw new IllegalStateException(source.source() + " is on the class path: its golden transcript"
                        + " cannot be rewritten; replay the file on disk instead");
            }
            if (hasGolden() && !goldenMismatch()) {
                return false;
            }
            Files.writeString(source.goldenPath(), result.transcriptText(), StandardCharsets.UTF_8);
            return true;
        }
    }
}
