package org.vmbussim.azblob.vsc;

import java.util.List;
import org.vmbussim.uapi.AzBlobRequestSync;

/**
 * The seed's debugfs {@code pending_requests} text (VMBUS-REFERENCE.md §5.9), per device: the v4 layout
 * with one {@code file context for pid} line per open file, and the later revision's {@code data_valid}
 * column. The GUID is printed as {@code %pUb} (stored byte order), lengths as {@code %u}, buffer
 * addresses as {@code %llx}. The pid is the opener's thread-group id in the simulator's own process
 * table (Greg KH asked which namespace the seed's pid was in: here there is one, the guest's).
 */
final class PendingRequestsListing {
    /** First header line. */
    static final String TITLE = "List of pending requests";
    /** Second header line (later revision, with data_valid). */
    static final String COLUMNS =
            "UUID request_len response_len data_len data_valid request_buffer response_buffer data_buffer";

    private PendingRequestsListing() {
    }

    /**
     * Formats the listing.
     *
     * @param files the files to show, in open order
     * @return the text, each line ending with a newline
     */
    static String format(final List<AzureBlobFile> files) {
        final StringBuilder sb = new StringBuilder(TITLE).append('\n').append(COLUMNS).append('\n');
        for (final AzureBlobFile file : files) {
            sb.append("file context for pid ").append(file.opener().tgid()).append('\n');
            for (final UserRequest request : file.requests()) {
                line(sb, request.sync());
            }
        }
        return sb.toString();
    }

    private static void line(final StringBuilder sb, final AzBlobRequestSync r) {
        sb.append(r.guid().formatPUb()).append(' ')
                .append(Integer.toUnsignedString(r.requestLen())).append(' ')
                .append(Integer.toUnsignedString(r.responseLen())).append(' ')
                .append(Integer.toUnsignedString(r.dataLen())).append(' ')
                .append(Integer.toUnsignedString(r.dataValid())).append(' ')
                .append(Long.toHexString(r.requestBuffer())).append(' ')
                .append(Long.toHexString(r.responseBuffer())).append(' ')
                .append(Long.toHexString(r.dataBuffer())).append('\n');
    }
}
