package org.vmbussim.mgmt.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.vmbussim.mgmt.bus.DeviceId;
import org.vmbussim.uapi.Errno;
import org.vmbussim.wire.Guid;

/**
 * What a scenario's {@code guest register} line asks of a driver factory: the name to register under, the
 * classes from {@code classes=}, and every other {@code key=value} option as written. The typed getters throw
 * {@link IllegalArgumentException} for a bad value; the parser reports it with the file and line.
 *
 * @param name    the driver's name on the bus
 * @param classes the device classes it should bind, in order (may be empty)
 * @param options the other options
 */
public record DriverSpec(String name, List<Guid> classes, Map<String, String> options) {

    /**
     * Validates and copies.
     *
     * @param name    name
     * @param classes classes
     * @param options options
     */
    public DriverSpec {
        Objects.requireNonNull(name, "name");
        classes = List.copyOf(classes);
        options = Map.copyOf(options);
    }

    /**
     * Fails unless every option is one of these.
     *
     * @param keys the options the factory understands
     * @throws IllegalArgumentException naming the first unknown option and the known ones
     */
    public void allowOnly(final String... keys) {
        final Set<String> known = Set.of(keys);
        for (final String k : new TreeSet<>(options.keySet())) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("driver '" + name + "' has no option '" + k + "'"
                        + (keys.length == 0 ? "" : " (options: " + String.join(", ", new TreeSet<>(known)) + ")"));
            }
        }
    }

    /**
     * Fails when no class was given.
     *
     * @throws IllegalArgumentException when {@code classes=} is missing
     */
    public void requireClasses() {
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("driver '" + name + "' needs classes=TYPE[,TYPE...]");
        }
    }

    /**
     * The id table for {@link #classes()}.
     *
     * @return one entry per class
     */
    public List<DeviceId> idTable() {
        final List<DeviceId> ids = new ArrayList<>();
        for (final Guid g : classes) {
            ids.add(DeviceId.of(g));
        }
        return List.copyOf(ids);
    }

    /**
     * A duration option ({@code 50ms}, {@code 2s}).
     *
     * @param key          the option
     * @param defaultNanos the value when absent
     * @return nanoseconds
     */
    public long durationNanos(final String key, final long defaultNanos) {
        final String v = options.get(key);
        return v == null ? defaultNanos : Values.durationNanos(v);
    }

    /**
     * A whole-number option.
     *
     * @param key          the option
     * @param defaultValue the value when absent
     * @param min          the smallest allowed
     * @param max          the largest allowed
     * @return the value
     */
    public int intValue(final String key, final int defaultValue, final int min, final int max) {
        final String v = options.get(key);
        if (v == null) {
            return defaultValue;
        }
        final int n = Values.integer(v);
        if (n < min || n > max) {
            throw new IllegalArgumentException("option " + key + "=" + v + " (expected: " + min + " to " + max + ")");
        }
        return n;
    }

    /**
     * An errno option ({@code EIO}).
     *
     * @param key          the option
     * @param defaultValue the value when absent
     * @return the errno
     */
    public Errno errno(final String key, final Errno defaultValue) {
        final String v = options.get(key);
        return v == null ? defaultValue : Values.errno(v);
    }

    /**
     * A {@code yes}/{@code no} option.
     *
     * @param key          the option
     * @param defaultValue the value when absent
     * @return the flag
     */
    public boolean yesNo(final String key, final boolean defaultValue) {
        final String v = options.get(key);
        return v == null ? defaultValue : Values.yesNo(v);
    }
}
