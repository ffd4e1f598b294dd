package org.vmbussim.azblob.vsp.provider;

import org.vmbussim.azblob.protocol.AzBlobVspResponseLayout;
import org.vmbussim.uapi.Errno;
import org.vmbussim.wire.LittleEndian;

/**
 * The {@code az_blob_vsp_response} a request is completed with (docs/fastpath-protocol.md, "The
 * completion"). Sizes are u32 on the wire; a larger "bytes needed" is reported as 0xFFFFFFFF.
 *
 * @param bodyLength     {@code length}: body bytes written, or with {@code EMSGSIZE} the body bytes needed
 * @param error          {@code error}: null when the request was carried (wire value 0)
 * @param responseLength {@code response_len}: head bytes written, or with {@code EMSGSIZE} the head bytes needed
 */
record VspCompletion(long bodyLength, Errno error, long responseLength) {
    private static final long U32_MAX = 0xFFFF_FFFFL;

    /**
     * The request was carried: head and body were written.
     *
     * @param bodyBytes body bytes written into the data buffer
     * @param headBytes head bytes written into the response buffer
     * @return the completion
     */
    static VspCompletion carried(final long bodyBytes, final long headBytes) {
        return new VspCompletion(bodyBytes, null, headBytes);
    }

    /**
     * The request could not be carried; nothing was written.
     *
     * @param errno why
     * @return the completion
     */
    static VspCompletion failed(final Errno errno) {
        return new VspCompletion(0, errno, 0);
    }

    /**
     * The response does not fit: nothing was written; the sizes needed are reported.
     *
     * @param headBytesNeeded bytes the response head needs
     * @param bodyBytesNeeded bytes the body needs
     * @return the completion
     */
    static VspCompletion doesNotFit(final long headBytesNeeded, final long bodyBytesNeeded) {
        return new VspCompletion(bodyBytesNeeded, Errno.EMSGSIZE, headBytesNeeded);
    }

    /**
     * The wire value of {@code error}.
     *
     * @return 0 or a positive errno
     */
    int errorValue() {
        return error == null ? 0 : error.value();
    }

    /**
     * Encodes the 12-byte struct, little-endian.
     *
     * @return a new array
     */
    byte[] encode() {
        final byte[] bytes = new byte[AzBlobVspResponseLayout.LENGTH];
        encode(bytes);
        return bytes;
    }

    /**
     * Writes the {@code az_blob_vsp_response} over all {@link AzBlobVspResponseLayout#LENGTH} first bytes of an
     * array (every field, so nothing of an earlier completion written there is left).
     *
     * @param bytes at least {@link AzBlobVspResponseLayout#LENGTH} bytes
     */
    void encode(final byte[] bytes) {
        LittleEndian.putInt(bytes, AzBlobVspResponseLayout.LENGTH_OFFSET, (int) Math.min(bodyLength, U32_MAX));
        LittleEndian.putInt(bytes, AzBlobVspResponseLayout.ERROR_OFFSET, errorValue());
        LittleEndian.putInt(bytes, AzBlobVspResponseLayout.RESPONSE_LEN_OFFSET,
                (int) Math.min(responseLength, U32_MAX));
    }
}
