package org.vmbussim.azblob.protocol;

import org.vmbussim.wire.Guid;
import org.vmbussim.wire.StructLayout;

/**
 * Layout of the packed {@code struct az_blob_vsp_request} (56 bytes): the payload of the GPA-direct
 * packet the VSC sends per user request (VMBUS-REFERENCE.md §5.3). Buffer offsets are byte offsets
 * into the one virtually contiguous range the packet's PFN list describes: data pages first, then
 * request pages, then response pages.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                            version                            |  0
 * |                           timeout_ms                          |  4
 * |                       data_buffer_offset                      |  8
 * |                       data_buffer_length                      | 12
 * |                       data_buffer_valid                       | 16
 * |                        operation_type                         | 20
 * |                     request_buffer_offset                     | 24
 * |                     request_buffer_length                     | 28
 * |                    response_buffer_offset                     | 32
 * |                    response_buffer_length                     | 36
 * |              transaction_id (16 bytes, the user GUID)         | 40
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class AzBlobVspRequestLayout {
    /** Protocol version; {@link AzBlobProtocol#VSP_PROTOCOL_VERSION_V1}. */
    public static final int VERSION_OFFSET = 0;
    /** The user's timeout in ms, passed through. */
    public static final int TIMEOUT_MS_OFFSET = VERSION_OFFSET + Integer.BYTES;
    /** Byte offset of the data buffer in the range (0 when there is none). */
    public static final int DATA_BUFFER_OFFSET_OFFSET = TIMEOUT_MS_OFFSET + Integer.BYTES;
    /** Length of the data buffer (0 when there is none). */
    public static final int DATA_BUFFER_LENGTH_OFFSET = DATA_BUFFER_OFFSET_OFFSET + Integer.BYTES;
    /** Valid bytes at the start of the data buffer. */
    public static final int DATA_BUFFER_VALID_OFFSET = DATA_BUFFER_LENGTH_OFFSET + Integer.BYTES;
    /** Operation; {@link AzBlobProtocol#AZ_BLOB_DRIVER_USER_REQUEST}. */
    public static final int OPERATION_TYPE_OFFSET = DATA_BUFFER_VALID_OFFSET + Integer.BYTES;
    /** Byte offset of the request buffer in the range. */
    public static final int REQUEST_BUFFER_OFFSET_OFFSET = OPERATION_TYPE_OFFSET + Integer.BYTES;
    /** Length of the request buffer. */
    public static final int REQUEST_BUFFER_LENGTH_OFFSET = REQUEST_BUFFER_OFFSET_OFFSET + Integer.BYTES;
    /** Byte offset of the response buffer in the range. */
    public static final int RESPONSE_BUFFER_OFFSET_OFFSET = REQUEST_BUFFER_LENGTH_OFFSET + Integer.BYTES;
    /** Length of the response buffer. */
    public static final int RESPONSE_BUFFER_LENGTH_OFFSET = RESPONSE_BUFFER_OFFSET_OFFSET + Integer.BYTES;
    /** The user's request GUID, raw 16 bytes. */
    public static final int TRANSACTION_ID_OFFSET = RESPONSE_BUFFER_LENGTH_OFFSET + Integer.BYTES;
    /** Size of the struct: 56. */
    public static final int LENGTH = TRANSACTION_ID_OFFSET + Guid.LENGTH;

    /** The struct's description, for golden vectors, the dissector and the docs. */
    public static final StructLayout STRUCT = StructLayout.builder("az_blob_vsp_request",
                    "VSC to VSP request, the payload of the GPA-direct packet (packed)")
            .u32("version", VERSION_OFFSET, "protocol version, 0")
            .u32("timeout_ms", TIMEOUT_MS_OFFSET, "the user's timeout in ms")
            .u32("data_buffer_offset", DATA_BUFFER_OFFSET_OFFSET, "data buffer offset in the range")
            .u32("data_buffer_length", DATA_BUFFER_LENGTH_OFFSET, "data buffer length, 0 for none")
            .u32("data_buffer_valid", DATA_BUFFER_VALID_OFFSET, "valid bytes of the data buffer")
            .u32("operation_type", OPERATION_TYPE_OFFSET, "0x100 = user request")
            .u32("request_buffer_offset", REQUEST_BUFFER_OFFSET_OFFSET, "request buffer offset in the range")
            .u32("request_buffer_length", REQUEST_BUFFER_LENGTH_OFFSET, "request buffer length")
            .u32("response_buffer_offset", RESPONSE_BUFFER_OFFSET_OFFSET, "response buffer offset in the range")
            .u32("response_buffer_length", RESPONSE_BUFFER_LENGTH_OFFSET, "response buffer length")
            .guid("transaction_id", TRANSACTION_ID_OFFSET, "the user's request GUID")
            .build(LENGTH);

    private AzBlobVspRequestLayout() {
    }
}
