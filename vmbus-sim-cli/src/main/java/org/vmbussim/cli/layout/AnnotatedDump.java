package org.vmbussim.cli.layout;

import java.util.Arrays;
import java.util.HexFormat;
import org.vmbussim.cli.term.Table;
import org.vmbussim.wire.Field;
import org.vmbussim.wire.FieldKind;
import org.vmbussim.wire.FieldValues;
import org.vmbussim.wire.StructLayout;

/**
 * The annotated hex dump of {@code layout encode}: a title line, then one row per field with its
 * offset, size, name, value and bytes. A field longer than {@link #BYTES_PER_LINE} bytes continues on
 * the following rows, each starting with its offset; a run of identical lines inside a field shows as
 * one {@code *} (as {@code hexdump} does), so a 4 KiB reserved area takes three rows.
 */
final class AnnotatedDump {
    /** Bytes shown on one row. */
    static final int BYTES_PER_LINE = 8;
    /** Longest value shown in full; longer ones (long byte fields, PFN lists) show their size instead. */
    static final int MAX_VALUE_CHARS = 40;
    /** Integers from here up show their hex value too. */
    static final long DECIMAL_ONLY_BELOW = 10;

    private static final HexFormat BYTE_HEX = HexFormat.ofDelimiter(" ");

    private AnnotatedDump() {
    }

    /**
     * Renders values and their encoding.
     *
     * @param values the field values
     * @param bytes  their encoding ({@link StructLayout#encode(FieldValues)})
     * @return the dump, each line ending in a newline
     */
    static String render(final FieldValues values, final byte[] bytes) {
        final StructLayout layout = values.layout();
        final Table table = new Table()
                .column("offset", Table.Align.RIGHT)
                .column("size", Table.Align.RIGHT)
                .column("field", Table.Align.LEFT)
                .column("value", Table.Align.LEFT)
                .column("bytes", Table.Align.LEFT);
        for (final Field f : layout.fields()) {
            final int size = f.isVariable() ? bytes.length - f.offset() : f.size();
            final Object value = values.get(f.name());
            addRows(table, f, size, valueText(f.kind(), value, size), bytes);
        }
        return layout.name() + ": " + bytes.length + " bytes, " + layout.doc() + '\n' + table.render();
    }

    private static void addRows(final Table table, final Field f, final int size, final String value,
            final byte[] bytes) {
        if (size == 0) {
            table.row(Integer.toString(f.offset()), "0", f.name(), value, "");
            return;
        }
        byte[] previous = null;
        boolean starred = false;
        for (int at = f.offset(); at < f.offset() + size; at += BYTES_PER_LINE) {
            final int end = Math.min(at + BYTES_PER_LINE, f.offset() + size);
            final byte[] line = Arrays.copyOfRange(bytes, at, end);
            final boolean first = at == f.offset();
            final boolean last = end == f.offset() + size;
            if (!first && !last && Arrays.equals(line, previous)) {
                if (!starred) {
                    table.row("", "", "", "", "*");
                    starred = true;
                }
                continue;
            }
            starred = false;
            previous = line;
            table.row(Integer.toString(at), first ? Integer.toString(size) : "", first ? f.name() : "",
                    first ? value : "", BYTE_HEX.formatHex(line));
        }
    }

    private static String valueText(final FieldKind kind, final Object value, final int size) {
        final String text = kind.format(value);
        if (kind.isInteger() && kind != FieldKind.U64 && (Long) value >= DECIMAL_ONLY_BELOW) {
            // Decimal is the text form; flags and opcodes read better in hex as well.
            return text + " (0x" + Long.toHexString((Long) value) + ")";
        }
        if (!text.isEmpty() && text.length() <= MAX_VALUE_CHARS) {
            return text;
        }
        return kind == FieldKind.U64_ARRAY ? "(" + ((long[]) value).length + " elements)" : "(" + size + " bytes)";
    }
}
