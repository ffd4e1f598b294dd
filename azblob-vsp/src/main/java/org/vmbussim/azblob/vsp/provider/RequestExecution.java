package org.vmbussim.azblob.vsp.provider;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.vsp.backend.BlobOutcome;
import org.vmbussim.azblob.vsp.backend.BlobRequest;
import org.vmbussim.azblob.vsp.backend.BlobResponse;
import org.vmbussim.azblob.vsp.http.HttpHeadCodec;
import org.vmbussim.azblob.vsp.http.HttpHeadException;
import org.vmbussim.azblob.vsp.http.RepeatedValues;
import org.vmbussim.core.memory.PfnListRegion;
import org.vmbussim.uapi.Errno;

/**
 * The middle of a request's life, between reading its buffers and writing them: snapshot the request
 * head and body out of guest memory, parse the head ({@link HttpHeadCodec}), run the request on the
 * {@link BlobBackend} with the data buffer's length as body capacity, and turn the outcome into an
 * {@link ExecutionResult} (docs/fastpath-protocol.md). Nothing here writes guest memory.
 *
 * <p>Used by many workers (or channel threads) at once. Its only state besides its collaborators is a
 * small pool of scratch arrays for request heads, taken by one request at a time, so a request's head copy
 * is not a new array each time.
 */
final class RequestExecution {
    private static final Logger LOG = LoggerFactory.getLogger(RequestExecution.class);

    private final HttpHeadCodec codec;
    private final BlobBackend backend;
    /** Heads up to this size are copied into a pooled scratch array; larger ones get an array of their own. */
    static final int SCRATCH_HEAD_BYTES = 8 * 1024;
    /** Idle scratch arrays kept: one per request being parsed at once, beyond which they are dropped. */
    private static final int SCRATCH_POOL_SIZE = 8;
    /** The body of every request without one (a GET); nobody writes an empty array. */
    private static final byte[] NO_BODY = new byte[0];

    private final WarnThrottle warnings = new WarnThrottle(1, TimeUnit.SECONDS);
    private final BlockingQueue<byte[]> scratchHeads = new ArrayBlockingQueue<>(SCRATCH_POOL_SIZE);

    RequestExecution(final HttpHeadCodec codec, final BlobBackend backend) {
        this.codec = codec;
        this.backend = backend;
    }

    /**
     * The guest's request head and body, copied out of guest memory once: everything after works on the
     * copy, so a guest changing its buffers meanwhile (or buffers that overlap the response) cannot change
     * the request half-way (RELIABILITY V6).
     *
     * @param head       holds, from index 0, the start of the request buffer: at most one byte more than the
     *                   codec's head bound, which is enough for the codec to tell "too large" from "malformed"
     *                   exactly as on the whole buffer (a pooled scratch array may be longer)
     * @param headLength the bytes of {@code head} that were copied
     * @param body       the first {@code data_buffer_valid} bytes of the data buffer
     */
    record Snapshot(byte[] head, int headLength, byte[] body) {
        int bytes() {
            return headLength + body.length;
        }
    }

    /**
     * Copies the request out of guest memory. The caller is inside the channel's gate.
     *
     * @param request the validated request
     * @return the copy
     */
    Snapshot snapshot(final VspRequest request) {
        final PfnListRegion range = request.range();
        final int headBytes = (int) Math.min(request.requestLength(), codec.limits().maxHeadBytes() + 1L);
        byte[] head = headBytes <= SCRATCH_HEAD_BYTES ? scratchHeads.poll() : null;
        if (head == null) {
            head = new byte[Math.max(headBytes, SCRATCH_HEAD_BYTES)];
        }
        final byte[] body;
        try {
            range.getBytes(request.requestOffset(), head, 0, headBytes);
            body = request.dataValid() == 0 ? NO_BODY : new byte[request.dataValid()];
            range.getBytes(request.dataOffset(), body, 0, body.length);
        } catch (final RuntimeException e) {
            release(head);
            throw e;
        }
        return new Snapshot(head, headBytes, body);
    }

