package org.vmbussim.testfixtures.bed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.azblob.vsp.store.StorageOptions;
import org.vmbussim.core.devfs.FileHandle;
import org.vmbussim.core.process.AddressSpace;
import org.vmbussim.core.process.Protection;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.mgmt.bus.BusEvent;
import org.vmbussim.mgmt.bus.IgnoreReason;
import org.vmbussim.uapi.AzBlobRequestSync;
import org.vmbussim.uapi.Ioctl;
import org.vmbussim.wire.Guid;

/**
 * The whole stack in one JVM, raw: a process writes an HTTP request head and body into its own pages and calls
 * the ioctl on /dev/azure_blob; the VSC pins the pages and sends one GPA-direct packet; the VSP reads the pages
 * by PFN, runs the request on the blob store and writes the answer back. No client library in between.
 */
class EndToEndTest {
    private static final int BUF = 64 * 1024;

    /** One request's buffers in the process's memory. */
    private record Buffers(long struct, long request, long response, long data) {
    }

    private static Buffers map(final AddressSpace as) {
        return new Buffers(as.mmap(4096, Protection.READ_WRITE), as.mmap(4096, Protection.READ_WRITE),
                as.mmap(4096, Protection.READ_WRITE), as.mmap(BUF, Protection.READ_WRITE));
    }

    /** What came back: the status from the completion, the response head, the body. */
    private record Answer(int error, String head, byte[] body) {
        int httpStatus() {
            return Integer.parseInt(head.substring(9, 12));
        }
    }

    private static Answer call(final SimProcess p, final FileHandle fd, final Buffers b, final String head,
            final byte[] body) {
        final AddressSpace as = p.addressSpace();
        final byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        as.putBytes(b.request(), headBytes);
        as.putBytes(b.data(), body);
        new AzBlobRequestSync(Guid.parse("{01234567-89ab-cdef-0123-456789abcdef}"), 5000, headBytes.length, 4096,
                BUF, body.length, b.request(), b.response(), b.data(), 0, 0).write(as, b.struct());
        assertEquals(0, fd.ioctl(p, Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST, b.struct()));
        final AzBlobRequestSync done = AzBlobRequestSync.read(as, b.struct());
        final String responseHead = new String(as.getBytes(b.response(), done.responseResponseLen()),
                StandardCharsets.US_ASCII);
        int contentLength = 0;
        for (final String line : responseHead.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:") && !head.startsWith("HEAD")) {
                contentLength = Integer.parseInt(line.substring(15).trim());
            }
        }
        return new Answer(done.responseStatus(), responseHead, as.getBytes(b.data(), contentLength));
    }

    private static String head(final String requestLine, final String... headers) {
        final StringBuilder sb = new StringBuilder(requestLine).append(" HTTP/1.1\r\nHost: blob.fastpath\r\n");
        for (final String h : headers) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    @Test
    void aProcessStoresAndReadsBlobsThroughTheDeviceNode() {
        final StorageEngine store = StorageEngine.inMemory(StorageOptions.defaults().withoutAuthentication());
        try (AzureBlobTestBed bed = AzureBlobTestBed.builder().backend(store).typicalDeviceSet(true).build()) {
            assertEquals(List.of("/dev/azure_blob"), bed.devicePaths());
            assertTrue(bed.events().stream().anyMatch(e -> e instanceof BusEvent.OfferIgnored
                    && ((BusEvent.OfferIgnored) e).reason() == IgnoreReason.VPCI_INSTANCE_IGNORED),
                    "VPCI shadow ignored");
            final SimProcess p = bed.spawnProcess();
            final Buffers b = map(p.addressSpace());
            final FileHandle fd = bed.open(p, 0);

            final Answer created = call(p, fd, b, head("PUT /devstoreaccount1/photos?restype=container",
                    "Content-Length: 0"), new byte[0]);
            assertEquals(0, created.error());
            assertEquals(201, created.httpStatus(), created.head());

            final byte[] blob = new byte[40_000];
            new Random(5).nextBytes(blob);
            final Answer put = call(p, fd, b, head("PUT /devstoreaccount1/photos/2026%2Fcat.jpg",
                    "x-ms-blob-type: BlockBlob", "Content-Length: " + blob.length), blob);
            assertEquals(201, put.httpStatus(), put.head());

            final Answer get = call(p, fd, b, head("GET /devstoreaccount1/photos/2026%2Fcat.jpg",
                    "Content-Length: 0"), new byte[0]);
            assertEquals(200, get.httpStatus(), get.head());
            assertArrayEquals(blob, get.body());

            final Answer range = call(p, fd, b, head("GET /devstoreaccount1/photos/2026%2Fcat.jpg",
                    "x-ms-range: bytes=100-199", "Content-Length: 0"), new byte[0]);
            assertEquals(206, range.httpStatus(), range.head());
            assertArrayEquals(Arrays.copyOfRange(blob, 100, 200), range.body());

            final Answer missing = call(p, fd, b, head("GET /devstoreaccount1/photos/nope", "Content-Length: 0"),
                    new byte[0]);
            assertEquals(404, missing.httpStatus());
            assertTrue(missing.head().contains("x-ms-error-code: BlobNotFound"), missing.head());

            assertEquals(0, bed.vm().memory().pinnedPageCount(), "every user page unpinned");
            assertEquals(5, bed.devices().get(0).statistics().completions());
            assertEquals(0, bed.devices().get(0).statistics().inFlight());
            fd.close();
        }
    }

    @Test
    void twoDevicesServeOneStoreSideBySide() {
        final StorageEngine store = StorageEngine.inMemory(StorageOptions.defaults().withoutAuthentication());
        try (AzureBlobTestBed bed = AzureBlobTestBed.builder().backend(store).devices(2).build()) {
            assertEquals(List.of("/dev/azure_blob", "/dev/azure_blob1"), bed.devicePaths());
            final SimProcess p = bed.spawnProcess();
            final Buffers b = map(p.addressSpace());
            final FileHandle first = bed.open(p, 0);
            final FileHandle second = bed.open(p, 1);
            assertEquals(201, call(p, first, b, head("PUT /devstoreaccount1/cats?restype=container",
                    "Content-Length: 0"), new byte[0]).httpStatus());
            final byte[] body = "written through the first device".getBytes(StandardCharsets.UTF_8);
            assertEquals(201, call(p, first, b, head("PUT /devstoreaccount1/cats/b", "x-ms-blob-type: BlockBlob",
                    "Content-Length: " + body.length), body).httpStatus());
            assertArrayEquals(body, call(p, second, b, head("GET /devstoreaccount1/cats/b", "Content-Length: 0"),
                    new byte[0]).body());
            bed.addDevice();
            assertEquals(3, bed.devicePaths().size());
        }
    }
}
