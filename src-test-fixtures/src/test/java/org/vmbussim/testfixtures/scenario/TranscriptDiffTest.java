package org.vmbussim.testfixtures.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TranscriptDiffTest {

    private static List<String> numbered(final int count) {
        final List<String> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            out.add("line " + i);
        }
        return out;
    }

    @Test
    void equalTranscriptsHaveNoDiff() {
        assertEquals("", TranscriptDiff.unified("a", numbered(5), "b", numbered(5)));
    }

    @Test
    void oneChangedLineGetsAHunkWithThreeLinesOfContext() {
        final List<String> actual = new ArrayList<>(numbered(20));
        actual.set(9, "line ten");
        assertEquals("""
                --- golden
                +++ replay
                @@ -7,7 +7,7 @@
                 line 7
                 line 8
                 line 9
                -line 10
                +line ten
                 line 11
                 line 12
                 line 13
                """, TranscriptDiff.unified("golden", numbered(20), "replay", actual));
    }

    @Test
    void distantChangesGetSeparateHunksAndCloseOnesOne() {
        final List<String> actual = new ArrayList<>(numbered(30));
        actual.remove(1);          // line 2 gone
        actual.add(3, "new");      // after line 4 (now index 3)
        actual.set(26, "changed"); // line 27
        final String diff = TranscriptDiff.unified("a", numbered(30), "b", actual);
        assertEquals("""
                --- a
                +++ b
                @@ -1,7 +1,7 @@
                 line 1
                -line 2
                 line 3
                 line 4
                +new
                 line 5
                 line 6
                 line 7
                @@ -24,7 +24,7 @@
                 line 24
                 line 25
                 line 26
                -line 27
                +changed
                 line 28
                 line 29
                 line 30
                """, diff);
    }

    @Test
    void linesAddedToAnEmptyTranscriptCountFromZero() {
        assertEquals("--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n", TranscriptDiff.unified("a", List.of(), "b",
                List.of("x", "y")));
        assertEquals("--- a\n+++ b\n@@ -1,2 +0,0 @@\n-x\n-y\n", TranscriptDiff.unified("a", List.of("x", "y"), "b",
                List.of()));
    }

    @Test
    void applyingTheDiffGivesTheActualTranscriptForRandomEdits() {
        final long seed = 20240611L;
        final Random r = new Random(seed);
        for (int round = 0; round < 200; round++) {
            final List<String> a = new ArrayList<>();
            for (int i = 0; i < r.nextInt(40); i++) {
                a.add("l" + r.nextInt(8));
            }
            final List<String> b = new ArrayList<>(a);
            for (int k = 0; k < r.nextInt(6); k++) {
                final int op = r.nextInt(3);
                if (op == 0 || b.isEmpty()) {
                    b.add(r.nextInt(b.size() + 1), "n" + r.nextInt(8));
                } else if (op == 1) {
                    b.remove(r.nextInt(b.size()));
                } else {
                    b.set(r.nextInt(b.size()), "c" + r.nextInt(8));
                }
            }
            final String diff = TranscriptDiff.unified("a", a, "b", b);
            assertEquals(b, apply(a, diff), "seed " + seed + " round " + round + "\n" + diff);
        }
    }

    @Test
    void textSplitsIntoLinesWithoutATrailingEmptyOne() {
        assertEquals(List.of("a", "b"), TranscriptDiff.lines("a\nb\n"));
        assertEquals(List.of("a", "b"), TranscriptDiff.lines("a\r\nb"));
        assertEquals(List.of(), TranscriptDiff.lines(""));
        assertEquals(List.of("a", ""), TranscriptDiff.lines("a\n\n"));
    }

    @Test
    void hugeDifferencesAreShownAsReplacedWithoutAQuadraticTable() {
        final List<String> a = new ArrayList<>();
        final List<String> b = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            a.add("a" + i);
            b.add("b" + i);
        }
        final String diff = TranscriptDiff.unified("a", a, "b", b);
        assertTrue(diff.startsWith("--- a\n+++ b\n@@ -1,3000 +1,3000 @@\n-a0\n"), diff.substring(0, 60));
        assertEquals(b, apply(a, diff));
    }

    /** Applies a unified diff (as produced here) to the old lines. */
    private static List<String> apply(final List<String> old, final String diff) {
        final List<String> out = new ArrayList<>();
        int next = 0;
        for (final String line : TranscriptDiff.lines(diff)) {
            if (line.startsWith("--- ") || line.startsWith("+++ ")) {
                continue;
            }
            if (line.startsWith("@@ -")) {
                final String range = line.substring(4, line.indexOf(' ', 4));
                final int start = Integer.parseInt(range.substring(0, range.indexOf(',')));
                final int len = Integer.parseInt(range.substring(range.indexOf(',') + 1));
                final int from = len == 0 ? start : start - 1;
                while (next < from) {
                    out.add(old.get(next++));
                }
                continue;
            }
            final char kind = line.charAt(0);
            if (kind == ' ') {
                assertEquals(old.get(next), line.substring(1));
                out.add(old.get(next++));
            } else if (kind == '-') {
                assertEquals(old.get(next), line.substring(1));
                next++;
            } else {
                out.add(line.substring(1));
            }
        }
        while (next < old.size()) {
            out.add(old.get(next++));
        }
        return out;
    }
}
