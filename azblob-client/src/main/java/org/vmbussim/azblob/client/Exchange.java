package org.vmbussim.azblob.client;

import static org.vmbussim.uapi.AzBlobRequestSyncLayout.RESPONSE_RESPONSE_LEN_OFFSET;
import static org.vmbussim.uapi.AzBlobRequestSyncLayout.RESPONSE_STATUS_OFFSET;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.core.process.AddressSpace;
import org.vmbussim.uapi.AzBlobRequestSync;
import org.vmbussim.uapi.Errno;
import org.vmbussim.wire.Guid;
import org.vmbussim.wire.MemoryAccessException;

/**
 * One request's trip through the fast path, in the process's own buffers: writes the request head, the body
 * and the {@code az_blob_request_sync} struct, then reads the completion the driver copied back and, from
 * the buffers, the response head and body (docs/fastpath-protocol.md).
 *
 * <p><b>Body length.</b> The ioctl struct has no field for the completion's {@code length} (body bytes
 * written), so the body length is the response head's {@code Content-Length}; HEAD responses and 1xx, 204
 * and 304 have no body whatever it says. A Content-Length above the data buffer, or none on a response that
 * has a body, breaks the protocol ({@code EPROTO}).
 *
 * <p><b>EMSGSIZE.</b> The host wrote nothing and {@code response_len} holds the head bytes needed; the body
 * size needed is not visible to user space. A head longer than the response buffer grows that buffer to the
 * exact size; otherwise the body is the short one and the data buffer grows fourfold (first to the whole
 * pooled buffer), up to {@link FastPathTransportOptions#MAX_BODY_BYTES}. Only idempotent requests are sent
 * again: for any other the host has already run it once, and the caller gets {@code EMSGSIZE}.
 *
 * <p>Not thread-safe: one exchange runs on one thread at a time (the completion may arrive on another).
 */
final class Exchange implements AutoCloseable {
    /** Data buffer offered to a request that expects no body back: room for any error body. */
    static final int MIN_DATA_LEN = 16 * 1024;
    /** Most tries of one request (the first and its EMSGSIZE retries). */
    static final int MAX_ATTEMPTS = 6;

    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

    private final FastPathRequest request;
    private final BufferSet set;
    private final AddressSpace space;
    private final int timeoutMillis;
    /** The encoded request head: the set's reused buffer, valid while this exchange holds the set. */
    private final HeadBuffer head;
    /** Where a successful response body goes straight from guest memory, or null (a new array). */
    private final BodyDestination bodyDestination;
    /** A data buffer of this request's own when the pooled one is too small; null otherwise. */
    private UserBuffer ownData;
    private int dataLen;
    private int attempts;

    /**
     * Encodes the head and sizes the data buffer; maps nothing yet.
     *
     * @param bodyDestination where a 2xx response body that fits is read to, or null
     * @throws BlobFastPathException EINVAL for a head over the host's bound, EMSGSIZE for a body over the cap
     */
    Exchange(final FastPathRequest request, final BufferSet set, final FastPathTransportOptions options,
            final BodyDestination bodyDestination) {
        this.request = request;
        this.set = set;
        this.space = set.space();
        this.timeoutMillis = (int) options.timeout().toMillis();
        this.bodyDestination = bodyDestination;
        this.head = set.requestHeadBytes();
        HttpHead.encodeRequest(request, head);
        if (head.length() > FastPathTransportOptions.MAX_REQUEST_HEAD_BYTES) {
            throw BlobFastPathException.notCarried(Errno.EINVAL, describe() + ": request head of " + head.length()
                    + " bytes exceeds the host's bound of " + FastPathTransportOptions.MAX_REQUEST_HEAD_BYTES, null);
        }
        if (request.bodyLength() > FastPathTransportOptions.MAX_BODY_BYTES) {
            throw BlobFastPathException.notCarried(Errno.EMSGSIZE, describe() + ": request body of "
                    + request.bodyLength() + " bytes exceeds the fast path's per-request cap of "
                    + FastPathTransportOptions.MAX_BODY_BYTES + " bytes; send it in blocks", null);
        }
        final long wanted;
        if ("GET".equals(request.method()) && request.responseBodyHintBytes() == 0) {
            wanted = Math.max(set.data().capacity(), request.bodyLength());
        } else {
            wanted = Math.max(Math.max(request.bodyLength(), request.responseBodyHintBytes()), MIN_DATA_LEN);
        }
        this.dataLen = UserBuffer.roundUpToPage((int) Math.min(wanted, FastPathTransportOptions.MAX_BODY_BYTES));
    }

