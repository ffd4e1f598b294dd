package org.vmbussim.azblob.protocol;

import java.nio.ByteBuffer;

/**
 * A message that carries a body as a read-only buffer and hands out a fresh view of it on each
 * {@link #body()} call: the request and response records on both sides of the fast path. The views share the
 * bytes, never their position, so any number of readers can walk the body.
 */
public interface HttpBody {
    /** The body of a message without one. */
    ByteBuffer NO_BODY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    /**
     * A fresh read-only view of the body, positioned at its start.
     *
     * @return the view
     */
    ByteBuffer body();

    /**
     * Number of body bytes.
     *
     * @return the body length
     */
    default int bodyLength() {
        return body().remaining();
    }

    /**
     * A copy of the body bytes.
     *
     * @return a new array
     */
    default byte[] bodyBytes() {
        final ByteBuffer view = body();
        final byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }

    /**
     * What a record keeps as its body: a read-only view of {@code body}'s remaining bytes, or {@link #NO_BODY}.
     *
     * @param body the body as given, null for none
     * @return the view to keep
     */
    static ByteBuffer readOnlyView(final ByteBuffer body) {
        if (body == null) {
            return NO_BODY;
        }
        // A slice of a read-only buffer is read-only already: one view object instead of two.
        return body.isReadOnly() ? body.slice() : body.slice().asReadOnlyBuffer();
    }
}
