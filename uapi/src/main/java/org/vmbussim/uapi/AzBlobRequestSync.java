package org.vmbussim.uapi;

import static org.vmbussim.uapi.AzBlobRequestSyncLayout.DATA_BUFFER_OFFSET;
import static org.vmbussim.uapi.AzBlobRequestSyncLayout.DATA_LEN_OFFSET;
import static org.vmbussim.uapi.AzBlobRequestSyncLayout.DATA_VALID_OFFSET;
import static org.vmbussim.uapi.AzBlobRequestSyncLayout.GUID_OFFSET;
import static org.vmbussim.uapi.AzBlobRequestSyncLayout.LENGTH;
import static org.vmbussim.uapi.AzBlobRequestSyncLayout.REQUEST_BUFFER_OFFSET;
import static org.vmbussim.uapi.AzBlobRequestSyncLayout.REQUEST_LEN_OFFSET;
import static org.vmbussim.uapi.AzBlobRequestSyncLayout.RESERVED0_OFFSET;
import static org.vmbussim.uapi.AzBlobRequestSyncLayout.RESPONSE_BUFFER_OFFSET;
import static org.vmbussim.uapi.AzBlobRequestSyncLayout.RESPONSE_LEN_OFFSET;
import static org.vmbussim.uapi.AzBlobRequestSyncLayout.RESPONSE_RESPONSE_LEN_OFFSET;
import static org.vmbussim.uapi.AzBlobRequestSyncLayout.RESPONSE_STATUS_OFFSET;
import static org.vmbussim.uapi.AzBlobRequestSyncLayout.TIMEOUT_OFFSET;

import java.util.Objects;
import org.vmbussim.wire.ByteArrayRegion;
import org.vmbussim.wire.Guid;
import org.vmbussim.wire.MemoryAccessException;
import org.vmbussim.wire.MemoryRegion;

/**
 * The values of one {@code struct az_blob_request_sync}. The 32-bit fields hold unsigned values in
 * Java {@code int}s (use {@link Integer#toUnsignedLong(int)} to compare); addresses are user VAs.
 *
 * @param guid                the caller's request GUID
 * @param timeout             timeout in ms
 * @param requestLen          request buffer length
 * @param responseLen         response buffer length
 * @param dataLen             data buffer length
 * @param dataValid           valid bytes of the data buffer
 * @param requestBuffer       request buffer VA
 * @param responseBuffer      response buffer VA
 * @param dataBuffer          data buffer VA
 * @param responseStatus      out: host status
 * @param responseResponseLen out: bytes written to the response buffer
 */
public record AzBlobRequestSync(Guid guid, int timeout, int requestLen, int responseLen, int dataLen,
        int dataValid, long requestBuffer, long responseBuffer, long dataBuffer, int responseStatus,
        int responseResponseLen) {

    /**
     * Validates the record.
     *
     * @param guid                the GUID
     * @param timeout             timeout
     * @param requestLen          request length
     * @param responseLen         response length
     * @param dataLen             data length
     * @param dataValid           valid data
     * @param requestBuffer       request VA
     * @param responseBuffer      response VA
     * @param dataBuffer          data VA
     * @param responseStatus      status
     * @param responseResponseLen response length written
     */
    public AzBlobRequestSync {
        Objects.requireNonNull(guid, "guid");
    }

    /**
     * Reads the struct from a region (a process's address space, typically).
     *
     * @param region  the memory
     * @param address the struct's first byte
     * @return the values
     * @throws MemoryAccessException when any of the 72 bytes is outside the region
     */
    public static AzBlobRequestSync read(final MemoryRegion region, final long address) {
        // One bounds check covers the whole struct; then one copy, so the values cannot change under us.
        final byte[] b = region.getBytes(address, LENGTH);
        final MemoryRegion copy = ByteArrayRegion.wrap(b);
        return new AzBlobRequestSync(Guid.read(copy, GUID_OFFSET), copy.getIntLE(TIMEOUT_OFFSET),
                copy.getIntLE(REQUEST_LEN_OFFSET), copy.getIntLE(RESPONSE_LEN_OFFSET), copy.getIntLE(DATA_LEN_OFFSET),
                copy.getIntLE(DATA_VALID_OFFSET), copy.getLongLE(REQUEST_BUFFER_OFFSET),
                copy.getLongLE(RESPONSE_BUFFER_OFFSET), copy.getLongLE(DATA_BUFFER_OFFSET),
                copy.getIntLE(RESPONSE_STATUS_OFFSET), copy.getIntLE(RESPONSE_RESPONSE_LEN_OFFSET));
    }

    /**
     * Writes the whole struct (padding as zero) into a region.
     *
     * @param region  the memory
     * @param address the struct's first byte
     * @throws MemoryAccessException when any of the 72 bytes is outside the region (nothing is written)
     */
    public void write(final MemoryRegion region, final long address) {
        region.putBytes(address, toBytes());
    }

    /**
     * Encodes the struct.
     *
     * @return 72 bytes
     */
    public byte[] toBytes() {
        final byte[] b = new byte[LENGTH];
        final MemoryRegion r = ByteArrayRegion.wrap(b);
        guid.write(r, GUID_OFFSET);
        r.putIntLE(TIMEOUT_OFFSET, timeout);
        r.putIntLE(REQUEST_LEN_OFFSET, requestLen);
        r.putIntLE(RESPONSE_LEN_OFFSET, responseLen);
        r.putIntLE(DATA_LEN_OFFSET, dataLen);
        r.putIntLE(DATA_VALID_OFFSET, dataValid);
        r.putIntLE(RESERVED0_OFFSET, 0);
        r.putLongLE(REQUEST_BUFFER_OFFSET, requestBuffer);
        r.putLongLE(RESPONSE_BUFFER_OFFSET, responseBuffer);
        r.putLongLE(DATA_BUFFER_OFFSET, dataBuffer);
        r.putIntLE(RESPONSE_STATUS_OFFSET, responseStatus);
        r.putIntLE(RESPONSE_RESPONSE_LEN_OFFSET, responseResponseLen);
        return b;
    }

    /**
     * Writes only the 8-byte {@code response} member, as the driver's {@code copy_to_user} does.
     *
     * @param region              the memory
     * @param structAddress       the struct's first byte
     * @param status              the host status
     * @param responseLenWritten  bytes written to the response buffer
     * @throws MemoryAccessException when the 8 bytes are outside the region
     */
    public static void writeResponse(final MemoryRegion region, final long structAddress, final int status,
            final int responseLenWritten) {
        final byte[] b = new byte[AzBlobRequestSyncLayout.RESPONSE_LENGTH];
        final MemoryRegion r = ByteArrayRegion.wrap(b);
        r.putIntLE(0, status);
        r.putIntLE(Integer.BYTES, responseLenWritten);
        region.putBytes(structAddress + RESPONSE_STATUS_OFFSET, b);
    }
}
