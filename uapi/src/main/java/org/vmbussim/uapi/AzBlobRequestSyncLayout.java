package org.vmbussim.uapi;

import org.vmbussim.wire.Guid;
import org.vmbussim.wire.StructLayout;

/**
 * Layout of {@code struct az_blob_request_sync} (include/uapi/misc/hv_azure_blob.h), the argument of
 * {@link Ioctl#IOCTL_AZ_BLOB_DRIVER_USER_REQUEST}: 72 bytes, natural C alignment, little-endian. The
 * 4-byte hole the C compiler leaves before the first {@code __aligned_u64} is named here
 * ({@code reserved0}), as the reviewers asked.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                     guid (16 bytes, mixed-endian)             |  0
 * +---------------------------------------------------------------+
 * |                            timeout                            | 16
 * |                          request_len                          | 20
 * |                          response_len                         | 24
 * |                            data_len                           | 28
 * |                           data_valid                          | 32
 * |                   reserved0 (padding, zero)                   | 36
 * |                     request_buffer (user VA)                  | 40
 * |                    response_buffer (user VA)                  | 48
 * |                      data_buffer (user VA)                    | 56
 * |                        response.status                        | 64
 * |                     response.response_len                     | 68
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class AzBlobRequestSyncLayout {
    /** User-chosen request GUID, echoed to the host as the transaction id. */
    public static final int GUID_OFFSET = 0;
    /** Timeout in milliseconds, passed to the host. */
    public static final int TIMEOUT_OFFSET = GUID_OFFSET + Guid.LENGTH;
    /** Length of the request buffer in bytes. */
    public static final int REQUEST_LEN_OFFSET = TIMEOUT_OFFSET + Integer.BYTES;
    /** Length of the response buffer in bytes. */
    public static final int RESPONSE_LEN_OFFSET = REQUEST_LEN_OFFSET + Integer.BYTES;
    /** Length of the data buffer in bytes (0: no data buffer). */
    public static final int DATA_LEN_OFFSET = RESPONSE_LEN_OFFSET + Integer.BYTES;
    /** Bytes of the data buffer that hold valid data for the host. */
    public static final int DATA_VALID_OFFSET = DATA_LEN_OFFSET + Integer.BYTES;
    /** The compiler's alignment hole; written as zero, ignored on read. */
    public static final int RESERVED0_OFFSET = DATA_VALID_OFFSET + Integer.BYTES;
    /** User virtual address of the request buffer. */
    public static final int REQUEST_BUFFER_OFFSET = RESERVED0_OFFSET + Integer.BYTES;
    /** User virtual address of the response buffer. */
    public static final int RESPONSE_BUFFER_OFFSET = REQUEST_BUFFER_OFFSET + Long.BYTES;
    /** User virtual address of the data buffer. */
    public static final int DATA_BUFFER_OFFSET = RESPONSE_BUFFER_OFFSET + Long.BYTES;
    /** Out: the host's status for the request. */
    public static final int RESPONSE_STATUS_OFFSET = DATA_BUFFER_OFFSET + Long.BYTES;
    /** Out: bytes the host wrote into the response buffer. */
    public static final int RESPONSE_RESPONSE_LEN_OFFSET = RESPONSE_STATUS_OFFSET + Integer.BYTES;
    /** Size of the struct: 72. */
    public static final int LENGTH = RESPONSE_RESPONSE_LEN_OFFSET + Integer.BYTES;
    /** Size of the nested {@code az_blob_request_sync_response}: 8. */
    public static final int RESPONSE_LENGTH = LENGTH - RESPONSE_STATUS_OFFSET;

    /** The struct's description, for golden vectors, the dissector and the docs. */
    public static final StructLayout STRUCT = StructLayout.builder("az_blob_request_sync",
                    "ioctl argument of /dev/azure_blob (include/uapi/misc/hv_azure_blob.h)")
            .guid("guid", GUID_OFFSET, "request GUID chosen by the caller; sent as transaction_id")
            .u32("timeout", TIMEOUT_OFFSET, "timeout in ms, passed to the host")
            .u32("request_len", REQUEST_LEN_OFFSET, "request buffer length in bytes (non-zero)")
            .u32("response_len", RESPONSE_LEN_OFFSET, "response buffer length in bytes (non-zero)")
            .u32("data_len", DATA_LEN_OFFSET, "data buffer length in bytes, 0 for none")
            .u32("data_valid", DATA_VALID_OFFSET, "valid bytes in the data buffer (<= data_len)")
            .u32("reserved0", RESERVED0_OFFSET, "alignment padding; zero")
            .u64("request_buffer", REQUEST_BUFFER_OFFSET, "user VA of the request buffer")
            .u64("response_buffer", RESPONSE_BUFFER_OFFSET, "user VA of the response buffer")
            .u64("data_buffer", DATA_BUFFER_OFFSET, "user VA of the data buffer")
            .u32("response.status", RESPONSE_STATUS_OFFSET, "out: status from the host")
            .u32("response.response_len", RESPONSE_RESPONSE_LEN_OFFSET, "out: bytes written to the response buffer")
            .build(LENGTH);

    private AzBlobRequestSyncLayout() {
    }
}
