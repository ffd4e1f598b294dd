package org.vmbussim.azblob.vsp.backend;

import java.nio.ByteBuffer;
import org.vmbussim.azblob.protocol.HttpFields;

/**
 * One Blob REST request, independent of how it travelled: an HTTP method, the raw request target
 * (origin form: path with its query, percent-encoding untouched, exactly as signed), the header
 * fields, and the body. The body is a read-only snapshot view; {@link #body()} hands out a fresh
 * duplicate each time, so readers never disturb each other's position.
 *
 * @param method the HTTP method, an upper-case token such as {@code PUT}
 * @param target the raw request target, starting with {@code /}
 * @param headers the header fields as received
 * @param body the body bytes (position to limit); copied into a read-only view
 */
public record BlobRequest(String method, String target, HttpFields headers, ByteBuffer body) {
    private static final ByteBuffer NO_BODY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    /**
     * Validates and freezes the parts.
     *
     * @param method the HTTP method
     * @param target the raw request target
     * @param headers the header fields
     * @param body the body (may be null for none)
     */
    public BlobRequest {
        if (!HttpFields.isToken(method)) {
            throw new IllegalArgumentException("invalid method: " + method);
        }
        if (target == null || !target.startsWith("/") || !HttpFields.isFieldValue(target) || target.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("request target must be origin-form: " + target);
        }
        if (headers == null) {
            throw new IllegalArgumentException("headers must not be null");
        }
        // A slice of a read-only buffer is read-only already: one view object instead of two.
        body = body == null ? NO_BODY : body.isReadOnly() ? body.slice() : body.slice().asReadOnlyBuffer();
    }

    /**
     * A request with a byte-array body (wrapped, not copied: do not change the array afterwards).
     *
     * @param method the HTTP method
     * @param target the raw request target
     * @param headers the header fields
     * @param body the body bytes
     * @return the request
     */
    public static BlobRequest of(final String method, final String target, final HttpFields headers,
                                 final byte[] body) {
        return new BlobRequest(method, target, headers, ByteBuffer.wrap(body));
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
     * The raw path: the target up to the first {@code ?}.
     *
     * @return the path, still percent-encoded
     */
    public String rawPath() {
        final int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /**
     * The raw query: the target after the first {@code ?}.
     *
     * @return the query, still percent-encoded; empty when there is none
     */
    public String rawQuery() {
        final int q = target.indexOf('?');
        return q < 0 ? "" : target.substring(q + 1);
    }

    /**
     * The same request with other headers.
     *
     * @param newHeaders the headers
     * @return the new request (the body view is shared)
     */
    public BlobRequest withHeaders(final HttpFields newHeaders) {
        return new BlobRequest(method, target, newHeaders, body);
    }
}
