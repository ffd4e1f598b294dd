package org.vmbussim.azblob.vsp.provider;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.vsp.backend.BlobOutcome;
import org.vmbussim.azblob.vsp.backend.BlobRequest;
import org.vmbussim.azblob.vsp.backend.BlobResponse;
import org.vmbussim.azblob.vsp.http.HttpHeadCodec;
import org.vmbussim.azblob.vsp.http.HttpHeadException;
import org.vmbussim.core.memory.PfnListRegion;
import org.vmbussim.uapi.Errno;

/**
 * The middle of a request's life, between reading its buffers and writing them: snapshot the request
 * head and body out of guest memory, parse the head ({@link HttpHeadCodec}), run the request on the
 * {@link BlobBackend} with the data buffer's length as body capacity, and turn the outcome into an
 * {@link ExecutionResult} (docs/fastpath-protocol.md). Nothing here writes guest memory.
 *
 * <p>Stateless apart from its collaborators; used by many workers at once.
 */
final class RequestExecution {
    private static final Logger LOG = LoggerFactory.getLogger(RequestExecution.class);

    private final HttpHeadCodec codec;
    private final BlobBackend backend;
    private final WarnThrottle warnings = new WarnThrottle(1, TimeUnit.SECONDS);

    RequestExecution(final HttpHeadCodec codec, final BlobBackend backend) {
        this.codec = codec;
        this.backend = backend;
    }

    /**
     * The guest's request head and body, copied out of guest memory once: everything after works on the
     * copy, so a guest changing its buffers meanwhile (or buffers that overlap the response) cannot change
     * the request half-way (RELIABILITY V6).
     *
     * @param head the start of the request buffer: at most one byte more than the codec's head bound, which
     *             is enough for the codec to tell "too large" from "malformed" exactly as on the whole buffer
     * @param body the first {@code data_buffer_valid} bytes of the data buffer
     */
    record Snapshot(byte[] head, byte[] body) {
        int bytes() {
            return head.length + body.length;
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
        final byte[] head = new byte[headBytes];
        range.getBytes(request.requestOffset(), head, 0, headBytes);
        final byte[] body = new byte[request.dataValid()];
        range.getBytes(request.dataOffset(), body, 0, body.length);
        return new Snapshot(head, body);
    }

    /**
     * Parses and executes a snapshot.
     *
     * @param request the validated request (for the buffer sizes)
     * @param copy    its snapshot
     * @param entry   the table entry, told the method and target for diagnostics
     * @return what to write and complete
     */
    ExecutionResult execute(final VspRequest request, final Snapshot copy, final InFlightRequest entry) {
        final BlobRequest blobRequest;
        try {
            blobRequest = codec.parseRequest(ByteBuffer.wrap(copy.head()), ByteBuffer.wrap(copy.body()));
        } catch (final HttpHeadException e) {
            LOG.debug("trans_id=0x{}: request head refused ({}): {}", Long.toHexString(request.transactionId()),
                    e.kind(), e.getMessage());
            return ExecutionResult.failed(e.errno());
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
                return ExecutionResult.doesNotFit(codec.encodeResponseHead(tooLarge.head()).length,
                        tooLarge.bodyBytesNeeded());
            }
            final BlobResponse response = ((BlobOutcome.Completed) outcome).response();
            final byte[] head = codec.encodeResponseHead(response);
            if (head.length > request.responseLength() || response.bodyLength() > request.dataLength()) {
                return ExecutionResult.doesNotFit(head.length, response.bodyLength());
            }
            return ExecutionResult.carried(head, response);
        } catch (final IllegalArgumentException e) {
            if (warnings.allow()) {
                LOG.warn("trans_id=0x{}: response head cannot be encoded ({} similar warnings suppressed)",
                        Long.toHexString(request.transactionId()), warnings.takeSuppressed(), e);
            }
            return ExecutionResult.failed(Errno.EIO);
        }
    }
}
