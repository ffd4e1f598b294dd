package org.vmbussim.cli.term;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The streams a command reads and writes, and whether a person is watching standard output. Commands
 * get one injected instead of touching {@code System.in/out/err}, so tests run them in-process with
 * captured output.
 */
public final class Terminal {
    /** Width assumed when the environment does not say ({@code COLUMNS} unset or unusable). */
    public static final int DEFAULT_COLUMNS = 80;
    /** Narrowest width honoured; a smaller {@code COLUMNS} is taken as this. */
    public static final int MIN_COLUMNS = 40;
    /** Longest wait for {@code stty size}. */
    static final long STTY_TIMEOUT_MILLIS = 1000;

    private final InputStream in;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean interactive;
    private final int columns;

    private Terminal(final InputStream in, final PrintWriter out, final PrintWriter err, final boolean interactive,
            final int columns) {
        this.in = Objects.requireNonNull(in, "in");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.interactive = interactive;
        this.columns = Math.max(columns, MIN_COLUMNS);
    }

    /**
     * A terminal over explicit streams (tests, embedding).
     *
     * @param in          standard input
     * @param out         standard output
     * @param err         standard error
     * @param interactive whether standard output is a terminal a person watches (progress bars draw)
     * @param columns     the width of standard output in characters
     * @return the terminal
     */
    public static Terminal of(final InputStream in, final PrintWriter out, final PrintWriter err,
            final boolean interactive, final int columns) {
        return new Terminal(in, out, err, interactive, columns);
    }

    /**
     * The process's own standard streams, interactive when {@link #isInteractive(boolean, String)}
     * says so for {@link System#console()} and {@code TERM}.
     *
     * @return the terminal
     */
    public static Terminal system() {
        final boolean interactive = isInteractive(System.console() != null, System.getenv("TERM"));
        final String columnsVariable = System.getenv("COLUMNS");
        // Shells do not export COLUMNS; a bar wider than the terminal wraps and can no longer redraw in place.
        final int columns = columnsVariable == null && interactive ? sttyColumns() : columns(columnsVariable);
        return new Terminal(System.in, writer(System.out), writer(System.err), interactive, columns);
    }

    /**
     * Whether progress output should draw: there is a console (on Java 17: standard input and output are
     * both terminals) and the terminal is not a dumb one (which cannot redraw a line).
     *
     * @param consolePresent whether {@link System#console()} is not null
     * @param term           the {@code TERM} environment variable, or null
     * @return true when a person is watching a terminal that can redraw
     */
    public static boolean isInteractive(final boolean consolePresent, final String term) {
        return consolePresent && !"dumb".equals(term);
    }

    /**
     * The width from a {@code COLUMNS} value.
     *
     * @param columnsVariable the variable's value, or null
     * @return the width, {@link #DEFAULT_COLUMNS} when the value is missing or not a number
     */
    public static int columns(final String columnsVariable) {
        if (columnsVariable == null) {
            return DEFAULT_COLUMNS;
        }
        try {
            return Math.max(Integer.parseInt(columnsVariable.trim()), MIN_COLUMNS);
        } catch (final NumberFormatException e) {
            return DEFAULT_COLUMNS;
        }
    }

    /**
     * The width from the output of {@code stty size} ({@code "rows columns"}).
     *
     * @param sttySize the output
     * @return the width, {@link #DEFAULT_COLUMNS} when the output is not two numbers
     */
    public static int columnsFromSttySize(final String sttySize) {
        final String[] parts = sttySize.trim().split("\\s+");
        return parts.length == 2 ? columns(parts[1]) : DEFAULT_COLUMNS;
    }

    /** Asks the controlling terminal for its width; only called when a person is watching one. */
    private static int sttyColumns() {
        try {
            final Process stty = new ProcessBuilder("stty", "size")
                    .redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try {
                if (!stty.waitFor(STTY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS) || stty.exitValue() != 0) {
                    return DEFAULT_COLUMNS;
                }
                // A few bytes: the pipe cannot have filled, so reading after the exit is safe.
                return columnsFromSttySize(new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
            } finally {
                stty.destroyForcibly();
            }
        } catch (final IOException e) {
            return DEFAULT_COLUMNS;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return DEFAULT_COLUMNS;
        }
    }

    private static PrintWriter writer(final PrintStream stream) {
        // Autoflush on println: interleaving with the other stream stays in order on a terminal.
        return new PrintWriter(new OutputStreamWriter(stream, Charset.defaultCharset()), true);
    }

    /**
     * Standard input.
     *
     * @return the stream
     */
    public InputStream in() {
        return in;
    }

    /**
     * Standard output: results.
     *
     * @return the writer
     */
    public PrintWriter out() {
        return out;
    }

    /**
     * Standard error: diagnostics, notes and errors.
     *
     * @return the writer
     */
    public PrintWriter err() {
        return err;
    }

    /**
     * Whether standard output is a terminal a person watches.
     *
     * @return true when progress output may draw
     */
    public boolean isInteractive() {
        return interactive;
    }

    /**
     * The width of standard output.
     *
     * @return characters, at least {@link #MIN_COLUMNS}
     */
    public int columns() {
        return columns;
    }

    /**
     * Starts a progress bar on standard output; it draws only when {@link #isInteractive()}.
     *
     * @param label what is being done, e.g. {@code "replay"}
     * @param total the amount of work, in whatever unit the caller counts (at least 0)
     * @return the bar; close it when the work ends
     */
    public ProgressBar progressBar(final String label, final long total) {
        return new ProgressBar(out, interactive, label, total, columns, System::nanoTime);
    }
}
