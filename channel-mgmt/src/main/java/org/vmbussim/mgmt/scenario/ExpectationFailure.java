package org.vmbussim.mgmt.scenario;

/**
 * An expectation that did not hold, or a step that could not run, in one replay.
 *
 * @param source    the scenario file
 * @param line      the line number of the statement
 * @param statement the statement
 * @param message   what was wrong
 */
public record ExpectationFailure(String source, int line, String statement, String message) {

    /**
     * {@code file:line: statement: message}.
     *
     * @return the failure on one line
     */
    @Override
    public String toString() {
        return source + ":" + line + ": " + statement + ": " + message;
    }
}
