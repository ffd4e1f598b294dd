package org.vmbussim.cli.demo;

import java.lang.reflect.RecordComponent;
import org.vmbussim.cli.term.Table;

/** Prints a record's components as a two-column table: the counters of a statistics record. */
final class Records {
    private Records() {
    }

    static String table(final Record record) {
        final Table table = new Table().column("counter", Table.Align.LEFT).column("value", Table.Align.RIGHT);
        for (final RecordComponent c : record.getClass().getRecordComponents()) {
            try {
                table.row(c.getName(), String.valueOf(c.getAccessor().invoke(record)));
            } catch (final ReflectiveOperationException e) {
                table.row(c.getName(), "(unreadable: " + e.getMessage() + ")");
            }
        }
        return table.render();
    }
}
