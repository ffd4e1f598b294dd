package org.vmbussim.azblob.vsp.provider;

import org.vmbussim.uapi.Errno;

/**
 * Why the provider refused a request without executing it. Each refusal completes the request (when it
 * asked for a completion) with {@code error} = its errno, {@code length} = 0 and {@code response_len} = 0,
 * and nothing is read from or written to any buffer. The checks run in the order of this enum; the first
 * one broken decides (docs/fastpath-protocol.md, "The provider's checks").
 */
public enum Refusal {
    /**
     * The packet is longer than the host's packet buffer, so the copy holds only its start (the host's
     * {@code ChannelEnd} was built with a {@code maxPacketSize} below
     * {@link AzureBlobProvider#MAX_REQUEST_PACKET_BYTES}, or the guest listed more than 8192 pages).
     */
    TRUNCATED_PACKET(Errno.ENOBUFS),
    /** The descriptor or the GPA range encoding is broken (VMBUS-REFERENCE.md §2.3; RELIABILITY P2, P3). */
    MALFORMED_PACKET(Errno.EINVAL),
    /** Not a GPA-direct packet (an in-band packet or a completion that asked for a completion). */
    NOT_GPA_DIRECT(Errno.EINVAL),
    /** More or fewer than the one GPA range the VSC sends. */
    RANGE_COUNT(Errno.EINVAL),
    /** The range spans more than {@code AZ_BLOB_MAX_PAGES} (8192) pages. */
    RANGE_TOO_LARGE(Errno.EINVAL),
    /** The payload is shorter than the 56-byte {@code az_blob_vsp_request}. */
    SHORT_PAYLOAD(Errno.EINVAL),
    /** {@code version} is not 0. */
    UNSUPPORTED_VERSION(Errno.EINVAL),
    /** {@code operation_type} is not 0x100 (the seed's REGISTER/DEREGISTER_BUFFER included). */
    UNSUPPORTED_OPERATION(Errno.EOPNOTSUPP),
    /** A buffer length above 32 MiB ({@code AZ_BLOB_MAX_PAGES} pages). */
    BUFFER_TOO_LARGE(Errno.EINVAL),
    /** {@code request_buffer_length} or {@code response_buffer_length} is 0. */
    EMPTY_BUFFER(Errno.EINVAL),
    /** {@code data_buffer_valid > data_buffer_length}. */
    DATA_VALID_EXCEEDS_LENGTH(Errno.EINVAL),
    /** A buffer's {@code offset + length} falls outside the range's {@code byte_count}. */
    BUFFER_OUTSIDE_RANGE(Errno.EINVAL),
    /** The response buffer and the data buffer (both written by the host) overlap in the range. */
    OUTPUT_BUFFERS_OVERLAP(Errno.EINVAL),
    /** A PFN of the range lies outside guest RAM. */
    PFN_OUTSIDE_GUEST_RAM(Errno.EFAULT),
    /** A PFN of the range is one of the channel's own ring pages (given to {@code attach}). */
    PFN_IN_RING_PAGES(Errno.EFAULT),
    /** The channel already has the most requests in flight the provider allows; retry later. */
    TOO_MANY_IN_FLIGHT(Errno.EAGAIN);

    private final Errno errno;

    Refusal(final Errno errno) {
        this.errno = errno;
    }

    /**
     * The errno the request is completed with.
     *
     * @return the errno
     */
    public Errno errno() {
        return errno;
    }
}