    /** "METHOD target", for messages. */
    String describe() {
        return request.method() + " " + request.target();
    }

    /** The ioctl argument. */
    long structVa() {
        return set.structVa();
    }

    /**
     * Writes the head, the body and a fresh struct (new GUID, cleared response) into process memory.
     *
     * @throws BlobFastPathException EFAULT when the buffers are gone (process exited), ENOMEM when a larger
     *                               buffer cannot be mapped
     */
    void prepare() {
        attempts++;
        try {
            final UserBuffer requestHead = set.requestHead(head.length());
            space.putBytes(requestHead.va(), head.array(), 0, head.length());
            final UserBuffer data = dataBuffer();
            writeBody(data.va());
            final byte[] guid = set.guidBytes();
            ThreadLocalRandom.current().nextBytes(guid);
            new AzBlobRequestSync(Guid.fromWire(guid), timeoutMillis, head.length(), set.responseHead().capacity(),
                    dataLen, request.bodyLength(), requestHead.va(), set.responseHead().va(), data.va(), 0, 0)
                    .write(space, set.structVa(), set.structBytes());
        } catch (final MemoryAccessException e) {
            throw BlobFastPathException.notCarried(Errno.EFAULT, describe() + ": buffers not accessible", e);
        } catch (final org.vmbussim.uapi.ErrnoException e) {
            throw BlobFastPathException.notCarried(e.errno(), describe() + ": cannot map buffers", e);
        }
    }

    private UserBuffer dataBuffer() {
        if (dataLen <= set.data().capacity()) {
            return set.data();
        }
        if (ownData == null || ownData.capacity() < dataLen) {
            final UserBuffer bigger = UserBuffer.map(space, dataLen);
            if (ownData != null) {
                ownData.unmap();
            }
            ownData = bigger;
        }
        return ownData;
    }

    private void writeBody(final long va) {
        if (request.bodyLength() == 0) {
            return; // a GET: not even a view of the empty body
        }
        final ByteBuffer body = request.body();
        if (body.hasArray()) {
            space.putBytes(va, body.array(), body.arrayOffset() + body.position(), body.remaining());
            return;
        }
        // A read-only view hides its array: staged through the set's reused chunk, not a new array per request.
        final byte[] chunk = set.bodyChunk(body.remaining());
        long at = va;
        while (body.hasRemaining()) {
            final int n = Math.min(chunk.length, body.remaining());
            body.get(chunk, 0, n);
            space.putBytes(at, chunk, 0, n);
            at += n;
        }
    }

    /**
     * Reads the completion the driver copied into the struct.
     *
     * @param ioctlErrno {@link Errno#EMSGSIZE} when the driver reported it as the call's error, else null
     * @return the response, or null when the exchange was resized and must be prepared and sent again
     * @throws BlobFastPathException when the request was not carried or the answer breaks the protocol
     */
    FastPathResponse complete(final Errno ioctlErrno) {
        final int status;
        final int responseLen;
        try {
            final int written = space.getIntLE(set.structVa() + RESPONSE_STATUS_OFFSET);
            final int headLen = space.getIntLE(set.structVa() + RESPONSE_RESPONSE_LEN_OFFSET);
            // A driver that fails the call with EMSGSIZE may not copy the host's status out: treat as EMSGSIZE.
            status = ioctlErrno != null && written == 0 ? ioctlErrno.value() : written;
            responseLen = ioctlErrno != null && written == 0 ? 0 : headLen;
            if (status == 0) {
                return readResponse(responseLen);
            }
        } catch (final MemoryAccessException e) {
            throw BlobFastPathException.notCarried(Errno.EFAULT, describe() + ": buffers not accessible", e);
        }
        final Errno errno = Errno.ofOrNull(status);
        if (errno == null) {
            throw protocolError("unknown completion status " + Integer.toUnsignedString(status));
        }
        if (errno != Errno.EMSGSIZE) {
            throw BlobFastPathException.notCarried(errno, describe() + ": the host could not carry the request", null);
        }
        resizeForRetry(responseLen);
        return null;
    }

