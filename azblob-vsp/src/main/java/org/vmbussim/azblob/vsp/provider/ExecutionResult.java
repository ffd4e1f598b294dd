package org.vmbussim.azblob.vsp.provider;

import org.vmbussim.azblob.vsp.backend.BlobResponse;
import org.vmbussim.uapi.Errno;

/**
 * What a worker produced for one request: the completion, and for a carried request the bytes to write
 * first (the encoded head for the response buffer and the response whose body goes into the data buffer).
 *
 * @param completion the completion to send
 * @param head       holds the encoded response head from index 0 (a pooled scratch array, given back by
 *                   {@link RequestExecution#releaseHead} once written), or null when nothing is written
 * @param headLength the bytes of {@code head} that are the head
 * @param response   the response whose body is written, or null when nothing is written
 */
record ExecutionResult(VspCompletion completion, byte[] head, int headLength, BlobResponse response) {

    static ExecutionResult failed(final Errno errno) {
        return new ExecutionResult(VspCompletion.failed(errno), null, 0, null);
    }

    static ExecutionResult doesNotFit(final long headBytesNeeded, final long bodyBytesNeeded) {
        return new ExecutionResult(VspCompletion.doesNotFit(headBytesNeeded, bodyBytesNeeded), null, 0, null);
    }

    static ExecutionResult carried(final byte[] head, final int headLength, final BlobResponse response) {
        return new ExecutionResult(VspCompletion.carried(response.bodyLength(), headLength), head, headLength,
                response);
    }

    boolean writes() {
        return head != null;
    }
}
