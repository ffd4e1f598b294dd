package org.vmbussim.wire;

import java.util.HexFormat;

/**
 * Hex renderings for tests, logs and the CLI: one-line hex, a 16-bytes-a-line dump with offsets, and a
 * side-by-side comparison that marks the differing offsets.
 */
public final class HexDump {
    private static final HexFormat HEX = HexFormat.of();
    private static final int PER_LINE = 16;

    private HexDump() {
    }

    /**
     * Bytes as one line of lower-case hex.
     *
     * @param bytes the bytes
     * @return e.g. {@code 0a0b0c}
     */
    public static String toHex(final byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /**
     * Parses hex digits, ignoring white space.
     *
     * @param text the hex
     * @return the bytes
     * @throws IllegalArgumentException on an odd count or a non-hex character
     */
    public static byte[] parse(final String text) {
        return HEX.parseHex(text.replaceAll("\\s+", ""));
    }

    /**
     * A dump of 16 bytes a line: {@code 0000  01 02 ...}.
     *
     * @param bytes the bytes
     * @return the dump, ending in a newline
     */
    public static String dump(final byte[] bytes) {
        final StringBuilder sb = new StringBuilder();
        for (int line = 0; line < bytes.length; line += PER_LINE) {
            sb.append(String.format("%04x ", line));
            for (int i = line; i < Math.min(line + PER_LINE, bytes.length); i++) {
                sb.append(' ').append(HEX.toHexDigits(bytes[i]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Expected and actual bytes side by side, 16 a line, with a {@code ^^} under each differing byte
     * and the list of differing offsets.
     *
     * @param expected the expected bytes
     * @param actual   the actual bytes
     * @return the comparison, or an empty string when equal
     */
    public static String compare(final byte[] expected, final byte[] actual) {
        final int n = Math.max(expected.length, actual.length);
        final StringBuilder out = new StringBuilder();
        final StringBuilder offsets = new StringBuilder();
        out.append(String.format("offset  %-47s | %-47s%n", "expected (" + expected.length + " bytes)",
                "actual (" + actual.length + " bytes)"));
        for (int line = 0; line < n; line += PER_LINE) {
            final StringBuilder e = new StringBuilder();
            final StringBuilder a = new StringBuilder();
            final StringBuilder mark = new StringBuilder();
            boolean differs = false;
            for (int i = line; i < Math.min(line + PER_LINE, n); i++) {
                final String eb = i < expected.length ? HEX.toHexDigits(expected[i]) : "--";
                final String ab = i < actual.length ? HEX.toHexDigits(actual[i]) : "--";
                e.append(eb).append(' ');
                a.append(ab).append(' ');
                final boolean d = !eb.equals(ab);
                mark.append(d ? "^^ " : "   ");
                if (d) {
                    differs = true;
                    offsets.append(offsets.length() == 0 ? "" : ", ").append(i);
                }
            }
            out.append(String.format("%04x    %-47s | %-47s%n", line, e.toString().trim(), a.toString().trim()));
            if (differs) {
                out.append(String.format("        %-47s | %-47s%n", mark.toString().stripTrailing(),
                        mark.toString().stripTrailing()));
            }
        }
        if (offsets.length() == 0) {
            return "";
        }
        return out.append("differing offsets: ").append(offsets).append('\n').toString();
    }
}
