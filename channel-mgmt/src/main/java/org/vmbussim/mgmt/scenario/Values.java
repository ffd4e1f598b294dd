package org.vmbussim.mgmt.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vmbussim.mgmt.device.DeviceType;
import org.vmbussim.mgmt.message.VmbusVersion;
import org.vmbussim.uapi.Errno;
import org.vmbussim.wire.Guid;

/**
 * The value syntaxes of the scenario format. Each method throws {@link IllegalArgumentException} with a message
 * that says what was expected; the parser adds the file and line.
 */
final class Values {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ns|us|ms|s)");

    private Values() {
    }

    /** {@code 250ms}, {@code 5s}, {@code 100us}, {@code 10ns}. */
    static long durationNanos(final String text) {
        final Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("bad duration '" + text + "' (expected: a number and ns, us, ms or s,"
                    + " e.g. 250ms)");
        }
        final long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("duration '" + text + "' is too long", e);
        }
        final TimeUnit unit = switch (m.group(2)) {
            case "ns" -> TimeUnit.NANOSECONDS;
            case "us" -> TimeUnit.MICROSECONDS;
            case "ms" -> TimeUnit.MILLISECONDS;
            default -> TimeUnit.SECONDS;
        };
        final long nanos = unit.toNanos(amount);
        if (nanos == Long.MAX_VALUE) {
            throw new IllegalArgumentException("duration '" + text + "' is too long");
        }
        return nanos;
    }

    /** A non-negative decimal, or hex with {@code 0x}. */
    static int integer(final String text) {
        try {
            final long v = text.startsWith("0x") || text.startsWith("0X") ? Long.parseLong(text.substring(2), 16)
                    : Long.parseLong(text);
            if (v < 0 || v > 0xFFFF_FFFFL) {
                throw new NumberFormatException();
            }
            return (int) v;
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("bad number '" + text + "' (expected: 0 to 4294967295, decimal or 0x"
                    + " hex)", e);
        }
    }

    /** {@code yes}/{@code no}. */
    static boolean yesNo(final String text) {
        return switch (text) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new IllegalArgumentException("expected yes or no, got '" + text + "'");
        };
    }

    /** A GUID in braces. */
    static Guid guid(final String text) {
        final String message = "bad GUID '" + text + "' (expected: {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx})";
        if (!text.startsWith("{")) {
            throw new IllegalArgumentException(message);
        }
        try {
            return Guid.parse(text);
        } catch (final RuntimeException e) {
            throw new IllegalArgumentException(message, e);
        }
    }

    /** A device type name from the table ({@code azure_blob}, {@code AZURE-BLOB}: any case, - or _). */
    static DeviceType deviceType(final String text) {
        final DeviceType t = enumValue(DeviceType.class, text, "device type");
        if (t == DeviceType.UNKNOWN) {
            throw new IllegalArgumentException("UNKNOWN is not a device class; give the class GUID in braces");
        }
        return t;
    }

    /** A device type name or a class GUID in braces. */
    static Guid classId(final String text) {
        return text.startsWith("{") ? guid(text) : deviceType(text).classId();
    }

    /** Several classes separated by commas. */
    static List<Guid> classIds(final String text) {
        final List<Guid> out = new ArrayList<>();
        for (final String part : text.split(",", -1)) {
            out.add(classId(part));
        }
        return List.copyOf(out);
    }

    /** An errno name such as {@code ENODEV}. */
    static Errno errno(final String text) {
        return enumValue(Errno.class, text, "errno");
    }

    /** {@code 5.3}, {@code 6.0}, or a name such as {@code WIN10_V5_3}. */
    static VmbusVersion version(final String text) {
        final int dot = text.indexOf('.');
        if (dot > 0) {
            try {
                final int major = Integer.parseInt(text.substring(0, dot));
                final VmbusVersion v = VmbusVersion.fromWire(major << 16 | Integer.parseInt(text.substring(dot + 1)));
                if (v != null) {
                    return v;
                }
            } catch (final NumberFormatException e) {
                // not major.minor: fall through to the message below
            }
            throw new IllegalArgumentException("unknown VMBus version '" + text + "' (expected one of: "
                    + Arrays.stream(VmbusVersion.values()).map(Values::versionNumber).toList() + ")");
        }
        return enumValue(VmbusVersion.class, text, "VMBus version");
    }

    /** {@code 5.3} for WIN10_V5_3. */
    static String versionNumber(final VmbusVersion v) {
        return (v.wireValue() >>> 16) + "." + (v.wireValue() & 0xFFFF);
    }

    /** Hex bytes; spaces between them are allowed by the caller joining words. */
    static byte[] hex(final String text) {
        try {
            if (text.length() % 2 != 0) {
                throw new IllegalArgumentException("odd number of digits");
            }
            return HexFormat.of().parseHex(text);
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("bad hex bytes '" + text + "' (expected: pairs of hex digits)", e);
        }
    }

    /** An enum constant by name, ignoring case and taking {@code -} for {@code _}. */
    static <E extends Enum<E>> E enumValue(final Class<E> type, final String text, final String what) {
        final String name = text.toUpperCase(Locale.ROOT).replace('-', '_');
        for (final E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + text + "' (expected one of: "
                + Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .toList() + ")");
    }

    /** The lower-case, dashed form the transcript uses for enum constants. */
    static String name(final Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
