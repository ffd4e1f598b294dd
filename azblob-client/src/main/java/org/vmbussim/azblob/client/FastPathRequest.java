package org.vmbussim.azblob.client;

import java.nio.ByteBuffer;
import org.vmbussim.azblob.protocol.HttpBody;
import org.vmbussim.azblob.protocol.HttpFields;

/**
 * One request for the fast path: the HTTP method, the raw request target (origin form, percent-encoding
 * exactly as signed), the header fields, and the body, which travels in the data buffer. The head is
 * encoded as given: the transport adds nothing, so a caller that signed the fields sends exactly what it
 * signed (a {@code Content-Length} field, when present, must equal the body length).
 *
 * @param method                an upper-case HTTP token such as {@code GET}
 * @param target                the request target, starting with {@code /}, visible ASCII only
 * @param headers               the header fields
 * @param body                  the body bytes (position to limit), kept as a read-only snapshot view
 * @param responseBodyHintBytes the response body size the caller expects (e.g. a range length), 0 when
 *                              unknown; the data buffer is sized to hold it
 * @param idempotent            whether the request may be sent again when the host answers {@code EMSGSIZE}
 *                              (the host has then run it once already)
 */
public record FastPathRequest(String method, String target, HttpFields headers, ByteBuffer body,
        long responseBodyHintBytes, boolean idempotent) implements HttpBody {

    /**
     * Validates and freezes the parts.
     *
     * @param method                the method
     * @param target                the target
     * @param headers               the headers
     * @param body                  the body, null for none
     * @param responseBodyHintBytes the expected response body size, ≥ 0
     * @param idempotent            whether a resend is harmless
     */
    public FastPathRequest {
        if (!HttpFields.isToken(method)) {
            throw new IllegalArgumentException("method \"" + method + "\" (expected: an HTTP token)");
        }
        if (!isOriginForm(target)) {
            throw new IllegalArgumentException("target \"" + target + "\" (expected: origin form, visible ASCII)");
        }
        if (headers == null) {
            throw new IllegalArgumentException("headers must not be null");
        }
        if (responseBodyHintBytes < 0) {
            throw new IllegalArgumentException("responseBodyHintBytes=" + responseBodyHintBytes + " (expected: >= 0)");
        }
        body = HttpBody.readOnlyView(body);
    }

    /**
     * A request with no size hint, resent on {@code EMSGSIZE} only when it is a GET or HEAD.
     *
     * @param method  the method
     * @param target  the target
     * @param headers the headers
     * @param body    the body, null for none
     * @return the request
     */
    public static FastPathRequest of(final String method, final String target, final HttpFields headers,
            final ByteBuffer body) {
        return new FastPathRequest(method, target, headers, body, 0, isSafeMethod(method));
    }

    /**
     * Whether a method only reads (GET, HEAD): such a request may be repeated without side effects.
     *
     * @param method the method
     * @return true for GET and HEAD
     */
    public static boolean isSafeMethod(final String method) {
        return "GET".equals(method) || "HEAD".equals(method);
    }

    /**
     * The same request with another response body size hint.
     *
     * @param bytes the expected response body size
     * @return the new request
     */
    public FastPathRequest withResponseBodyHint(final long bytes) {
        return new FastPathRequest(method, target, headers, body, bytes, idempotent);
    }

    /**
     * A fresh read-only view of the body.
     *
     * @return the body, positioned at its start
     */
    @Override
    public ByteBuffer body() {
        return body.duplicate();
    }

    /**
     * The body's length, without a view: the record's own view is never moved, so its remaining bytes are it.
     *
     * @return bytes
     */
    @Override
    public int bodyLength() {
        return body.remaining();
    }


    /**
     * Whether this is a HEAD request (its response has no body, whatever its Content-Length says).
     *
     * @return true for HEAD
     */
    public boolean isHead() {
        return "HEAD".equals(method);
    }

    private static boolean isOriginForm(final String target) {
        if (target == null || !target.startsWith("/")) {
            return false;
        }
        for (int i = 0; i < target.length(); i++) {
            final char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
