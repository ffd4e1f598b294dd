package org.vmbussim.azblob.client;

import java.util.Arrays;

/**
 * A growable Latin-1 byte buffer for an HTTP head, reused from request to request by the buffer set that owns
 * it (so encoding a head allocates nothing once it has grown to the usual size). Not thread-safe: one exchange
 * uses it at a time.
 */
final class HeadBuffer {
    private byte[] bytes;
    private int length;

    /**
     * An empty buffer.
     *
     * @param initialCapacity bytes to start with
     */
    HeadBuffer(final int initialCapacity) {
        this.bytes = new byte[Math.max(16, initialCapacity)];
    }

    /** Empties the buffer, keeping its array. */
    HeadBuffer clear() {
        length = 0;
        return this;
    }

    /** Appends text whose characters are all Latin-1 (the caller has checked: header fields are). */
    HeadBuffer append(final String latin1) {
        final int n = latin1.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[length + i] = (byte) latin1.charAt(i);
        }
        length += n;
        return this;
    }

    /** Appends one ASCII character. */
    HeadBuffer append(final char ascii) {
        ensure(1);
        bytes[length++] = (byte) ascii;
        return this;
    }

    /** The array holding the bytes (valid up to {@link #length()}); replaced when the buffer grows. */
    byte[] array() {
        return bytes;
    }

    /** Bytes written. */
    int length() {
        return length;
    }

    /**
     * The array, grown to hold at least {@code capacity} bytes; its contents are not kept. For reading a head
     * of a known length into.
     */
    byte[] arrayOfAtLeast(final int capacity) {
        if (bytes.length < capacity) {
            bytes = new byte[capacity];
        }
        length = 0;
        return bytes;
    }

    private void ensure(final int more) {
        if (bytes.length - length < more) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
