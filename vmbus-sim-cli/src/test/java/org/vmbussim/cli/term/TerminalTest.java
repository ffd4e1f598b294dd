package org.vmbussim.cli.term;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TerminalTest {

    @Test
    void interactiveOnlyWithAConsoleThatIsNotDumb() {
        assertTrue(Terminal.isInteractive(true, "xterm-256color"));
        assertTrue(Terminal.isInteractive(true, null));
        assertFalse(Terminal.isInteractive(true, "dumb"));
        assertFalse(Terminal.isInteractive(false, "xterm-256color"));
    }

    @Test
    void widthComesFromColumnsWithASaneFloorAndDefault() {
        assertEquals(132, Terminal.columns("132"));
        assertEquals(100, Terminal.columns(" 100 "));
        assertEquals(Terminal.MIN_COLUMNS, Terminal.columns("3"));
        assertEquals(Terminal.DEFAULT_COLUMNS, Terminal.columns(null));
        assertEquals(Terminal.DEFAULT_COLUMNS, Terminal.columns("wide"));
        assertEquals(Terminal.MIN_COLUMNS, Terminal.of(InputStream.nullInputStream(),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false, 1).columns());
    }

    @Test
    void widthFromSttySize() {
        assertEquals(70, Terminal.columnsFromSttySize("24 70\n"));
        assertEquals(Terminal.DEFAULT_COLUMNS, Terminal.columnsFromSttySize(""));
        assertEquals(Terminal.DEFAULT_COLUMNS, Terminal.columnsFromSttySize("stty: not a tty"));
        assertEquals(Terminal.MIN_COLUMNS, Terminal.columnsFromSttySize("24 0"));
    }

    @Test
    void theSystemTerminalIsNotInteractiveUnderTheTestRunner() {
        // Surefire pipes the test JVM's standard streams, so there is no console.
        assertFalse(Terminal.system().isInteractive());
    }
}
