package org.vmbussim.azblob.vsp.backend;

import java.nio.ByteBuffer;
import org.vmbussim.azblob.protocol.HttpBody;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.core.memory.PfnListRegion;

/**
 * One Blob REST response: status, reason phrase, header fields and body. Backends always send a
 * {@code Content-Length} header; on a HEAD response it is the size a GET would return while the body
 * is empty. The body is a read-only view; {@link #body()} hands out a fresh duplicate.
 *
 * @param status the HTTP status code, 100..599
 * @param reason the reason phrase (may be empty)
 * @param headers the header fields
 * @param body the body bytes (position to limit)
 */
public record BlobResponse(int status, String reason, HttpFields headers, ByteBuffer body)
        implements HttpBody {

    /**
     * Validates and freezes the parts.
     *
     * @param status the HTTP status code
     * @param reason the reason phrase
     * @param headers the header fields
     * @param body the body (may be null for none)
     */
    public BlobResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("invalid status: " + status);
        }
        if (reason == null || !HttpFields.isFieldValue(reason)) {
            throw new IllegalArgumentException("invalid reason phrase");
        }
        if (headers == null) {
            throw new IllegalArgumentException("headers must not be null");
        }
        body = HttpBody.readOnlyView(body);
    }

    /**
     * A fresh read-only view of the body, positioned at its start.
     *
     * @return the body view
     */
    @Override
    public ByteBuffer body() {
        return body.duplicate();
    }

    /**
     * Writes the body into guest pages from the kept view itself, without a duplicate of it: the provider's
     * one copy of a response body, store to guest. Safe without a duplicate because
     * {@link PfnListRegion#putBytes(long, ByteBuffer)} (a final class) reads its source by absolute index and
     * never moves its position or limit, so the view stays as it was for every later reader.
     *
     * @param region  the guest pages
     * @param address where the body's first byte goes in the region
     * @throws org.vmbussim.wire.MemoryAccessException when the body does not fit the region from {@code address}
     */
    public void copyBodyTo(final PfnListRegion region, final long address) {
        region.putBytes(address, body);
    }

    /** The body length, read off the kept view: no view made for it (asked several times per response). */
    @Override
    public int bodyLength() {
        return body.remaining();
    }



    /**
     * The same status and headers without the body.
     *
     * @return the head-only response
     */
    public BlobResponse withoutBody() {
        return new BlobResponse(status, reason, headers, null);
    }
}
