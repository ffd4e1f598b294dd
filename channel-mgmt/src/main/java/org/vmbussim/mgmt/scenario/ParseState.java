package org.vmbussim.mgmt.scenario;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** What the parser knows so far about one file: the header, the labels and driver names defined, and where. */
final class ParseState {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");

    final DriverRegistry registry;
    final Scenario.Header header;
    private final Map<String, Integer> labels = new HashMap<>();
    private final Map<String, Integer> drivers = new HashMap<>();
    private final Map<String, Integer> headerLines = new HashMap<>();
    private boolean statementsStarted;

    ParseState(final DriverRegistry registry, final Scenario.Header header) {
        this.registry = registry;
        this.header = header;
    }

    /** A header line: only before the first statement, and each directive once. */
    void headerLine(final ScenarioLine line, final String key) {
        if (statementsStarted) {
            throw line.error("header line '" + line.word(0) + "' after the first statement; move it to the top");
        }
        final Integer earlier = headerLines.putIfAbsent(key, line.number());
        if (earlier != null) {
            throw line.error("'" + key + "' was already set at line " + earlier);
        }
    }

    void statement() {
        statementsStarted = true;
    }

    /** A new label; fails when it is malformed or taken. */
    String defineLabel(final ScenarioLine line, final String label) {
        if (!LABEL.matcher(label).matches()) {
            throw line.error("bad label '" + label + "' (expected: a letter, then letters, digits, _ . -)");
        }
        final Integer earlier = labels.putIfAbsent(label, line.number());
        if (earlier != null) {
            throw line.error("label '" + label + "' is already used at line " + earlier);
        }
        return label;
    }

    /** A label offered by an earlier statement. */
    String label(final ScenarioLine line, final String label) {
        if (!labels.containsKey(label)) {
            throw line.error("unknown device '" + label + "' (define it first with: host offer " + label + " TYPE)");
        }
        return label;
    }

    /** A label or, for host actions, a relid number. */
    boolean isRelid(final String word) {
        return !word.isEmpty() && word.chars().allMatch(Character::isDigit);
    }

    /** Whether a driver name was registered by an earlier statement, and where. */
    Integer driverLine(final String name) {
        return drivers.get(name);
    }

    void defineDriver(final ScenarioLine line, final String name) {
        drivers.put(name, line.number());
    }
}
