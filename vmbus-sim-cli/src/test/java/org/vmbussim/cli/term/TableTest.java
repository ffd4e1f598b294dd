package org.vmbussim.cli.term;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void sizesColumnsToTheWidestCellAndAlignsThem() {
        final Table t = new Table()
                .column("op", Table.Align.LEFT)
                .column("requests", Table.Align.RIGHT)
                .column("bytes", Table.Align.RIGHT)
                .column("note", Table.Align.LEFT);
        t.row("upload", "3", "1048576", "ok");
        t.row("list", "12", "0", "");
        t.rule();
        t.row("total", "15", "1048576", "");
        assertEquals(""
                + "op      requests    bytes  note\n"
                + "-------------------------------\n"
                + "upload         3  1048576  ok\n"
                + "list          12        0\n"
                + "-------------------------------\n"
                + "total         15  1048576\n", t.render());
        assertEquals(3, t.rowCount());
    }

    @Test
    void aHeaderOnlyTableHasItsRule() {
        assertEquals("a  b\n----\n", new Table().column("a", Table.Align.LEFT).column("b", Table.Align.RIGHT)
                .render());
    }

    @Test
    void rejectsRowsOfTheWrongWidthAndMultiLineCells() {
        final Table t = new Table().column("a", Table.Align.LEFT).column("b", Table.Align.LEFT);
        assertEquals("row of 1 cells [x] (expected: 2, one per column [a, b])",
                assertThrows(IllegalArgumentException.class, () -> t.row("x")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.row("x", "y\nz"));
        assertThrows(NullPointerException.class, () -> t.row("x", null));
    }

    @Test
    void columnsComeBeforeRows() {
        final Table t = new Table().column("a", Table.Align.LEFT);
        t.row("1");
        assertThrows(IllegalStateException.class, () -> t.column("b", Table.Align.LEFT));
        assertThrows(IllegalStateException.class, () -> new Table().render());
    }
}
