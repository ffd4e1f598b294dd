package org.vmbussim.azblob.protocol;

import org.vmbussim.wire.StructLayout;

/**
 * Layout of the packed {@code struct az_blob_vsp_response} (12 bytes): the payload of the VSP's
 * completion packet (VMBUS-REFERENCE.md §5.4; meaning of the fields defined in
 * docs/fastpath-protocol.md).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |          length (body bytes written to the data buffer)       |  0
 * |          error (0 = carried, else an errno value)             |  4
 * |          response_len (head bytes in the response buffer)     |  8
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class AzBlobVspResponseLayout {
    /** Body bytes written into the data buffer. */
    public static final int LENGTH_OFFSET = 0;
    /** 0 when the request was carried, else an errno-style value. */
    public static final int ERROR_OFFSET = LENGTH_OFFSET + Integer.BYTES;
    /** Bytes of response head written into the response buffer. */
    public static final int RESPONSE_LEN_OFFSET = ERROR_OFFSET + Integer.BYTES;
    /** Size of the struct: 12. */
    public static final int LENGTH = RESPONSE_LEN_OFFSET + Integer.BYTES;

    /** The struct's description, for golden vectors, the dissector and the docs. */
    public static final StructLayout STRUCT = StructLayout.builder("az_blob_vsp_response",
                    "VSP to VSC completion payload (packed)")
            .u32("length", LENGTH_OFFSET, "body bytes written into the data buffer")
            .u32("error", ERROR_OFFSET, "0 = request carried; else an errno value")
            .u32("response_len", RESPONSE_LEN_OFFSET, "bytes of response head written")
            .build(LENGTH);

    private AzBlobVspResponseLayout() {
    }
}
