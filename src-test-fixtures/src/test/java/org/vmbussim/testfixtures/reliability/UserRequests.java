package org.vmbussim.testfixtures.reliability;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.vsp.backend.BlobOutcome;
import org.vmbussim.azblob.vsp.http.HttpHeadCodec;
import org.vmbussim.azblob.vsp.http.HttpHeadException;
import org.vmbussim.core.devfs.FileHandle;
import org.vmbussim.core.memory.HvPage;
import org.vmbussim.core.process.AddressSpace;
import org.vmbussim.core.process.Protection;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.uapi.AzBlobRequestSync;
import org.vmbussim.uapi.Ioctl;
import org.vmbussim.wire.Guid;

/**
 * A process's side of the Azure Blob ioctl for the scenario tests: buffers in its memory, a request head and
 * body written into them, {@code az_blob_request_sync} filled in, and the answer read back; plus a direct look
 * into the store, to check blob contents whatever happened to the requests.
 */
final class UserRequests {
    /** The container the scenarios use. */
    static final String CONTAINER = "faults";

    private UserRequests() {
    }

    /** One request's buffers in a process. */
    record Buffers(SimProcess process, long struct, long request, long response, long data, int dataBytes) {
        static Buffers map(final SimProcess process, final int dataBytes) {
            final AddressSpace as = process.addressSpace();
            return new Buffers(process, as.mmap(HvPage.PAGE_SIZE, Protection.READ_WRITE),
                    as.mmap(HvPage.PAGE_SIZE, Protection.READ_WRITE), as.mmap(HvPage.PAGE_SIZE,
                    Protection.READ_WRITE), as.mmap(Math.max(HvPage.PAGE_SIZE, dataBytes), Protection.READ_WRITE),
                    dataBytes);
        }

        /** Fills the buffers and the struct for one request (status and response_len preset to a marker). */
        void prepare(final String head, final byte[] body, final int timeoutMillis) {
            prepare(head, body, timeoutMillis, Guid.parse("{0badf00d-0000-4000-8000-000000000001}"));
        }

        /** As {@link #prepare(String, byte[], int)} with the user's own request GUID. */
        void prepare(final String head, final byte[] body, final int timeoutMillis, final Guid guid) {
            final AddressSpace as = process.addressSpace();
            final byte[] h = head.getBytes(StandardCharsets.US_ASCII);
            as.putBytes(request, h);
            as.putBytes(data, body);
            new AzBlobRequestSync(guid, timeoutMillis, h.length,
                    HvPage.PAGE_SIZE, dataBytes, body.length, request, response, data, 0x5a5a5a5a, 0x5a5a5a5a)
                    .write(as, struct);
        }

        CompletableFuture<Long> submit(final FileHandle fd) {
            return fd.submit(process, Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST, struct);
        }

        /** The answer: {@code status}, {@code response_len} and the HTTP status (0 when no head came back). */
        int[] answer() {
            final AzBlobRequestSync s = AzBlobRequestSync.read(process.addressSpace(), struct);
            int http = 0;
            if (s.responseStatus() == 0 && s.responseResponseLen() >= 12) {
                final String head = new String(process.addressSpace().getBytes(response, 12),
                        StandardCharsets.US_ASCII);
                http = Integer.parseInt(head.substring(9, 12));
            }
            return new int[] {s.responseStatus(), s.responseResponseLen(), http};
        }
    }

    static String head(final String requestLine, final int contentLength, final String... headers) {
        final StringBuilder sb = new StringBuilder(requestLine).append(" HTTP/1.1\r\nHost: blob.fastpath\r\n");
        for (final String h : headers) {
            sb.append(h).append("\r\n");
        }
        return sb.append("Content-Length: ").append(contentLength).append("\r\n\r\n").toString();
    }

    static String putBlob(final String blob, final int length) {
        return head("PUT /devstoreaccount1/" + CONTAINER + "/" + blob, length, "x-ms-blob-type: BlockBlob");
    }

    /**
     * A blob's content read straight from the store, or null when it does not exist.
     *
     * @param store the backend
     * @param blob  the blob's name in {@link #CONTAINER}
     * @return the bytes
     */
    static byte[] storedBlob(final BlobBackend store, final String blob) {
        try {
            final BlobOutcome outcome = store.execute(HttpHeadCodec.withDefaults().parseRequest(ByteBuffer.wrap(
                    head("GET /devstoreaccount1/" + CONTAINER + "/" + blob, 0).getBytes(StandardCharsets.US_ASCII)),
                    ByteBuffer.allocate(0)));
            final BlobOutcome.Completed done = (BlobOutcome.Completed) outcome;
            if (done.response().status() == 404) {
                return null;
            }
            final ByteBuffer body = done.response().body();
            final byte[] bytes = new byte[body.remaining()];
            body.get(bytes);
            return bytes;
        } catch (final HttpHeadException e) {
            throw new IllegalStateException(e);
        }
    }
}
