package org.vmbussim.mgmt.scenario;

import java.util.List;

/**
 * What one replay produced.
 *
 * @param name       the scenario's name
 * @param source     the scenario file
 * @param transcript one line per event, with simulated timestamps
 * @param failures   expectations that did not hold (and steps that could not run), in order
 */
public record ScenarioResult(String name, String source, List<String> transcript, List<ExpectationFailure> failures) {

    /**
     * Copies the lists.
     *
     * @param name       name
     * @param source     file
     * @param transcript lines
     * @param failures   failures
     */
    public ScenarioResult {
        transcript = List.copyOf(transcript);
        failures = List.copyOf(failures);
    }

    /**
     * Whether every expectation held.
     *
     * @return true when there are no failures
     */
    public boolean passed() {
        return failures.isEmpty();
    }

    /**
     * The transcript as text, one line each, ending with a line break: the form of a golden transcript file.
     *
     * @return the text
     */
    public String transcriptText() {
        return String.join("\n", transcript) + "\n";
    }
}
