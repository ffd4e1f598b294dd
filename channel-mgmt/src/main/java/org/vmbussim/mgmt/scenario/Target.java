package org.vmbussim.mgmt.scenario;

/**
 * What a host action acts on: a label offered earlier or, to reach channels no label names, a relid number.
 *
 * @param label the label, or null
 * @param relid the relid when there is no label
 */
record Target(String label, int relid) {

    static Target parse(final ScenarioLine line, final ParseState state, final String word) {
        if (state.isRelid(word)) {
            return new Target(null, line.value(() -> Values.integer(word)));
        }
        return new Target(state.label(line, word), 0);
    }

    int relid(final ScenarioRun run) {
        return label == null ? relid : run.ref(label).relid();
    }
}
