package org.vmbussim.azblob.client;

import java.nio.ByteBuffer;
import org.vmbussim.wire.MemoryRegion;

/**
 * The caller's buffer a download reads a response body into straight from the process's data buffer, instead
 * of into a new array that is then copied (one copy and one allocation of the payload fewer). It is filled at
 * most once, at the buffer's position, which it does not move: the download decides, once it knows the blob's
 * size, whether to keep the bytes ({@link #filled()}) and advance the position. Not thread-safe: one exchange.
 */
final class BodyDestination {
    private final ByteBuffer buffer;
    private boolean filled;

    /**
     * A destination over a writable heap buffer.
     *
     * @param buffer the caller's buffer; bytes go from its position on
     * @throws IllegalArgumentException when the buffer is read-only or has no accessible array
     */
    BodyDestination(final ByteBuffer buffer) {
        if (!buffer.hasArray() || buffer.isReadOnly()) {
            throw new IllegalArgumentException("a body destination needs a writable heap buffer");
        }
        this.buffer = buffer;
    }

    /**
     * Whether a body of this length can be read into the buffer.
     *
     * @param length body bytes
     * @return true when it fits the remaining space and nothing was read yet
     */
    boolean fits(final long length) {
        return !filled && length <= buffer.remaining();
    }

    /**
     * Reads a body from process memory into the buffer at its position.
     *
     * @param memory the process's memory
     * @param va     where the body is
     * @param length body bytes, {@link #fits fitting}
     * @return a view of the bytes read (the response's body)
     */
    ByteBuffer fill(final MemoryRegion memory, final long va, final int length) {
        final int at = buffer.arrayOffset() + buffer.position();
        memory.getBytes(va, buffer.array(), at, length);
        filled = true;
        return ByteBuffer.wrap(buffer.array(), at, length);
    }

    /**
     * Whether a response body was read into the buffer.
     *
     * @return true once {@link #fill} ran
     */
    boolean filled() {
        return filled;
    }
}
