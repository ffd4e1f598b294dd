package org.vmbussim.mgmt.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * One line of a scenario file split into words: whitespace separates words, {@code "..."} quotes a word with
 * spaces (no escapes inside), and {@code #} outside quotes starts a comment. Knows its file and line number, so
 * every error names them.
 */
final class ScenarioLine {
    private final String source;
    private final int number;
    private final List<String> words;
    private final List<Boolean> quoted;

    private ScenarioLine(final String source, final int number, final List<String> words, final List<Boolean> quoted) {
        this.source = source;
        this.number = number;
        this.words = words;
        this.quoted = quoted;
    }

    /**
     * Splits a line.
     *
     * @param source the file name, for errors
     * @param number the line number from 1
     * @param text   the line
     * @return the words (none for a blank or comment line)
     * @throws LineError for an unclosed quote
     */
    static ScenarioLine split(final String source, final int number, final String text) {
        final List<String> words = new ArrayList<>();
        final List<Boolean> quoted = new ArrayList<>();
        int i = 0;
        final int n = text.length();
        while (i < n) {
            final char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                break;
            } else if (c == '"') {
                final int end = text.indexOf('"', i + 1);
                if (end < 0) {
                    throw new LineError(source + ":" + number, "unclosed quote at column " + (i + 1));
                }
                words.add(text.substring(i + 1, end));
                quoted.add(true);
                i = end + 1;
            } else {
                int end = i;
                while (end < n && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '#'
                        && text.charAt(end) != '"') {
                    end++;
                }
                words.add(text.substring(i, end));
                quoted.add(false);
                i = end;
            }
        }
        return new ScenarioLine(source, number, List.copyOf(words), List.copyOf(quoted));
    }

    boolean isBlank() {
        return words.isEmpty();
    }

    String source() {
        return source;
    }

    int number() {
        return number;
    }

    int size() {
        return words.size();
    }

    String word(final int index) {
        return words.get(index);
    }

    /** The words, normalised: single spaces, quoted words quoted again. What the transcript echoes. */
    String text() {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(quoted.get(i) ? '"' + words.get(i) + '"' : words.get(i));
        }
        return sb.toString();
    }

    /** {@code file:line}. */
    String where() {
        return source + ":" + number;
    }

    LineError error(final String message) {
        return new LineError(where(), message);
    }

    /** Runs a value parser, turning its {@link IllegalArgumentException} into an error of this line. */
    <T> T value(final Supplier<T> parser) {
        try {
            return parser.get();
        } catch (final IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /**
     * Splits the words from {@code from} on into positional words, {@code key=value} options and bare flags.
     *
     * @param from        the first word to look at
     * @param usage       the statement's syntax, for messages
     * @param minWords    fewest positional words
     * @param maxWords    most positional words
     * @param optionKeys  the keys allowed in {@code key=value}; null allows any key
     * @param flags       bare words taken as flags
     * @return the arguments
     */
    Args args(final int from, final String usage, final int minWords, final int maxWords,
            final Set<String> optionKeys, final Set<String> flags) {
        final List<String> positional = new ArrayList<>();
        final Map<String, String> options = new LinkedHashMap<>();
        final Set<String> seenFlags = new TreeSet<>();
        for (int i = from; i < words.size(); i++) {
            final String w = words.get(i);
            final int eq = w.indexOf('=');
            if (!quoted.get(i) && eq > 0) {
                final String key = w.substring(0, eq);
                if (optionKeys != null && !optionKeys.contains(key)) {
                    throw error("unknown option '" + key + "' in: " + usage
                            + (optionKeys.isEmpty() ? "" : " (options: " + String.join(", ", new TreeSet<>(optionKeys))
                            + ")"));
                }
                if (options.put(key, w.substring(eq + 1)) != null) {
                    throw error("option '" + key + "' given twice");
                }
            } else if (!quoted.get(i) && flags.contains(w)) {
                seenFlags.add(w);
            } else {
                positional.add(w);
            }
        }
        if (positional.size() < minWords || positional.size() > maxWords) {
            throw error("expected: " + usage + " (got: " + text() + ")");
        }
        return new Args(this, List.copyOf(positional), options, seenFlags);
    }

    /**
     * The arguments of one statement.
     *
     * @param line       the line, for errors
     * @param positional the positional words
     * @param options    the {@code key=value} options, in order
     * @param flags      the bare flags present
     */
    record Args(ScenarioLine line, List<String> positional, Map<String, String> options, Set<String> flags) {

        String word(final int index) {
            return positional.get(index);
        }

        boolean has(final int index) {
            return index < positional.size();
        }

        boolean flag(final String name) {
            return flags.contains(name);
        }

        String option(final String key) {
            return options.get(key);
        }
    }
}
