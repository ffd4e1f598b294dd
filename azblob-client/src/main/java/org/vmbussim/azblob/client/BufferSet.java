package org.vmbussim.azblob.client;

import org.vmbussim.core.process.AddressSpace;
import org.vmbussim.uapi.AzBlobRequestSyncLayout;
import org.vmbussim.wire.Guid;

/**
 * The buffers of one request in flight: a page holding the {@code az_blob_request_sync} struct, the request
 * head buffer, the response head buffer and the pooled data buffer. Used by one request at a time (the pool
 * hands it out); the head buffers grow in place when a request needs more and keep their new size.
 */
final class BufferSet {
    private final AddressSpace space;
    private final UserBuffer control;
    private UserBuffer requestHead;
    private UserBuffer responseHead;
    private final UserBuffer data;
    /** The encoded request head of the exchange holding this set, reused from request to request. */
    private final HeadBuffer requestHeadBytes = new HeadBuffer(1024);
    /** The response head copied out of the response buffer to be parsed, reused likewise. */
    private final HeadBuffer responseHeadBytes = new HeadBuffer(1024);
    /** The strings of the response heads parsed in this set, reused while a value repeats. */
    private final HeadStrings responseHeadStrings = new HeadStrings();
    /**
     * The {@code az_blob_request_sync} being written to the control page. Every byte is written for each request
     * (padding as zero), so nothing of an earlier request can remain in what the driver reads.
     */
    private final byte[] structBytes = new byte[AzBlobRequestSyncLayout.LENGTH];
    /** The random bytes of a request's GUID, copied by the GUID made from them. */
    private final byte[] guidBytes = new byte[Guid.LENGTH];
    /** Staging for a request body that is not array-backed on its way into the data buffer; grown on demand. */
    private byte[] bodyChunk = new byte[0];

    /** The largest {@link #bodyChunk(int)}: a larger body is staged in several rounds. */
    static final int MAX_BODY_CHUNK_BYTES = 256 * 1024;

    private BufferSet(final AddressSpace space, final UserBuffer control, final UserBuffer requestHead,
            final UserBuffer responseHead, final UserBuffer data) {
        this.space = space;
        this.control = control;
        this.requestHead = requestHead;
        this.responseHead = responseHead;
        this.data = data;
    }

    /**
     * Maps a new set; on failure nothing stays mapped.
     *
     * @param space   the process's address space
     * @param options the sizes
     * @return the set
     */
    static BufferSet map(final AddressSpace space, final FastPathTransportOptions options) {
        UserBuffer control = null;
        UserBuffer request = null;
        UserBuffer response = null;
        try {
            control = UserBuffer.map(space, AzBlobRequestSyncLayout.LENGTH);
            request = UserBuffer.map(space, options.requestHeadBufferBytes());
            response = UserBuffer.map(space, options.responseHeadBufferBytes());
            return new BufferSet(space, control, request, response,
                    UserBuffer.map(space, options.dataBufferBytes()));
        } catch (final RuntimeException e) {
            for (final UserBuffer b : new UserBuffer[] {response, request, control}) {
                if (b != null) {
                    b.unmap();
                }
            }
            throw e;
        }
    }

    AddressSpace space() {
        return space;
    }

    /** The struct's user VA (the ioctl argument). */
    long structVa() {
        return control.va();
    }

    /** The request head buffer, grown first when it is shorter than {@code bytes}. */
    UserBuffer requestHead(final int bytes) {
        if (requestHead.capacity() < bytes) {
            final UserBuffer bigger = UserBuffer.map(space, bytes);
            requestHead.unmap();
            requestHead = bigger;
        }
        return requestHead;
    }

    UserBuffer responseHead() {
        return responseHead;
    }

    /** Grows the response head buffer to at least {@code bytes}. */
    void growResponseHead(final int bytes) {
        if (responseHead.capacity() < bytes) {
            final UserBuffer bigger = UserBuffer.map(space, bytes);
            responseHead.unmap();
            responseHead = bigger;
        }
    }

    /** The reused array an exchange encodes its request head into (valid while it holds this set). */
    HeadBuffer requestHeadBytes() {
        return requestHeadBytes;
    }

    /** The reused array an exchange reads the response head into (valid while it holds this set). */
    HeadBuffer responseHeadBytes() {
        return responseHeadBytes;
    }

    /** The strings of the response heads parsed with this set (used while the caller holds it). */
    HeadStrings responseHeadStrings() {
        return responseHeadStrings;
    }

    /** The reused array the request struct is encoded in before it is copied to the control page. */
    byte[] structBytes() {
        return structBytes;
    }

    /** The reused array a request's random GUID bytes are drawn into. */
    byte[] guidBytes() {
        return guidBytes;
    }

    /**
     * The reused array a body is staged in (valid while the caller holds this set).
     *
     * @param bodyBytes the bytes still to copy
     * @return an array of at least min(bodyBytes, {@link #MAX_BODY_CHUNK_BYTES}) bytes
     */
    byte[] bodyChunk(final int bodyBytes) {
        final int wanted = Math.min(bodyBytes, MAX_BODY_CHUNK_BYTES);
        if (bodyChunk.length < wanted) {
            bodyChunk = new byte[wanted];
        }
        return bodyChunk;
    }

    /** The pooled data buffer. */
    UserBuffer data() {
        return data;
    }

    void unmapAll() {
        for (final UserBuffer b : new UserBuffer[] {data, responseHead, requestHead, control}) {
            b.unmap();
        }
    }
}
