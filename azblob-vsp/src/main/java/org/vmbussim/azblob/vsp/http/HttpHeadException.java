package org.vmbussim.azblob.vsp.http;

import org.vmbussim.uapi.Errno;

/**
 * A request head the codec refuses. Each {@link Kind} maps to the errno the fast-path provider
 * completes the request with (docs/fastpath-protocol.md): a head that is not HTTP/1.1 syntax is
 * {@code EPROTO}; a well-formed head the fast path does not accept (too large, unsupported
 * version, framing or target form, a Content-Length that disagrees with {@code data_valid}) is
 * {@code EINVAL}.
 */
public final class HttpHeadException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the head was refused. */
    public enum Kind {
        /** Not HTTP/1.x syntax: bad request line, bad header line, no blank line ending the head. EPROTO. */
        MALFORMED(Errno.EPROTO),
        /** Over {@link HttpHeadLimits}: head bytes or header count. EINVAL. */
        TOO_LARGE(Errno.EINVAL),
        /** Syntax fine but not accepted: HTTP version, Transfer-Encoding, a non-origin-form target. EINVAL. */
        UNSUPPORTED(Errno.EINVAL),
        /** Content-Length differs from the body bytes carried ({@code data_valid}). EINVAL. */
        BODY_MISMATCH(Errno.EINVAL);

        private final Errno errno;

        Kind(final Errno errno) {
            this.errno = errno;
        }

        /**
         * The errno the provider answers with.
         *
         * @return the errno
         */
        public Errno errno() {
            return errno;
        }
    }

    private final Kind kind;

    /**
     * A refusal.
     *
     * @param kind why
     * @param message what exactly (for logs; never sent to the guest)
     */
    public HttpHeadException(final Kind kind, final String message) {
        super(message);
        this.kind = kind;
    }

    /**
     * Why the head was refused.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The errno the fast path completes the request with.
     *
     * @return EPROTO or EINVAL
     */
    public Errno errno() {
        return kind.errno();
    }
}
