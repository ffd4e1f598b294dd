package org.vmbussim.testfixtures.golden;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.vmbussim.uapi.Ioctl;
import org.vmbussim.wire.ByteArrayRegion;
import org.vmbussim.wire.Field;
import org.vmbussim.wire.FieldValues;
import org.vmbussim.wire.HexDump;
import org.vmbussim.wire.LittleEndian;
import org.vmbussim.wire.StructLayout;
import org.vmbussim.wire.WireFormatException;

/**
 * Checks one golden vector both ways: encode(fields) must equal the bytes, and decoding the bytes
 * struct by struct must give the fields back and consume every byte. A failure message shows
 * expected and actual bytes side by side with the differing offsets marked, and the fields that
 * differ by name.
 */
public final class GoldenVectorCheck {

    private GoldenVectorCheck() {
    }

    /**
     * Checks a vector.
     *
     * @param vector the vector
     * @return an empty list when it holds, otherwise one message per failed direction
     */
    public static List<String> check(final GoldenVector vector) {
        return vector.isIoctl() ? checkIoctl(vector) : checkStructs(vector);
    }

    /**
     * Checks a vector and throws an {@link AssertionError} with the full report when it fails.
     *
     * @param vector the vector
     */
    public static void assertHolds(final GoldenVector vector) {
        final List<String> failures = check(vector);
        if (!failures.isEmpty()) {
            throw new AssertionError("golden vector " + vector.name() + ":\n" + String.join("\n", failures));
        }
    }

    private static List<String> checkStructs(final GoldenVector vector) {
        final List<String> failures = new ArrayList<>();
        final ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        for (final FieldValues seg : vector.segments()) {
            encoded.writeBytes(seg.layout().encode(seg));
        }
        final String diff = HexDump.compare(vector.bytes(), encoded.toByteArray());
        if (!diff.isEmpty()) {
            failures.add("encode(fields) != bytes\n" + diff);
        }
        final ByteArrayRegion region = ByteArrayRegion.wrap(vector.bytes());
        int at = 0;
        for (int i = 0; i < vector.segments().size(); i++) {
            final FieldValues expected = vector.segments().get(i);
            final StructLayout layout = expected.layout();
            final boolean last = i == vector.segments().size() - 1;
            final int available = last ? vector.bytes().length - at
                    : Math.min(vector.bytes().length - at, layout.encodedLength(expected));
            final StructLayout.Decoded decoded;
            try {
                decoded = layout.decode(region, at, available);
            } catch (final WireFormatException | org.vmbussim.wire.MemoryAccessException e) {
                failures.add("decode(bytes) of " + layout.name() + " at offset " + at + " failed: " + e.getMessage());
                return failures;
            }
            final String fieldDiff = fieldDiff(expected, decoded.values());
            if (!fieldDiff.isEmpty()) {
                failures.add("decode(bytes) != fields for " + layout.name() + " at offset " + at + ":\n" + fieldDiff);
            }
            at += decoded.consumed();
        }
        if (at != vector.bytes().length) {
            failures.add("decode consumed " + at + " of " + vector.bytes().length + " bytes");
        }
        return failures;
    }

    private static String fieldDiff(final FieldValues expected, final FieldValues actual) {
        final StringBuilder sb = new StringBuilder();
        for (final Field f : expected.layout().fields()) {
            final Object e = expected.get(f.name());
            final Object a = actual.get(f.name());
            if (!f.kind().valuesEqual(e, a)) {
                sb.append(String.format("  %s @%d: expected %s, decoded %s%n", f.name(), f.offset(),
                        f.kind().format(e), f.kind().format(a)));
            }
        }
        return sb.toString();
    }

    private static List<String> checkIoctl(final GoldenVector vector) {
        final List<String> failures = new ArrayList<>();
        final Ioctl expected = vector.ioctl();
        final byte[] encoded = new byte[Integer.BYTES];
        LittleEndian.putInt(encoded, 0, expected.command());
        final String diff = HexDump.compare(vector.bytes(), encoded);
        if (!diff.isEmpty()) {
            failures.add("encode(ioctl) != bytes (" + expected + ")\n" + diff);
        }
        if (vector.bytes().length == Integer.BYTES) {
            final Ioctl decoded = Ioctl.decode(LittleEndian.getInt(vector.bytes(), 0));
            if (!decoded.equals(expected)) {
                failures.add("decode(bytes) = " + decoded + ", expected " + expected);
            }
        }
        return failures;
    }
}
