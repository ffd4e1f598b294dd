package org.vmbussim.cli.term;

import java.io.PrintWriter;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar for long work ({@code label [#####.....]  50% 5/10}), redrawn in place with a
 * carriage return. It draws only on an interactive terminal; otherwise every method except
 * {@link #println(String)} does nothing, so output piped to a file or another program holds results
 * only. Redraws are limited to one per {@link #MIN_REDRAW_INTERVAL_NANOS} (and the final state), so a
 * tight loop of {@link #advance(long)} costs little.
 *
 * <p>Thread-safe: workers may report progress concurrently (every method synchronizes on the bar).
 */
public final class ProgressBar implements AutoCloseable {
    /** Shortest time between two redraws. */
    public static final long MIN_REDRAW_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Fewest cells the bar itself gets, however long the label. */
    static final int MIN_BAR_CELLS = 10;

    private final PrintWriter out;
    private final boolean enabled;
    private final String label;
    private final long total;
    private final int columns;
    private final LongSupplier nanoClock;

    private long done;
    private long lastDrawNanos;
    private boolean drawnOnce;
    /** Length of the text currently on the bar's line, 0 when the line is empty. */
    private int drawnLength;
    private boolean closed;

    /**
     * Creates a bar; nothing is drawn until the first progress report.
     *
     * @param out       where to draw (standard output)
     * @param enabled   whether to draw at all (standard output is an interactive terminal)
     * @param label     what is being done
     * @param total     the amount of work (at least 0)
     * @param columns   the terminal's width
     * @param nanoClock a monotonic clock in nanoseconds ({@link System#nanoTime()})
     */
    public ProgressBar(final PrintWriter out, final boolean enabled, final String label, final long total,
            final int columns, final LongSupplier nanoClock) {
        if (total < 0) {
            throw new IllegalArgumentException("total=" + total + " (expected: >= 0)");
        }
        this.out = Objects.requireNonNull(out, "out");
        this.enabled = enabled;
        this.label = Objects.requireNonNull(label, "label");
        this.total = total;
        this.columns = columns;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /**
     * Reports more work done.
     *
     * @param delta units of work finished since the last report (at least 0)
     */
    public synchronized void advance(final long delta) {
        if (delta < 0) {
            throw new IllegalArgumentException("delta=" + delta + " (expected: >= 0)");
        }
        update(done + delta);
    }

    /**
     * Reports how much work is done in all; values past the total count as the total.
     *
     * @param doneSoFar units of work finished (at least 0)
     */
    public synchronized void update(final long doneSoFar) {
        if (doneSoFar < 0) {
            throw new IllegalArgumentException("done=" + doneSoFar + " (expected: >= 0)");
        }
        done = Math.min(doneSoFar, total);
        if (!enabled || closed) {
            return;
        }
        final long now = nanoClock.getAsLong();
        if (!drawnOnce || done == total || now - lastDrawNanos >= MIN_REDRAW_INTERVAL_NANOS) {
            draw(now);
        }
    }

    /**
     * Work finished so far.
     *
     * @return units
     */
    public synchronized long done() {
        return done;
    }

    /**
     * Prints a line of results; on a terminal the bar is cleared first and drawn again below the line, so
     * results and the bar do not mix. Prints even when the bar does not draw.
     *
     * @param line the text, without a line break
     */
    public synchronized void println(final String line) {
        if (drawnLength > 0) {
            out.print('\r' + " ".repeat(drawnLength) + '\r');
            drawnLength = 0;
        }
        out.println(line);
        if (enabled && !closed && drawnOnce) {
            draw(nanoClock.getAsLong());
        }
        out.flush();
    }

    /**
     * Draws the final state and ends the bar's line; further reports are ignored. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (enabled) {
            draw(nanoClock.getAsLong());
            out.println();
            out.flush();
            drawnLength = 0;
        }
        closed = true;
    }

    /**
     * The bar's text for the current state, fitted to the terminal width (for tests and for drawing).
     *
     * @return e.g. {@code "replay [#####.....]  50% 5/10"}
     */
    synchronized String render() {
        final int percent = total == 0 ? 100 : (int) (done * 100 / total);
        final String counts = String.format(" %3d%% %d/%d", percent, done, total);
        final int barCells = Math.max(MIN_BAR_CELLS, columns - 1 - label.length() - 3 - counts.length());
        final int filled = total == 0 ? barCells : (int) (done * barCells / total);
        return label + " [" + "#".repeat(filled) + ".".repeat(barCells - filled) + "]" + counts;
    }

    private void draw(final long now) {
        final String text = render();
        // Pad over a longer previous text so no stale characters remain at the end of the line.
        final String pad = " ".repeat(Math.max(0, drawnLength - text.length()));
        out.print('\r' + text + pad);
        out.flush();
        drawnLength = text.length();
        drawnOnce = true;
        lastDrawNanos = now;
    }
}
