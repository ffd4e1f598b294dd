package org.vmbussim.azblob.vsc;

import org.vmbussim.azblob.protocol.AzBlobProtocol;
import org.vmbussim.azblob.protocol.AzBlobVspRequestLayout;
import org.vmbussim.core.memory.HvPage;
import org.vmbussim.core.packet.GpaRange;
import org.vmbussim.core.process.PinnedBuffer;
import org.vmbussim.uapi.AzBlobRequestSync;
import org.vmbussim.wire.LittleEndian;

/**
 * Builds what one user request puts on the wire (VMBUS-REFERENCE.md §5.3, §5.7): the single GPA range
 * (offset 0, length {@code pages * 4096}, PFNs of the data pages, then the request pages, then the
 * response pages) and the 56-byte {@code az_blob_vsp_request} payload. Every payload is a fresh zeroed
 * array, so no stale byte of an earlier request can leak to the host (RELIABILITY P7).
 */
final class VspRequestEncoder {

    private VspRequestEncoder() {
    }

    /**
     * The packet's one range.
     *
     * @param geometry the geometry the pins were made for
     * @param data     the pinned data buffer, or null without one
     * @param request  the pinned request buffer
     * @param response the pinned response buffer
     * @return the range
     */
    static GpaRange range(final RequestGeometry geometry, final PinnedBuffer data, final PinnedBuffer request,
            final PinnedBuffer response) {
        final long[] pfns = new long[geometry.totalPages()];
        int at = 0;
        at = append(pfns, at, data, geometry.dataPages());
        at = append(pfns, at, request, geometry.requestPages());
        at = append(pfns, at, response, geometry.responsePages());
        assert at == pfns.length : "PFNs " + at + " != pages " + pfns.length;
        return GpaRange.adopt(0, (long) pfns.length * HvPage.PAGE_SIZE, pfns); // pfns is the range's from here
    }

    private static int append(final long[] pfns, final int at, final PinnedBuffer buffer, final int expectedPages) {
        if (buffer == null) {
            assert expectedPages == 0;
            return at;
        }
        // The pin covers exactly the pages the geometry counted from the same (address, length).
        assert buffer.pageCount() == expectedPages : buffer + " pinned " + buffer.pageCount() + " pages, expected "
                + expectedPages;
        for (int i = 0; i < expectedPages; i++) {
            pfns[at + i] = buffer.pfnAt(i);
        }
        return at + expectedPages;
    }

    /**
     * The {@code az_blob_vsp_request}, little-endian, packed.
     *
     * @param sync     the user's struct
     * @param geometry the buffers' places in the range
     * @return 56 bytes
     */
    static byte[] payload(final AzBlobRequestSync sync, final RequestGeometry geometry) {
        final byte[] b = new byte[AzBlobVspRequestLayout.LENGTH];
        final boolean hasData = sync.dataLen() != 0;
        LittleEndian.putInt(b, AzBlobVspRequestLayout.VERSION_OFFSET, AzBlobProtocol.VSP_PROTOCOL_VERSION_V1);
        LittleEndian.putInt(b, AzBlobVspRequestLayout.TIMEOUT_MS_OFFSET, sync.timeout());
        LittleEndian.putInt(b, AzBlobVspRequestLayout.DATA_BUFFER_OFFSET_OFFSET, hasData ? geometry.dataOffset() : 0);
        LittleEndian.putInt(b, AzBlobVspRequestLayout.DATA_BUFFER_LENGTH_OFFSET, hasData ? sync.dataLen() : 0);
        LittleEndian.putInt(b, AzBlobVspRequestLayout.DATA_BUFFER_VALID_OFFSET, hasData ? sync.dataValid() : 0);
        LittleEndian.putInt(b, AzBlobVspRequestLayout.OPERATION_TYPE_OFFSET,
                AzBlobProtocol.AZ_BLOB_DRIVER_USER_REQUEST);
        LittleEndian.putInt(b, AzBlobVspRequestLayout.REQUEST_BUFFER_OFFSET_OFFSET, geometry.requestOffset());
        LittleEndian.putInt(b, AzBlobVspRequestLayout.REQUEST_BUFFER_LENGTH_OFFSET, sync.requestLen());
        LittleEndian.putInt(b, AzBlobVspRequestLayout.RESPONSE_BUFFER_OFFSET_OFFSET, geometry.responseOffset());
        LittleEndian.putInt(b, AzBlobVspRequestLayout.RESPONSE_BUFFER_LENGTH_OFFSET, sync.responseLen());
        sync.guid().toWire(b, AzBlobVspRequestLayout.TRANSACTION_ID_OFFSET);
        return b;
    }
}
