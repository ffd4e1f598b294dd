package org.vmbussim.cli.term;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A plain-text table for summaries: a header, a rule under it, rows, and optional rules between rows
 * (before a totals row). Columns are as wide as their widest cell, two spaces apart; each column is
 * aligned left or right (numbers read best right-aligned). Lines carry no trailing white space.
 *
 * <pre>{@code
 * Table t = new Table().column("op", Table.Align.LEFT).column("bytes", Table.Align.RIGHT);
 * t.row("upload", "4096");
 * out.print(t.render());
 * }</pre>
 *
 * <p>Cells are single-line text; widths count chars, so wide Unicode characters misalign.
 */
public final class Table {
    /** How a column's cells sit within its width. */
    public enum Align {
        /** Text starts at the column's left edge. */
        LEFT,
        /** Text ends at the column's right edge. */
        RIGHT
    }

    private static final String GAP = "  ";

    private final List<String> headers = new ArrayList<>();
    private final List<Align> aligns = new ArrayList<>();
    /** Rows of cells; {@code null} marks a rule. */
    private final List<String[]> rows = new ArrayList<>();

    /**
     * Creates a table with no columns yet.
     */
    public Table() {
    }

    /**
     * Adds a column; all columns must be added before the first row.
     *
     * @param header the column's heading
     * @param align  how its cells align
     * @return this
     */
    public Table column(final String header, final Align align) {
        if (!rows.isEmpty()) {
            throw new IllegalStateException("column \"" + header + "\" added after rows");
        }
        headers.add(checkCell(header));
        aligns.add(Objects.requireNonNull(align, "align"));
        return this;
    }

    /**
     * Adds a row.
     *
     * @param cells one text per column
     * @return this
     * @throws IllegalArgumentException when the number of cells is not the number of columns
     */
    public Table row(final String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(String.format("row of %d cells %s (expected: %d, one per column %s)",
                    cells.length, Arrays.toString(cells), headers.size(), headers));
        }
        final String[] copy = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            copy[i] = checkCell(cells[i]);
        }
        rows.add(copy);
        return this;
    }

    /**
     * Adds a rule (a line of dashes) below the rows so far, e.g. before a totals row.
     *
     * @return this
     */
    public Table rule() {
        rows.add(null);
        return this;
    }

    /**
     * Number of rows added (rules not counted).
     *
     * @return rows
     */
    public int rowCount() {
        return (int) rows.stream().filter(Objects::nonNull).count();
    }

    /**
     * Renders the table.
     *
     * @return the lines, each ending in a newline
     */
    public String render() {
        if (headers.isEmpty()) {
            throw new IllegalStateException("a table needs at least one column");
        }
        final int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
        }
        for (final String[] row : rows) {
            if (row != null) {
                for (int c = 0; c < widths.length; c++) {
                    widths[c] = Math.max(widths[c], row[c].length());
                }
            }
        }
        final String rule = ruleLine(widths);
        final StringBuilder sb = new StringBuilder();
        line(sb, headers.toArray(new String[0]), widths);
        sb.append(rule);
        for (final String[] row : rows) {
            if (row == null) {
                sb.append(rule);
            } else {
                line(sb, row, widths);
            }
        }
        return sb.toString();
    }

    private void line(final StringBuilder sb, final String[] cells, final int[] widths) {
        final StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                line.append(GAP);
            }
            final String pad = " ".repeat(widths[c] - cells[c].length());
            line.append(aligns.get(c) == Align.RIGHT ? pad + cells[c] : cells[c] + pad);
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }

    private static String ruleLine(final int[] widths) {
        int length = 0;
        for (final int w : widths) {
            length += w;
        }
        return "-".repeat(length + GAP.length() * (widths.length - 1)) + '\n';
    }

    private static String checkCell(final String cell) {
        Objects.requireNonNull(cell, "cell");
        if (cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a table cell is one line: \"" + cell.replace("\n", "\\n")
                    .replace("\r", "\\r") + "\"");
        }
        return cell;
    }
}
