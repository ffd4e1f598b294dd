package org.vmbussim.azblob.vsp.http;

/**
 * Bounds on a request head read from a peer.
 *
 * @param maxHeadBytes most bytes of the head, request line through the blank line
 * @param maxHeaderCount most header fields
 */
public record HttpHeadLimits(int maxHeadBytes, int maxHeaderCount) {
    /** Default head size bound: 64 KiB (Azure accepts 8 KiB of URL and many metadata headers). */
    public static final int DEFAULT_MAX_HEAD_BYTES = 64 * 1024;
    /** Default header count bound. */
    public static final int DEFAULT_MAX_HEADER_COUNT = 256;

    /**
     * Validates the bounds.
     *
     * @param maxHeadBytes most head bytes (≥ 16)
     * @param maxHeaderCount most header fields (≥ 1)
     */
    public HttpHeadLimits {
        if (maxHeadBytes < 16 || maxHeaderCount < 1) {
            throw new IllegalArgumentException("maxHeadBytes must be >= 16 and maxHeaderCount >= 1");
        }
    }

    /**
     * The defaults: 64 KiB, 256 fields.
     *
     * @return the limits
     */
    public static HttpHeadLimits defaults() {
        return new HttpHeadLimits(DEFAULT_MAX_HEAD_BYTES, DEFAULT_MAX_HEADER_COUNT);
    }
}
