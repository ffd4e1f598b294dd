package org.vmbussim.cli.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vmbussim.cli.CliHarness;
import org.vmbussim.cli.ExitCode;
import org.vmbussim.wire.Field;
import org.vmbussim.wire.FieldKind;
import org.vmbussim.wire.FieldValues;
import org.vmbussim.wire.Guid;
import org.vmbussim.wire.LayoutRegistry;
import org.vmbussim.wire.StructLayout;

/**
 * For every struct on the class path: {@code layout encode} with some fields set, {@code --raw}, then
 * {@code layout decode} of that hex gives the same values back, and {@code layout encode} of the decoded
 * lines gives the same bytes. Values are random from a seed that each failure message names.
 */
class LayoutRoundTripTest {
    private static final long SEED = 0x5eed_c11L;
    private static final int CASES_PER_STRUCT = 8;
    /** Most elements a random variable-length field gets. */
    private static final int MAX_TAIL_ELEMENTS = 12;

    static Stream<String> structs() {
        return LayoutRegistry.discover().layouts().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("structs")
    void encodeRawThenDecodeGivesTheValuesBack(final String struct) {
        final StructLayout layout = LayoutRegistry.discover().get(struct);
        final SplittableRandom random = new SplittableRandom(SEED ^ struct.hashCode());
        for (int i = 0; i < CASES_PER_STRUCT; i++) {
            final Map<String, String> set = randomAssignments(layout, random, i == 0);
            final String context = "seed=" + Long.toHexString(SEED) + " case " + i + " of " + struct + " with " + set;

            final List<String> encodeArgs = new ArrayList<>(List.of("layout", "encode", struct, "--raw"));
            set.forEach((name, text) -> encodeArgs.add(name + "=" + text));
            final CliHarness.Result encoded = CliHarness.run(encodeArgs.toArray(new String[0]));
            assertEquals(ExitCode.OK, encoded.exitCode(), () -> context + "\n" + encoded.describe());

            final String hex = encoded.out().trim();
            final CliHarness.Result decoded = CliHarness.run("layout", "decode", struct, hex);
            assertEquals(ExitCode.OK, decoded.exitCode(), () -> context + "\n" + decoded.describe());
            assertEquals("", decoded.err(), context);

            final FieldValues expected = layout.newValues();
            set.forEach(expected::setText);
            final FieldValues actual = layout.newValues();
            decoded.out().lines().forEach(line -> {
                final int eq = line.indexOf('=');
                actual.setText(line.substring(0, eq), line.substring(eq + 1));
            });
            assertEquals(expected, actual, () -> context + "\nexpected:\n" + expected + "actual:\n" + actual);
            assertEquals(layout.fields().size(), decoded.out().lines().count(), context);

            final List<String> again = new ArrayList<>(List.of("layout", "encode", "--raw", struct));
            again.addAll(decoded.out().lines().toList());
            assertEquals(hex + "\n", CliHarness.run(again.toArray(new String[0])).out(),
                    () -> context + ": the decoded lines encode to other bytes");
        }
    }

    /**
     * Text values for a random subset of the fields (all of them in the first case), in the forms a
     * user types: integers in decimal or hex, GUIDs braced, arrays comma-separated, bytes as hex. A
     * counted array gets as many elements as its count field says; when random counts would ask for
     * more than {@link #MAX_TAIL_ELEMENTS}, the integers are drawn small instead.
     */
    private static Map<String, String> randomAssignments(final StructLayout layout, final SplittableRandom random,
            final boolean all) {
        for (int attempt = 0; ; attempt++) {
            final boolean small = attempt > 0;
            final Map<String, String> set = new LinkedHashMap<>();
            final FieldValues values = layout.newValues();
            Field tail = null;
            for (final Field f : layout.fields()) {
                if (f.isVariable()) {
                    tail = f;
                } else if (all || random.nextBoolean()) {
                    final String text = randomText(f, random, small);
                    set.put(f.name(), text);
                    values.setText(f.name(), text);
                }
            }
            if (tail == null) {
                return set;
            }
            final int count = tail.countOfLast() == null ? random.nextInt(MAX_TAIL_ELEMENTS + 1)
                    : tail.countOfLast().applyAsInt(values);
            if (count >= 0 && count <= MAX_TAIL_ELEMENTS) {
                if (tail.kind() == FieldKind.U64_ARRAY) {
                    final List<String> elements = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        elements.add("0x" + Long.toHexString(random.nextLong()));
                    }
                    set.put(tail.name(), String.join(",", elements));
                } else {
                    set.put(tail.name(), hex(random, count));
                }
                return set;
            }
            if (attempt > 100) {
                throw new AssertionError(layout.name() + ": no small count after 100 attempts; count=" + count);
            }
        }
    }

    private static String randomText(final Field f, final SplittableRandom random, final boolean small) {
        switch (f.kind()) {
            case GUID: {
                final byte[] b = new byte[Guid.LENGTH];
                random.nextBytes(b);
                return Guid.fromWire(b).toBracedString();
            }
            case BYTES:
                return hex(random, f.size());
            default: {
                final int bits = 8 * f.kind().fixedSize();
                final long v = small ? random.nextInt(16)
                        : bits == 64 ? random.nextLong() : random.nextLong(1L << bits);
                return random.nextBoolean() ? "0x" + Long.toHexString(v) : Long.toUnsignedString(v);
            }
        }
    }

    private static String hex(final SplittableRandom random, final int length) {
        final byte[] b = new byte[length];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
