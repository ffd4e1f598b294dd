package org.vmbussim.testfixtures.golden;

import java.util.ArrayList;
import java.util.List;
import org.vmbussim.uapi.Ioctl;
import org.vmbussim.wire.FieldValues;
import org.vmbussim.wire.HexDump;
import org.vmbussim.wire.LayoutRegistry;
import org.vmbussim.wire.StructLayout;

/**
 * Parses the golden-vector text format:
 *
 * <pre>
 * # comment lines start with '#'
 * struct az_blob_request_sync        # one or more struct sections, laid end to end
 * timeout = 5                        # C field names; unset fields are 0
 * response.status = 0x1
 * struct az_blob_vsp_request         # the next struct starts where the previous ended
 * version = 0
 * hex                                # the expected bytes, white space ignored
 * 00 00 00 00 05 00 00 00 ...
 * </pre>
 *
 * An ioctl vector has an {@code ioctl} section with {@code direction}, {@code type}, {@code nr} and
 * {@code size}, and {@code hex} holds the 32-bit command little-endian.
 */
public final class GoldenVectorParser {
    private final LayoutRegistry registry;

    /**
     * Creates a parser that resolves struct names in a registry.
     *
     * @param registry the known structs
     */
    public GoldenVectorParser(final LayoutRegistry registry) {
        this.registry = registry;
    }

    /**
     * Parses one vector.
     *
     * @param name the vector's name, for messages
     * @param text the file's text
     * @return the vector
     * @throws IllegalArgumentException naming the file and line of the first error
     */
    public GoldenVector parse(final String name, final String text) {
        final List<FieldValues> segments = new ArrayList<>();
        final StringBuilder hex = new StringBuilder();
        FieldValues current = null;
        long[] ioctl = null;
        boolean inHex = false;
        final String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            final String line = stripComment(lines[i]).trim();
            if (line.isEmpty()) {
                continue;
            }
            try {
                if (inHex) {
                    hex.append(line);
                } else if (line.equals("hex")) {
                    inHex = true;
                } else if (line.startsWith("struct ")) {
                    final StructLayout layout = registry.get(line.substring("struct ".length()).trim());
                    current = layout.newValues();
                    segments.add(current);
                } else if (line.equals("ioctl")) {
                    ioctl = new long[4];
                } else {
                    final int eq = line.indexOf('=');
                    if (eq < 0) {
                        throw new IllegalArgumentException("expected \"name = value\", \"struct NAME\", or \"hex\"");
                    }
                    final String field = line.substring(0, eq).trim();
                    final String value = line.substring(eq + 1).trim();
                    if (ioctl != null) {
                        ioctl[ioctlIndex(field)] = Long.decode(value);
                    } else if (current != null) {
                        current.setText(field, value);
                    } else {
                        throw new IllegalArgumentException("field before any \"struct NAME\" line");
                    }
                }
            } catch (final RuntimeException e) {
                throw new IllegalArgumentException(name + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        if (!inHex) {
            throw new IllegalArgumentException(name + ": no \"hex\" section");
        }
        if (segments.isEmpty() == (ioctl == null)) {
            throw new IllegalArgumentException(name + ": needs struct sections or one ioctl section");
        }
        final Ioctl cmd = ioctl == null ? null
                : new Ioctl((int) ioctl[0], (int) ioctl[1], (int) ioctl[2], (int) ioctl[3]);
        return new GoldenVector(name, List.copyOf(segments), cmd, HexDump.parse(hex.toString()));
    }

    private static int ioctlIndex(final String field) {
        switch (field) {
            case "direction":
                return 0;
            case "type":
                return 1;
            case "nr":
                return 2;
            case "size":
                return 3;
            default:
                throw new IllegalArgumentException("ioctl has no field \"" + field
                        + "\" (fields: direction, type, nr, size)");
        }
    }

    private static String stripComment(final String line) {
        final int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }
}
