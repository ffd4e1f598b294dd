package org.vmbussim.testfixtures.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A unified diff of two transcripts ({@code diff -u} style: {@code ---}/{@code +++} names, {@code @@} hunks with
 * three lines of context), so a mismatch with a golden transcript reads like a patch. Lines are compared whole.
 * The common head and tail are taken off first; the rest is matched by longest common subsequence, or, when
 * that would take more than {@value #MAX_CELLS} cells, shown as replaced wholesale.
 */
public final class TranscriptDiff {
    /** Lines of context around each change. */
    public static final int CONTEXT = 3;
    /** Largest LCS table (lines x lines) computed. */
    static final long MAX_CELLS = 4_000_000L;

    private TranscriptDiff() {
    }

    /**
     * Splits text into lines (a final line break ends the last line; it does not start an empty one).
     *
     * @param text the text
     * @return the lines
     */
    public static List<String> lines(final String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        final String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return Arrays.asList(body.split("\r?\n", -1));
    }

    /**
     * The unified diff from {@code expected} to {@code actual}.
     *
     * @param expectedName the {@code ---} name
     * @param expected     the expected lines
     * @param actualName   the {@code +++} name
     * @param actual       the actual lines
     * @return the diff, or the empty string when the lines are equal
     */
    public static String unified(final String expectedName, final List<String> expected, final String actualName,
            final List<String> actual) {
        if (expected.equals(actual)) {
            return "";
        }
        final List<Edit> edits = edits(expected, actual);
        final StringBuilder out = new StringBuilder();
        out.append("--- ").append(expectedName).append('\n').append("+++ ").append(actualName).append('\n');
        int i = 0;
        while (i < edits.size()) {
            if (edits.get(i).kind == ' ') {
                i++;
                continue;
            }
            // A hunk: from CONTEXT lines before this change to CONTEXT lines after the last change that is at most
            // 2 * CONTEXT unchanged lines from the previous one.
            final int start = Math.max(0, i - CONTEXT);
            int end = i;
            int lastChange = i;
            while (end < edits.size() && end - lastChange <= 2 * CONTEXT) {
                if (edits.get(end).kind != ' ') {
                    lastChange = end;
                }
                end++;
            }
            end = Math.min(edits.size(), lastChange + 1 + CONTEXT);
            appendHunk(out, edits.subList(start, end));
            i = end;
        }
        return out.toString();
    }

    private static void appendHunk(final StringBuilder out, final List<Edit> hunk) {
        int oldLen = 0;
        int newLen = 0;
        for (final Edit e : hunk) {
            oldLen += e.kind != '+' ? 1 : 0;
            newLen += e.kind != '-' ? 1 : 0;
        }
        final Edit first = hunk.get(0);
        out.append("@@ -").append(range(first.oldIndex, oldLen)).append(" +").append(range(first.newIndex, newLen))
                .append(" @@\n");
        for (final Edit e : hunk) {
            out.append(e.kind).append(e.text).append('\n');
        }
    }

    /** GNU's numbering: 1-based start, and for an empty range the line before it. */
    private static String range(final int index, final int length) {
        return (length == 0 ? index : index + 1) + "," + length;
    }

    private static List<Edit> edits(final List<String> a, final List<String> b) {
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < a.size() - head && tail < b.size() - head
                && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
            tail++;
        }
        final List<Edit> out = new ArrayList<>();
        for (int k = 0; k < head; k++) {
            out.add(new Edit(' ', k, k, a.get(k)));
        }
        middle(a.subList(head, a.size() - tail), b.subList(head, b.size() - tail), head, out);
        for (int k = 0; k < tail; k++) {
            final int ai = a.size() - tail + k;
            out.add(new Edit(' ', ai, b.size() - tail + k, a.get(ai)));
        }
        return out;
    }

    private static void middle(final List<String> a, final List<String> b, final int offset, final List<Edit> out) {
        final int n = a.size();
        final int m = b.size();
        if ((long) (n + 1) * (m + 1) > MAX_CELLS) {
            for (int i = 0; i < n; i++) {
                out.add(new Edit('-', offset + i, offset, a.get(i)));
            }
            for (int j = 0; j < m; j++) {
                out.add(new Edit('+', offset + n, offset + j, b.get(j)));
            }
            return;
        }
        // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
        final int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                out.add(new Edit(' ', offset + i, offset + j, a.get(i)));
                i++;
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.add(new Edit('-', offset + i, offset + j, a.get(i)));
                i++;
            } else {
                out.add(new Edit('+', offset + i, offset + j, b.get(j)));
                j++;
            }
        }
    }

    /** One line of the edit script, with its position in each file. */
    private record Edit(char kind, int oldIndex, int newIndex, String text) {
    }
}
