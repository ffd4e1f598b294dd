package org.vmbussim.azblob.vsc;

import java.util.Arrays;
import org.vmbussim.azblob.protocol.AzBlobProtocol;
import org.vmbussim.azblob.protocol.AzBlobVspRequestLayout;
import org.vmbussim.core.memory.HvPage;
import org.vmbussim.core.packet.GpaRange;
import org.vmbussim.core.process.PinnedPageList;
import org.vmbussim.uapi.AzBlobRequestSync;
import org.vmbussim.wire.LittleEndian;

/**
 * Builds what one user request puts on the wire (VMBUS-REFERENCE.md §5.3, §5.7): the single GPA range
 * (offset 0, length {@code pages * 4096}, PFNs of the data pages, then the request pages, then the
 * response pages) and the 56-byte {@code az_blob_vsp_request} payload. The payload is written into the sending
 * thread's scratch array, zeroed first and then every field written, so no stale byte of an earlier request can
 * leak to the host (RELIABILITY P7).
 */
final class VspRequestEncoder {

    private VspRequestEncoder() {
    }

    /**
     * The packet's one range, over the pinned PFN list as it is (no copy): the list was filled in range order,
     * data pages then request pages then response pages, at the page indexes the geometry gives.
     *
     * @param pins every buffer of the request pinned into it
     * @return the range
     */
    static GpaRange range(final PinnedPageList pins) {
        final long[] pfns = pins.pfnsForRange();
        // Ownership: the range and the pin list share pfns, which nobody writes once pinned; the list's close
        // (the request's DONE transition) unpins the PFNs it reads there, the range only ever reads them.
        return GpaRange.adopt(0, (long) pfns.length * HvPage.PAGE_SIZE, pfns);
    }

    /**
     * Writes the {@code az_blob_vsp_request}, little-endian, packed, over all 56 bytes of {@code b}.
     *
     * @param sync     the user's struct
     * @param geometry the buffers' places in the range
     * @param b        at least 56 bytes; the first 56 are zeroed, then written
     */
    static void payload(final AzBlobRequestSync sync, final RequestGeometry geometry, final byte[] b) {
        Arrays.fill(b, 0, AzBlobVspRequestLayout.LENGTH, (byte) 0);
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
    }
}
