package org.vmbussim.azblob.vsp.backend;

import org.vmbussim.uapi.Errno;

/**
 * What a backend answers to one request: the HTTP response, or "the response body does not fit the
 * caller's buffer" (with the size it needs, never a truncated body), or "the request could not be
 * carried" (an errno: the backend was unreachable, timed out, ...). An HTTP error status such as 404
 * is a {@link Completed} outcome: the request was carried and the answer is in the response.
 */
public sealed interface BlobOutcome {

    /**
     * The request was carried; the whole response, body included, fits the caller's capacity.
     *
     * @param response the response
     */
    record Completed(BlobResponse response) implements BlobOutcome {
        /**
         * Checks the response is present.
         *
         * @param response the response
         */
        public Completed {
            if (response == null) {
                throw new IllegalArgumentException("response must not be null");
            }
        }
    }

    /**
     * The request was carried but the response body is larger than the caller's capacity. The head
     * (status and headers) is given so the caller can report it; the body was dropped, not truncated.
     *
     * @param head the response without its body
     * @param bodyBytesNeeded the body size the caller's buffer must hold
     */
    record BodyTooLarge(BlobResponse head, long bodyBytesNeeded) implements BlobOutcome {
        /**
         * Checks the parts.
         *
         * @param head the response head
         * @param bodyBytesNeeded the body size
         */
        public BodyTooLarge {
            if (head == null || head.bodyLength() != 0) {
                throw new IllegalArgumentException("head must be present and carry no body");
            }
            if (bodyBytesNeeded <= 0) {
                throw new IllegalArgumentException("bodyBytesNeeded must be positive: " + bodyBytesNeeded);
            }
        }
    }

    /**
     * The request could not be carried.
     *
     * @param errno the reason (ETIMEDOUT, ECONNREFUSED, ECONNRESET, EIO, ...)
     * @param detail a diagnostic message (never shown to the guest)
     */
    record Failed(Errno errno, String detail) implements BlobOutcome {
        /**
         * Checks the parts.
         *
         * @param errno the reason
         * @param detail the message
         */
        public Failed {
            if (errno == null || detail == null) {
                throw new IllegalArgumentException("errno and detail must not be null");
            }
        }
    }

    /**
     * Wraps a complete response, checking its body against the caller's capacity.
     *
     * @param response the response
     * @param bodyCapacityBytes how many body bytes the caller can take
     * @return {@link Completed} when it fits, else {@link BodyTooLarge}
     */
    static BlobOutcome fitting(final BlobResponse response, final long bodyCapacityBytes) {
        if (response.bodyLength() > bodyCapacityBytes) {
            return new BodyTooLarge(response.withoutBody(), response.bodyLength());
        }
        return new Completed(response);
    }
}
