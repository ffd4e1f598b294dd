package org.vmbussim.cli.term;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private final StringWriter text = new StringWriter();
    private final PrintWriter out = new PrintWriter(text);
    private long nowNanos;

    private ProgressBar bar(final boolean enabled, final String label, final long total, final int columns) {
        return new ProgressBar(out, enabled, label, total, columns, () -> nowNanos);
    }

    @Test
    void drawsNothingWhenNotOnATerminal() {
        try (ProgressBar bar = bar(false, "replay", 10, 80)) {
            for (int i = 0; i < 10; i++) {
                nowNanos += TimeUnit.SECONDS.toNanos(1);
                bar.advance(1);
            }
            assertEquals(10, bar.done());
        }
        out.flush();
        assertEquals("", text.toString());
    }

    @Test
    void printedLinesStillAppearWhenNotOnATerminal() {
        try (ProgressBar bar = bar(false, "replay", 2, 80)) {
            bar.advance(1);
            bar.println("a.scenario ok");
        }
        assertEquals("a.scenario ok\n", text.toString());
    }

    @Test
    void rendersLabelBarPercentAndCountsInTheTerminalWidth() {
        final ProgressBar bar = bar(true, "replay", 10, 40);
        bar.update(5);
        final String line = bar.render();
        assertEquals("replay [##########..........]  50% 5/10", line);
        assertEquals(39, line.length(), "one column spare, so the terminal never wraps");
    }

    @Test
    void keepsAMinimumBarWhenTheLabelIsLong() {
        final ProgressBar bar = bar(true, "x".repeat(100), 4, 40);
        bar.update(1);
        assertTrue(bar.render().contains("[##........]  25% 1/4"), bar.render());
    }

    @Test
    void redrawsInPlaceAtMostOncePerInterval() {
        final ProgressBar bar = bar(true, "work", 100, 40);
        bar.advance(1);
        final String afterFirst = text.toString();
        assertTrue(afterFirst.startsWith("\rwork ["), afterFirst);
        for (int i = 0; i < 10; i++) {
            nowNanos += ProgressBar.MIN_REDRAW_INTERVAL_NANOS / 20;
            bar.advance(1);
        }
        assertEquals(afterFirst, text.toString(), "no redraw within the interval");
        nowNanos += ProgressBar.MIN_REDRAW_INTERVAL_NANOS;
        bar.advance(1);
        assertEquals(2, text.toString().split("\r", -1).length - 1, text.toString());
        assertTrue(text.toString().endsWith(" 12% 12/100"), text.toString());
    }

    @Test
    void alwaysDrawsTheFinishedStateAndEndsTheLineOnClose() {
        final ProgressBar bar = bar(true, "work", 3, 40);
        bar.advance(1);
        bar.advance(1);
        bar.advance(5);
        assertTrue(text.toString().endsWith(" 100% 3/3"), text.toString());
        bar.close();
        assertTrue(text.toString().endsWith(" 100% 3/3\n"), text.toString());
        bar.close();
        bar.advance(1);
        assertTrue(text.toString().endsWith(" 100% 3/3\n"), "nothing after close: " + text);
    }

    @Test
    void printlnClearsTheBarThenDrawsItBelowTheLine() {
        final ProgressBar bar = bar(true, "work", 4, 40);
        bar.advance(1);
        final int barLength = bar.render().length();
        bar.println("first.scenario ok");
        final String s = text.toString();
        final String clear = "\r" + " ".repeat(barLength) + "\r";
        assertTrue(s.contains(clear + "first.scenario ok\n\rwork ["), s);
    }

    @Test
    void zeroWorkIsComplete() {
        final ProgressBar bar = bar(true, "nothing", 0, 40);
        bar.close();
        assertTrue(text.toString().contains("[##") && text.toString().endsWith(" 100% 0/0\n"), text.toString());
    }

    @Test
    void rejectsNegativeAmounts() {
        assertThrows(IllegalArgumentException.class, () -> bar(true, "x", -1, 40));
        final ProgressBar bar = bar(true, "x", 1, 40);
        assertThrows(IllegalArgumentException.class, () -> bar.advance(-1));
        assertThrows(IllegalArgumentException.class, () -> bar.update(-1));
    }

    @Test
    void terminalBarsDrawOnlyWhenInteractive() {
        final Terminal quiet = Terminal.of(InputStream.nullInputStream(), out, out, false, 80);
        try (ProgressBar bar = quiet.progressBar("q", 1)) {
            bar.advance(1);
        }
        assertEquals("", text.toString());
        final Terminal loud = Terminal.of(InputStream.nullInputStream(), out, out, true, 80);
        try (ProgressBar bar = loud.progressBar("l", 1)) {
            bar.advance(1);
        }
        assertTrue(text.toString().startsWith("\rl [") && text.toString().endsWith("100% 1/1\n"), text.toString());
    }
}
