package org.vmbussim.azblob.sdk;

import com.azure.core.http.HttpHeader;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpRequest;
import com.azure.core.util.BinaryData;
import java.net.URL;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.vmbussim.azblob.client.BlobFastPathException;
import org.vmbussim.azblob.client.FastPathRequest;
import org.vmbussim.azblob.client.FastPathTransport;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.uapi.Errno;
import reactor.core.Exceptions;

/**
 * Turns an azure-core request into a fast-path request without changing what the SDK signed: the method, the
 * raw path and query exactly as in the URL, and every header field as the SDK set it ({@code Date},
 * {@code x-ms-*}, {@code Authorization}, {@code Content-Length}). Only {@code Host} is added when absent (it is
 * not signed); {@code Transfer-Encoding} is dropped, since the data buffer frames the body.
 */
final class SdkRequests {
    private static final HttpHeaderName X_MS_RANGE = HttpHeaderName.fromString("x-ms-range");
    /** The longest wait for the body's publisher in {@link #toFastPath(HttpRequest)} (the default timeout). */
    static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);

    private SdkRequests() {
    }

    static FastPathRequest toFastPath(final HttpRequest request) {
        return toFastPath(request, DEFAULT_BODY_TIMEOUT);
    }

    /**
     * The fast-path request for an SDK request.
     *
     * @param bodyTimeout the longest wait for the body's publisher to deliver every buffer
     */
    static FastPathRequest toFastPath(final HttpRequest request, final Duration bodyTimeout) {
        final URL url = request.getUrl();
        final String path = url.getPath() == null || url.getPath().isEmpty() ? "/" : url.getPath();
        final String target = url.getQuery() == null ? path : path + "?" + url.getQuery();
        final HttpFields.Builder fields = HttpFields.builder();
        for (final HttpHeader header : request.getHeaders()) {
            if ("Transfer-Encoding".equalsIgnoreCase(header.getName())) {
                continue;
            }
            for (final String value : header.getValuesList()) {
                fields.add(header.getName(), value);
            }
        }
        if (!fields.contains("Host")) {
            fields.add("Host", url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort());
        }
        final String method = request.getHttpMethod().name();
        return new FastPathRequest(method, target, fields.build(), body(request, method, target, bodyTimeout),
                responseBodyHint(request), FastPathRequest.isSafeMethod(method));
    }

    /**
     * The request body as one buffer, copied only when the SDK gave it in pieces. The SDK hands even a
     * {@code BinaryData.fromBytes} upload over as a {@code Flux<ByteBuffer>} (one read-only view of the caller's
     * array); {@code BinaryData.toByteBuffer()} would collect that into a new array of the whole body, which the
     * exchange then copies again into the data buffer. Keeping the publisher's buffers until it completes is
     * what the SDK's own Netty client does too (it writes them after {@code onNext} returns).
     */
    private static ByteBuffer body(final HttpRequest request, final String method, final String target,
            final Duration timeout) {
        final BinaryData data = request.getBodyAsBinaryData();
        if (data == null) {
            return null;
        }
        final Long length = data.getLength();
        if (length != null && length > FastPathTransport.maxBodyBytes()) {
            throw tooLarge(method, target, length);
        }
        final List<ByteBuffer> parts;
        try {
            parts = data.toFluxByteBuffer().collectList().block(timeout);
        } catch (final RuntimeException e) {
            // Reactor reports the timeout as an IllegalStateException (or a wrapper) caused by a TimeoutException.
            if (Exceptions.unwrap(e) instanceof TimeoutException || e.getCause() instanceof TimeoutException) {
                throw BlobFastPathException.notCarried(Errno.ETIMEDOUT, method + " " + target
                        + ": the request body's publisher did not complete within " + timeout.toMillis() + " ms", e);
            }
            throw e;
        }
        if (parts == null || parts.isEmpty()) {
            return null;
        }
        long total = 0;
        for (final ByteBuffer part : parts) {
            total += part.remaining();
        }
        if (total > FastPathTransport.maxBodyBytes()) {
            throw tooLarge(method, target, total);
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        final ByteBuffer joined = ByteBuffer.allocate((int) total);
        for (final ByteBuffer part : parts) {
            joined.put(part.duplicate());
        }
        return joined.flip();
    }

    private static BlobFastPathException tooLarge(final String method, final String target, final long length) {
        return BlobFastPathException.notCarried(Errno.EMSGSIZE, method + " " + target + ": request body of " + length
                + " bytes exceeds the fast path's per-request cap of " + FastPathTransport.maxBodyBytes()
                + " bytes. Upload in blocks: pass ParallelTransferOptions with maxSingleUploadSize and blockSize"
                + " at most that (FastPathHttpClient.parallelTransferOptions() gives suitable ones)", null);
    }

    /** The length a {@code x-ms-range} or {@code Range} of the form {@code bytes=a-b} asks for, else 0. */
    static long responseBodyHint(final HttpRequest request) {
        String range = request.getHeaders().getValue(X_MS_RANGE);
        if (range == null) {
            range = request.getHeaders().getValue(HttpHeaderName.RANGE);
        }
        if (range == null || !range.trim().startsWith("bytes=")) {
            return 0;
        }
        final String spec = range.trim().substring("bytes=".length());
        final int dash = spec.indexOf('-');
        if (dash <= 0 || spec.indexOf(',') >= 0) {
            return 0;
        }
        try {
            final long first = Long.parseLong(spec.substring(0, dash).trim());
            final long last = Long.parseLong(spec.substring(dash + 1).trim());
            return last < first ? 0 : Math.min(last - first + 1, FastPathTransport.maxBodyBytes());
        } catch (final NumberFormatException e) {
            return 0;
        }
    }
}
