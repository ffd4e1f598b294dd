package org.vmbussim.azblob.vsc;

import org.vmbussim.azblob.protocol.AzBlobProtocol;
import org.vmbussim.core.memory.HvPage;
import org.vmbussim.uapi.AzBlobRequestSync;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

/**
 * Where the three user buffers of one request land in the packet's single GPA range, computed from the
 * user's (address, length) pairs alone, before anything is pinned (VMBUS-REFERENCE.md §5.3, §5.7).
 *
 * <p>The range is the concatenation of whole pages: data pages, then request pages, then response
 * pages. A buffer's {@code *Start} is its first byte's offset in its first page; its offset in the range
 * is that start plus the bytes of the pages before it. Adjacent buffers that share a page contribute that
 * page once each, so the same PFN may appear twice in the list (legal; Kelley's v2 review).
 *
 * @param dataStart     offset of the data buffer in its first page (0 without a data buffer)
 * @param dataPages     pages of the data buffer (0 without one)
 * @param requestStart  offset of the request buffer in its first page
 * @param requestPages  pages of the request buffer
 * @param responseStart offset of the response buffer in its first page
 * @param responsePages pages of the response buffer
 */
record RequestGeometry(int dataStart, int dataPages, int requestStart, int requestPages, int responseStart,
        int responsePages) {

    /** Largest length of any one buffer: {@code PAGE_SIZE * AZ_BLOB_MAX_PAGES} = 32 MiB. */
    static final long MAX_BUFFER_BYTES = (long) HvPage.PAGE_SIZE * AzBlobProtocol.AZ_BLOB_MAX_PAGES;

    /**
     * Runs the seed's length checks (§5.6 steps 4 to 6) in its order, then the total-page check that the
     * seed made only after pinning (step 10), here before anything is pinned.
     *
     * @param sync the user's struct, as copied in
     * @return the geometry
     * @throws ErrnoException {@link Errno#EINVAL} for the first check that fails
     */
    static RequestGeometry check(final AzBlobRequestSync sync) {
        final long requestLength = Integer.toUnsignedLong(sync.requestLen());
        final long responseLength = Integer.toUnsignedLong(sync.responseLen());
        final long dataLength = Integer.toUnsignedLong(sync.dataLen());
        final long dataValid = Integer.toUnsignedLong(sync.dataValid());
        if (requestLength == 0 || responseLength == 0) {
            throw new ErrnoException(Errno.EINVAL, "request_len=" + requestLength + " response_len=" + responseLength
                    + " (expected: both > 0)");
        }
        if (dataLength != 0 && dataLength < dataValid) {
            throw new ErrnoException(Errno.EINVAL, "data_len=" + dataLength + " < data_valid=" + dataValid);
        }
        if (dataLength > MAX_BUFFER_BYTES || requestLength > MAX_BUFFER_BYTES || responseLength > MAX_BUFFER_BYTES) {
            throw new ErrnoException(Errno.EINVAL, "data_len=" + dataLength + " request_len=" + requestLength
                    + " response_len=" + responseLength + " (expected: each <= " + MAX_BUFFER_BYTES + ")");
        }
        final int dataStart = dataLength == 0 ? 0 : HvPage.offsetInPage(sync.dataBuffer());
        final int requestStart = HvPage.offsetInPage(sync.requestBuffer());
        final int responseStart = HvPage.offsetInPage(sync.responseBuffer());
        // Each count is at most 8193 (32 MiB plus a partial first page), so the sum cannot overflow.
        final long dataPages = dataLength == 0 ? 0 : HvPage.pageCount(dataStart, dataLength);
        final long requestPages = HvPage.pageCount(requestStart, requestLength);
        final long responsePages = HvPage.pageCount(responseStart, responseLength);
        final long totalPages = dataPages + requestPages + responsePages;
        if (totalPages > AzBlobProtocol.AZ_BLOB_MAX_PAGES) {
            throw new ErrnoException(Errno.EINVAL, "the three buffers span " + totalPages + " pages (expected: <= "
                    + AzBlobProtocol.AZ_BLOB_MAX_PAGES + ")");
        }
        return new RequestGeometry(dataStart, (int) dataPages, requestStart, (int) requestPages, responseStart,
                (int) responsePages);
    }

    /**
     * Pages in the packet's range.
     *
     * @return data + request + response pages, at most 8192
     */
    int totalPages() {
        return dataPages + requestPages + responsePages;
    }

    /**
     * {@code data_buffer_offset}: the data buffer's byte offset in the range.
     *
     * @return bytes
     */
    int dataOffset() {
        return dataStart;
    }

    /**
     * {@code request_buffer_offset}: {@code request_start + data_pages * 4096}.
     *
     * @return bytes
     */
    int requestOffset() {
        return requestStart + dataPages * HvPage.PAGE_SIZE;
    }

    /**
     * {@code response_buffer_offset}: {@code response_start + (data_pages + request_pages) * 4096}.
     *
     * @return bytes
     */
    int responseOffset() {
        return responseStart + (dataPages + requestPages) * HvPage.PAGE_SIZE;
    }
}
