package org.vmbussim.azblob.client;

import java.time.Duration;
import org.vmbussim.azblob.protocol.AzBlobProtocol;

/**
 * Sizes and limits of a {@link FastPathTransport}. Each request in flight holds one buffer set mapped in the
 * process: a request head buffer, a response head buffer and a data buffer of {@link #dataBufferBytes()}.
 * At most {@link #maxInFlight()} sets exist, created on demand and reused.
 *
 * <p><b>Page budget.</b> The driver pins the three buffers of one request and refuses more than
 * {@code AZ_BLOB_MAX_PAGES} (8192) pages in all. The head buffers may grow to {@link #MAX_REQUEST_HEAD_BYTES}
 * and {@link #MAX_RESPONSE_HEAD_BYTES}, so one request or response body may be at most
 * {@link #MAX_BODY_BYTES}: 8192 - 16 - 64 pages, 33,226,752 bytes (31.7 MiB). A body above the pooled data
 * buffer but within that cap gets a buffer of its own for that one request.
 *
 * @param dataBufferBytes         size of each pooled data buffer (page multiple recommended), 4 KiB to
 *                                {@link #MAX_BODY_BYTES}
 * @param requestHeadBufferBytes  initial size of each request head buffer, 4 KiB to
 *                                {@link #MAX_REQUEST_HEAD_BYTES}; grows for a longer head
 * @param responseHeadBufferBytes initial size of each response head buffer, 4 KiB to
 *                                {@link #MAX_RESPONSE_HEAD_BYTES}; grows when the host answers {@code EMSGSIZE}
 * @param maxInFlight             most requests in flight at once (buffer sets), at least 1
 * @param timeout                 the per-request timeout given to the host ({@code timeout}, ms, at least 1 ms)
 * @param acquireTimeout          how long a request waits for a free buffer set before failing with
 *                                {@code EBUSY}
 */
public record FastPathTransportOptions(int dataBufferBytes, int requestHeadBufferBytes, int responseHeadBufferBytes,
        int maxInFlight, Duration timeout, Duration acquireTimeout) {
    /** Bytes of one page. */
    public static final int PAGE_BYTES = 4096;
    /** Largest request head: the host's head bound (HttpHeadLimits, 64 KiB). */
    public static final int MAX_REQUEST_HEAD_BYTES = 64 * 1024;
    /** Largest response head buffer the client grows to. */
    public static final int MAX_RESPONSE_HEAD_BYTES = 256 * 1024;
    /** Largest body one request or response can carry: the page budget less both head buffers at their caps. */
    public static final int MAX_BODY_BYTES = (AzBlobProtocol.AZ_BLOB_MAX_PAGES - MAX_REQUEST_HEAD_BYTES / PAGE_BYTES
            - MAX_RESPONSE_HEAD_BYTES / PAGE_BYTES) * PAGE_BYTES;
    /** Default pooled data buffer: 4 MiB, the Azure SDK's block and download chunk size. */
    public static final int DEFAULT_DATA_BUFFER_BYTES = 4 << 20;
    /** Default request head buffer: 8 KiB. */
    public static final int DEFAULT_REQUEST_HEAD_BUFFER_BYTES = 8 * 1024;
    /** Default response head buffer: 16 KiB (Azure allows 8 KiB of metadata). */
    public static final int DEFAULT_RESPONSE_HEAD_BUFFER_BYTES = 16 * 1024;
    /** Default buffer sets: 8. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 8;

    /**
     * Validates the options.
     *
     * @param dataBufferBytes         data buffer size
     * @param requestHeadBufferBytes  request head buffer size
     * @param responseHeadBufferBytes response head buffer size
     * @param maxInFlight             buffer sets
     * @param timeout                 request timeout
     * @param acquireTimeout          wait for a buffer set
     */
    public FastPathTransportOptions {
        check("dataBufferBytes", dataBufferBytes, PAGE_BYTES, MAX_BODY_BYTES);
        check("requestHeadBufferBytes", requestHeadBufferBytes, PAGE_BYTES, MAX_REQUEST_HEAD_BYTES);
        check("responseHeadBufferBytes", responseHeadBufferBytes, PAGE_BYTES, MAX_RESPONSE_HEAD_BYTES);
        check("maxInFlight", maxInFlight, 1, 1024);
        if (timeout == null || timeout.toMillis() < 1 || timeout.toMillis() > 0xffff_ffffL) {
            throw new IllegalArgumentException("timeout=" + timeout + " (expected: 1 ms to 2^32-1 ms)");
        }
        if (acquireTimeout == null || acquireTimeout.isNegative()) {
            throw new IllegalArgumentException("acquireTimeout=" + acquireTimeout + " (expected: >= 0)");
        }
    }

    private static void check(final String name, final int value, final int min, final int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + "=" + value + " (expected: range(" + min + ", " + max + "))");
        }
    }

    /**
     * The defaults: 4 MiB data buffers, 8 KiB / 16 KiB head buffers, 8 in flight, 30 s request timeout, 60 s
     * wait for a buffer set.
     *
     * @return the options
     */
    public static FastPathTransportOptions defaults() {
        return new FastPathTransportOptions(DEFAULT_DATA_BUFFER_BYTES, DEFAULT_REQUEST_HEAD_BUFFER_BYTES,
                DEFAULT_RESPONSE_HEAD_BUFFER_BYTES, DEFAULT_MAX_IN_FLIGHT, Duration.ofSeconds(30),
                Duration.ofSeconds(60));
    }

    /**
     * The same options with another data buffer size.
     *
     * @param bytes the size
     * @return the options
     */
    public FastPathTransportOptions withDataBufferBytes(final int bytes) {
        return new FastPathTransportOptions(bytes, requestHeadBufferBytes, responseHeadBufferBytes, maxInFlight,
                timeout, acquireTimeout);
    }

    /**
     * The same options with another initial response head buffer size.
     *
     * @param bytes the size
     * @return the options
     */
    public FastPathTransportOptions withResponseHeadBufferBytes(final int bytes) {
        return new FastPathTransportOptions(dataBufferBytes, requestHeadBufferBytes, bytes, maxInFlight, timeout,
                acquireTimeout);
    }

    /**
     * The same options with another in-flight limit.
     *
     * @param requests the most requests in flight
     * @return the options
     */
    public FastPathTransportOptions withMaxInFlight(final int requests) {
        return new FastPathTransportOptions(dataBufferBytes, requestHeadBufferBytes, responseHeadBufferBytes, requests,
                timeout, acquireTimeout);
    }

    /**
     * The same options with other timeouts.
     *
     * @param requestTimeout the per-request timeout given to the host
     * @param bufferWait     the wait for a free buffer set
     * @return the options
     */
    public FastPathTransportOptions withTimeouts(final Duration requestTimeout, final Duration bufferWait) {
        return new FastPathTransportOptions(dataBufferBytes, requestHeadBufferBytes, responseHeadBufferBytes,
                maxInFlight, requestTimeout, bufferWait);
    }
}