    /**
     * Gives a response head array back to the pool once it is written (a result that is discarded instead
     * simply leaves its array to the collector).
     *
     * @param head {@link ExecutionResult#head()}, or null
     */
    void releaseHead(final byte[] head) {
        if (head != null) {
            release(head);
        }
    }

    /** Gives a head array back to the pool once nothing refers to its bytes any more. */
    private void release(final byte[] head) {
        if (head.length == SCRATCH_HEAD_BYTES) {
            scratchHeads.offer(head); // dropped when the pool is full
        }
    }

    /**
     * Parses and executes a snapshot.
     *
     * @param request the validated request (for the buffer sizes)
     * @param copy    its snapshot
     * @param entry   the table entry, told the method and target for diagnostics
     * @param remembered the memo of repeated head values of the channel the request came from
     * @return what to write and complete
     */
    ExecutionResult execute(final VspRequest request, final Snapshot copy, final InFlightRequest entry,
            final RepeatedValues remembered) {
        final BlobRequest blobRequest;
        try {
            // The body array is this request's own copy out of guest memory: the store may keep it as it is.
            blobRequest = codec.parseRequestOwningBody(copy.head(), copy.headLength(), copy.body(), remembered);
        } catch (final HttpHeadException e) {
            LOG.debug("trans_id=0x{}: request head refused ({}): {}", Long.toHexString(request.transactionId()),
                    e.kind(), e.getMessage());
            return ExecutionResult.failed(e.errno());
        } finally {
            release(copy.head()); // the parsed request holds strings, never the head's bytes
        }
        entry.describe(blobRequest.method(), blobRequest.target());
        final BlobOutcome outcome;
        try {
            outcome = backend.execute(blobRequest, request.dataLength());
        } catch (final RuntimeException e) {
            // The backend contract says it never throws; a bug there fails this request, not the provider.
            if (warnings.allow()) {
                LOG.warn("trans_id=0x{}: backend threw on {} {} ({} similar warnings suppressed)",
                        Long.toHexString(request.transactionId()), blobRequest.method(), blobRequest.target(),
                        warnings.takeSuppressed(), e);
            }
            return ExecutionResult.failed(Errno.EIO);
        }
        return toResult(request, outcome);
    }

    private ExecutionResult toResult(final VspRequest request, final BlobOutcome outcome) {
        if (outcome instanceof BlobOutcome.Failed failed) {
            return ExecutionResult.failed(failed.errno());
        }
        try {
            if (outcome instanceof BlobOutcome.BodyTooLarge tooLarge) {
                return ExecutionResult.doesNotFit(codec.responseHeadLength(tooLarge.head()),
                        tooLarge.bodyBytesNeeded());
            }
            final BlobResponse response = ((BlobOutcome.Completed) outcome).response();
            final int headLength = codec.responseHeadLength(response);
            if (headLength > request.responseLength() || response.bodyLength() > request.dataLength()) {
                return ExecutionResult.doesNotFit(headLength, response.bodyLength());
            }
            // Encoded into a pooled scratch array, given back once the head is in guest memory.
            byte[] head = headLength <= SCRATCH_HEAD_BYTES ? scratchHeads.poll() : null;
            if (head == null) {
                head = new byte[Math.max(headLength, SCRATCH_HEAD_BYTES)];
            }
            codec.encodeResponseHead(response, head);
            return ExecutionResult.carried(head, headLength, response);
        } catch (final IllegalArgumentException e) {
            if (warnings.allow()) {
                LOG.warn("trans_id=0x{}: response head cannot be encoded ({} similar warnings suppressed)",
                        Long.toHexString(request.transactionId()), warnings.takeSuppressed(), e);
            }
            return ExecutionResult.failed(Errno.EIO);
        }
    }
}
