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
import org.vmbussim.wire.LittleEndian;
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
     * Writes the whole struct (padding as zero) into a region, encoded first in a caller's reused array.
     *
     * @param region  the memory
     * @param address the struct's first byte
     * @param scratch at least {@link AzBlobRequestSyncLayout#LENGTH} bytes, all of the first 72 overwritten
     * @throws MemoryAccessException when any of the 72 bytes is outside the region (nothing is written)
     */
    public void write(final MemoryRegion region, final long address, final byte[] scratch) {
        encodeInto(scratch);
        region.putBytes(address, scratch, 0, LENGTH);
    }

    /**
     * Encodes the struct.
     *
     * @return 72 bytes
     */
    public byte[] toBytes() {
        final byte[] b = new byte[LENGTH];
        encodeInto(b);
        return b;
    }

    /** Writes every one of the struct's bytes, padding included, into {@code b[0, LENGTH)}. */
    private void encodeInto(final byte[] b) {
        if (b.length < LENGTH) {
            throw new IllegalArgumentException("scratch of " + b.length + " bytes (expected: >= " + LENGTH + ")");
        }
        guid.toWire(b, GUID_OFFSET);
        LittleEndian.putInt(b, TIMEOUT_OFFSET, timeout);
        LittleEndian.putInt(b, REQUEST_LEN_OFFSET, requestLen);
        LittleEndian.putInt(b, RESPONSE_LEN_OFFSET, responseLen);
        LittleEndian.putInt(b, DATA_LEN_OFFSET, dataLen);
        LittleEndian.putInt(b, DATA_VALID_OFFSET, dataValid);
        LittleEndian.putInt(b, RESERVED0_OFFSET, 0);
        LittleEndian.putLong(b, REQUEST_BUFFER_OFFSET, requestBuffer);
        LittleEndian.putLong(b, RESPONSE_BUFFER_OFFSET, responseBuffer);
        LittleEndian.putLong(b, DATA_BUFFER_OFFSET, dataBuffer);
        LittleEndian.putInt(b, RESPONSE_STATUS_OFFSET, responseStatus);
        LittleEndian.putInt(b, RESPONSE_RESPONSE_LEN_OFFSET, responseResponseLen);
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
        LittleEndian.putInt(b, 0, status);
        LittleEndian.putInt(b, Integer.BYTES, responseLenWritten);
        region.putBytes(structAddress + RESPONSE_STATUS_OFFSET, b);
    }
}
