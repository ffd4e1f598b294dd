package org.vmbussim.mgmt.scenario;

import java.util.Arrays;

/**
 * One statement of a scenario, ready to run: an action (host, guest or time) or an expectation.
 *
 * @param line   the line number
 * @param text   the statement as written (normalised), for the transcript
 * @param action what an action does, or null for an expectation
 * @param check  what an expectation checks, or null for an action
 */
record Step(int line, String text, Action action, Check check) {

    static Step action(final ScenarioLine line, final Action action) {
        return new Step(line.number(), line.text(), action, null);
    }

    static Step expectation(final ScenarioLine line, final Check check) {
        return new Step(line.number(), line.text(), null, check);
    }

    /** The first three words (side, verb, label or name): how an outcome line names its statement. */
    String subject() {
        final String[] words = text.split(" ", 4);
        return String.join(" ", Arrays.asList(words).subList(0, Math.min(3, words.length)));
    }

    boolean isExpectation() {
        return check != null;
    }

    /** An action: starts something on the VM; the runner then runs what became ready. */
    @FunctionalInterface
    interface Action {
        void run(ScenarioRun run);
    }

    /** An expectation: looks at the VM and the events so far. */
    @FunctionalInterface
    interface Check {
        /** Returns null when the expectation holds, else what is wrong. */
        String failure(ScenarioRun run);
    }
}
