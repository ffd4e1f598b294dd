package org.vmbussim.mgmt.scenario;

import java.util.List;

/**
 * A scenario file that cannot be replayed: every problem found, each as {@code file:line: message}. The parser
 * reads the whole file before it throws, so one run reports every bad line.
 */
public final class ScenarioParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The problems; a {@code List.copyOf}, so serializable. */
    private final List<String> problems;

    /**
     * Creates the exception.
     *
     * @param problems each problem as {@code file:line: message}, at least one
     */
    public ScenarioParseException(final List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problems");
        }
        this.problems = List.copyOf(problems);
    }

    /**
     * Every problem, in file order.
     *
     * @return the problems, each {@code file:line: message}
     */
    public List<String> problems() {
        return problems;
    }
}
