package org.vmbussim.azblob.vsp.backend;

import java.nio.ByteBuffer;
import org.vmbussim.azblob.protocol.HttpFields;

/**
 * One Blob REST response: status, reason phrase, header fields and body. Backends always send a
 * {@code Content-Length} header; on a HEAD response it is the size a GET would return while the body
 * is empty. The body is a read-only view; {@link #body()} hands out a fresh duplicate.
 *
 * @param status the HTTP status code, 100..599
 * @param reason the reason phrase (may be empty)
 * @param headers the header fields
 * @param body the body bytes (position to limit)
 */
public record BlobResponse(int status, String reason, HttpFields headers, ByteBuffer body) {
    private static final ByteBuffer NO_BODY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    /**
     * Validates and freezes the parts.
     *
     * @param status the HTTP status code
     * @param reason the reason phrase
     * @param headers the header fields
     * @param body the body (may be null for none)
     */
    public BlobResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("invalid status: " + status);
        }
        if (reason == null || !HttpFields.isFieldValue(reason)) {
            throw new IllegalArgumentException("invalid reason phrase");
        }
        if (headers == null) {
            throw new IllegalArgumentException("headers must not be null");
        }
        // A slice of a read-only buffer is read-only already: one view object instead of two.
        body = body == null ? NO_BODY : body.isReadOnly() ? body.slice() : body.slice().asReadOnlyBuffer();
    }

    /**
     * A fresh read-only view of the body, positioned at its start.
     *
     * @return the body view
     */
    @Override
    public ByteBuffer body() {
        return body.duplicate();
    }

    /**
     * Number of body bytes.
     *
     * @return the body length
     */
    public int bodyLength() {
        return body.remaining();
    }

    /**
     * A copy of the body bytes.
     *
     * @return a new array
     */
    public byte[] bodyBytes() {
        final byte[] bytes = new byte[body.remaining()];
        body.duplicate().get(bytes);
        return bytes;
    }

    /**
     * The same status and headers without the body.
     *
     * @return the head-only response
     */
    public BlobResponse withoutBody() {
        return new BlobResponse(status, reason, headers, null);
    }
}