    private FastPathResponse readResponse(final int responseLen) {
        final int capacity = set.responseHead().capacity();
        if (responseLen <= 0 || responseLen > capacity) {
            throw protocolError("response_len=" + Integer.toUnsignedString(responseLen) + " outside (0, " + capacity
                    + "]");
        }
        final HttpHead.Parsed parsed;
        final long bodyLength;
        try {
            final byte[] headBytes = set.responseHeadBytes().arrayOfAtLeast(responseLen);
            space.getBytes(set.responseHead().va(), headBytes, 0, responseLen);
            final HeadStrings strings = set.responseHeadStrings();
            // The host echoes the request's id: the response then holds the request's string, not a copy.
            strings.expect(HttpHead.CLIENT_REQUEST_ID, request.headers().first("x-ms-client-request-id"));
            parsed = HttpHead.parseResponse(headBytes, responseLen, strings);
            final long declared = HttpHead.contentLength(parsed.headers());
            if (request.isHead() || parsed.status() < 200 || parsed.status() == 204 || parsed.status() == 304) {
                bodyLength = 0;
            } else if (declared < 0) {
                throw protocolError("HTTP " + parsed.status() + " response without Content-Length");
            } else {
                bodyLength = declared;
            }
        } catch (final HttpHead.MalformedHeadException e) {
            throw protocolError("malformed response head: " + e.getMessage());
        }
        if (bodyLength > dataLen) {
            throw protocolError("Content-Length " + bodyLength + " exceeds the " + dataLen + "-byte data buffer");
        }
        final ByteBuffer body;
        if (bodyLength == 0) {
            body = null;
        } else if (bodyDestination != null && parsed.status() / 100 == 2 && bodyDestination.fits(bodyLength)) {
            body = bodyDestination.fill(space, dataBuffer().va(), (int) bodyLength);
        } else {
            body = ByteBuffer.wrap(space.getBytes(dataBuffer().va(), (int) bodyLength));
        }
        return new FastPathResponse(parsed.status(), parsed.reason(), parsed.headers(), body);
    }

    private void resizeForRetry(final int headBytesNeeded) {
        final String why;
        if (!request.idempotent()) {
            why = "the response did not fit and the request is not idempotent, so it is not sent again"
                    + " (the host has run it once)";
        } else if (attempts >= MAX_ATTEMPTS) {
            why = "the response still did not fit after " + attempts + " tries";
        } else if (Integer.toUnsignedLong(headBytesNeeded) > set.responseHead().capacity()) {
            if (Integer.toUnsignedLong(headBytesNeeded) > FastPathTransportOptions.MAX_RESPONSE_HEAD_BYTES) {
                why = "the response head needs " + Integer.toUnsignedString(headBytesNeeded) + " bytes, more than "
                        + FastPathTransportOptions.MAX_RESPONSE_HEAD_BYTES;
            } else {
                LOG.debug("{}: response head needs {} bytes, growing the response buffer", describe(),
                        headBytesNeeded);
                set.growResponseHead(headBytesNeeded);
                return;
            }
        } else if (dataLen >= FastPathTransportOptions.MAX_BODY_BYTES) {
            why = "the response body is larger than the fast path's per-request cap of "
                    + FastPathTransportOptions.MAX_BODY_BYTES + " bytes; read it by ranges";
        } else {
            final long grown = dataLen < set.data().capacity() ? set.data().capacity() : 4L * dataLen;
            dataLen = UserBuffer.roundUpToPage((int) Math.min(grown, FastPathTransportOptions.MAX_BODY_BYTES));
            LOG.debug("{}: response body did not fit, growing the data buffer to {} bytes", describe(), dataLen);
            return;
        }
        throw BlobFastPathException.notCarried(Errno.EMSGSIZE, describe() + ": " + why, null);
    }

    private BlobFastPathException protocolError(final String what) {
        return BlobFastPathException.notCarried(Errno.EPROTO, describe() + ": " + what, null);
    }

    /** Unmaps this request's own data buffer, if it had one. */
    @Override
    public void close() {
        if (ownData != null) {
            ownData.unmap();
            ownData = null;
        }
    }
}
