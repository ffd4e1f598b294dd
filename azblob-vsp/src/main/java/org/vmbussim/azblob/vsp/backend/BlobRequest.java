package org.vmbussim.azblob.vsp.backend;

import java.nio.ByteBuffer;
import org.vmbussim.azblob.protocol.HttpBody;
import org.vmbussim.azblob.protocol.HttpFields;

/**
 * One Blob REST request, independent of how it travelled: an HTTP method, the raw request target
 * (origin form: path with its query, percent-encoding untouched, exactly as signed), the header
 * fields, and the body. {@link #body()} hands out a fresh read-only view each time, so readers never disturb
 * each other's position and never write the body.
 *
 * <p><b>Body ownership.</b> A request made by {@link #owning} owns its body array: whoever built it gave the
 * array up and writes it no more, so a store may keep that very array as the blob's content
 * ({@link #ownedBodyArray()}) instead of copying it. Any other request's body is a view of bytes someone else
 * may still hold, and a store copies it.
 *
 * @param method the HTTP method, an upper-case token such as {@code PUT}
 * @param target the raw request target, starting with {@code /}
 * @param headers the header fields as received
 * @param body the body bytes (position to limit); kept as a view (read-only unless the body is owned)
 * @param bodyOwned whether the request owns the whole array behind {@code body} (see {@link #owning})
 */
public record BlobRequest(String method, String target, HttpFields headers, ByteBuffer body, boolean bodyOwned)
        implements HttpBody {

    /**
     * Validates and freezes the parts.
     *
     * @param method the HTTP method
     * @param target the raw request target
     * @param headers the header fields
     * @param body the body (may be null for none)
     * @param bodyOwned whether the request owns the array behind {@code body}
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
        if (body == null || !body.hasRemaining()) {
            body = HttpBody.NO_BODY; // no view object per body-less request (a GET)
            bodyOwned = false;
        } else if (bodyOwned && body.hasArray()) {
            body = body.slice(); // kept writable so the array can be handed over; body() only gives read-only views
        } else {
            body = HttpBody.readOnlyView(body);
            bodyOwned = false;
        }
    }

    /**
     * A request whose body is not owned: a store copies what it keeps.
     *
     * @param method the HTTP method
     * @param target the raw request target
     * @param headers the header fields
     * @param body the body (may be null for none)
     */
    public BlobRequest(final String method, final String target, final HttpFields headers, final ByteBuffer body) {
        this(method, target, headers, body, false);
    }

    /**
     * A request that takes over its body array: the caller writes the array no more (nor lets anyone else), so a
     * store may keep it as a blob's content as it is.
     *
     * @param method the HTTP method
     * @param target the raw request target
     * @param headers the header fields
     * @param body the whole array is the body; given up by the caller
     * @return the request
     */
    public static BlobRequest owning(final String method, final String target, final HttpFields headers,
                                     final byte[] body) {
        return new BlobRequest(method, target, headers, ByteBuffer.wrap(body), true);
    }

    /**
     * The body's array when this request owns all of it ({@link #owning}), for a store to keep without a copy.
     * Nobody may write it: it is the request's body, and once stored, a blob's content.
     *
     * @return the array holding exactly the body, or null when the body is not owned (copy it instead)
     */
    public byte[] ownedBodyArray() {
        if (!bodyOwned || body.arrayOffset() != 0 || body.remaining() != body.array().length) {
            return null;
        }
        return body.array();
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
        return body.isReadOnly() ? body.duplicate() : body.asReadOnlyBuffer();
    }

    /** The body length, read off the kept buffer: no view made for it. */
    @Override
    public int bodyLength() {
        return body.remaining();
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
     * @return the new request (the body, and its ownership, are shared: it is the same request's body)
     */
    public BlobRequest withHeaders(final HttpFields newHeaders) {
        return new BlobRequest(method, target, newHeaders, body, bodyOwned);
    }
}
