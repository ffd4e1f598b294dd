package org.vmbussim.azblob.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.uapi.Errno;

/** The transport's own paths over the in-process device double: sizing, retries, overlap and failures. */
class TransportOverDeviceTest {
    private static final int CHUNK = 64 * 1024;
    private static final long SEED = 0x5eed_0007L;

    private final InProcessDeviceFixture fixture = InProcessDeviceFixture.inMemory();
    private final SimProcess process = fixture.spawnProcess();
    private final FastPathBlobServiceClient service = FastPathBlobServiceClient.builder().devfs(fixture.devfs())
            .process(process).devicePath(fixture.devicePath()).accountName(fixture.accountName())
            .accountKey(fixture.accountKey()).transportOptions(FastPathTransportOptions.defaults()
                    .withDataBufferBytes(CHUNK).withMaxInFlight(4)
                    .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10)))
            .build();
    private final FastPathBlobContainerClient container = service.getBlobContainerClient("transport");
    private final InProcessBlobDevice device = fixture.device();

    @AfterEach
    void close() {
        try {
            service.close();
            assertEquals(0, process.addressSpace().mappedPageCount());
            assertEquals(0, device.openFiles());
        } finally {
            fixture.close();
        }
    }

    private static byte[] bytes(final int length) {
        final byte[] b = new byte[length];
        new Random(SEED + length).nextBytes(b);
        return b;
    }

    @Test
    void blockUploadKeepsTheParallelismInFlight() throws Exception {
        container.create();
        final byte[] data = bytes(8 * CHUNK);
        device.pause();
        final CompletableFuture<BlobWriteResult> upload = CompletableFuture.supplyAsync(() -> container
                .getBlobClient("parallel").upload(ByteBuffer.wrap(data), UploadOptions.defaults().withBlocks(0, 0, 4)));
        try {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (device.inFlight() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(4, device.inFlight(), "four Put Block requests held by the device at once");
        } finally {
            device.resume();
        }
        upload.get(20, TimeUnit.SECONDS);
        assertEquals(4, device.maxConcurrent());
        assertArrayEquals(data, container.getBlobClient("parallel").downloadContent());
    }

    @Test
    void theBodyLengthIsTheHeadsContentLengthExceptForHead() {
        container.create();
        final FastPathBlobClient blob = container.getBlobClient("len");
        blob.upload(bytes(1234));
        final int before = device.completionLengths().size();
        assertEquals(1234, blob.downloadContent().length);
        assertEquals(1234, blob.getProperties().contentLength());
        final List<Long> lengths = device.completionLengths();
        assertEquals(List.of(1234L, 0L), lengths.subList(before, lengths.size()),
                "the host wrote 1234 body bytes for the GET and none for the HEAD");
    }

    @Test
    void theSameBlobNameGivesTheSameImmutableClientAgainAndAnotherNameItsOwn() {
        final FastPathBlobClient a = container.getBlobClient("dir/a b");
        assertSame(a, container.getBlobClient("dir/a b"));
        final FastPathBlobClient b = container.getBlobClient("b");
        assertEquals("b", b.name());
        assertEquals("dir/a b", container.getBlobClient("dir/a b").name());
        assertThrows(IllegalArgumentException.class, () -> container.getBlobClient(""));
        assertThrows(IllegalArgumentException.class, () -> container.getBlobClient(null));
    }

    @Test
    void aCallSentTwiceIsSignedAfreshEachTimeWithOneSignatureLast() {
        container.create();
        final BlobCall put = new BlobCall(service, "PUT", container.path() + "/twice").header("x-ms-blob-type",
                "BlockBlob").body(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        final HttpFields first = put.build().headers();
        final HttpFields second = put.build().headers();
        for (final HttpFields fields : List.of(first, second)) {
            assertEquals(List.of("x-ms-version", "x-ms-date", "x-ms-client-request-id", "Host", "Content-Length",
                    "x-ms-blob-type", "Authorization"), fields.entries().stream().map(e -> e.getKey()).toList());
        }
        assertFalse(first.first("x-ms-client-request-id").equals(second.first("x-ms-client-request-id")));
        assertEquals(201, put.send().status(), "the host accepts the second signature");
    }

    @Test
    void aWholeGetLargerThanTheDataBufferGrowsItAndRetries() throws Exception {
        container.create();
        final byte[] data = bytes(5 * CHUNK + 1);
        container.getBlobClient("whole").upload(data);
        final BlobCall get = new BlobCall(service, "GET", container.path() + "/whole");
        final int retriesBefore = device.messageTooLongAnswers();
        final FastPathResponse sync = get.expect(200);
        assertArrayEquals(data, sync.bodyBytes());
        assertEquals(2, device.messageTooLongAnswers() - retriesBefore, "64 KiB, then 256 KiB, then 1 MiB");

        final FastPathResponse async = new BlobCall(service, "GET", container.path() + "/whole").sendAsync()
                .get(10, TimeUnit.SECONDS);
        assertArrayEquals(data, async.bodyBytes());
        assertEquals(4, device.messageTooLongAnswers() - retriesBefore);
        assertEquals(0, service.transport().options().dataBufferBytes() - CHUNK, "pooled buffers keep their size");
    }

    @Test
    void aSingleUploadAboveThePooledBufferGetsItsOwnBuffer() {
        container.create();
        final byte[] data = bytes(3 * CHUNK);
        final FastPathBlobClient blob = container.getBlobClient("own-buffer");
        blob.upload(ByteBuffer.wrap(data), UploadOptions.defaults().withBlocks(3 * CHUNK, 0, 0));
        assertArrayEquals(data, blob.downloadContent());
        final long perSet = (4096 + FastPathTransportOptions.DEFAULT_REQUEST_HEAD_BUFFER_BYTES
                + FastPathTransportOptions.DEFAULT_RESPONSE_HEAD_BUFFER_BYTES + CHUNK) / 4096;
        assertEquals(perSet * service.transport().mappedBufferSets(), process.addressSpace().mappedPageCount(),
                "the per-request buffer was unmapped");
    }

    @Test
    void aBodyOverTheCapIsRefusedBeforeAnythingIsSent() {
        final int before = device.requests();
        final FastPathRequest tooBig = FastPathRequest.of("PUT", "/devstoreaccount1/transport/x", HttpFields.empty(),
                ByteBuffer.allocate(FastPathTransport.maxBodyBytes() + 1));
        final BlobFastPathException e = assertThrows(BlobFastPathException.class,
                () -> service.transport().exchange(tooBig));
        assertEquals(Errno.EMSGSIZE, e.errno());
        assertEquals(before, device.requests());
    }

    @Test
    void aHostErrnoIsReportedAndTheBuffersAreReused() {
        container.create();
        final int sets = service.transport().mappedBufferSets();
        device.failNextCompletions(1, Errno.ECONNRESET);
        final BlobFastPathException e = assertThrows(BlobFastPathException.class, container::exists);
        assertEquals(Errno.ECONNRESET, e.errno());
        assertEquals(0, e.statusCode());
        assertFalse(e.isCarried());
        assertEquals(sets, service.transport().mappedBufferSets());
        assertTrue(container.exists());
    }

    @Test
    void aFailedCallDropsItsBufferSetSync() {
        container.create();
        final int sets = service.transport().mappedBufferSets();
        device.failNextCalls(1, Errno.EINTR);
        final BlobFastPathException e = assertThrows(BlobFastPathException.class, container::exists);
        assertEquals(Errno.EINTR, e.errno());
        assertEquals(sets - 1, service.transport().mappedBufferSets(), "the host may still own those buffers");
        assertTrue(container.exists());
    }

    @Test
    void aFailedSubmissionDropsItsBufferSetAsync() throws Exception {
        container.create();
        container.getBlobClient("b").upload(new byte[10]);
        device.failNextCalls(1, Errno.ETIMEDOUT);
        final CompletableFuture<FastPathResponse> f = new BlobCall(service, "GET", container.path() + "/b")
                .sendAsync();
        final ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        assertEquals(Errno.ETIMEDOUT, ((BlobFastPathException) e.getCause()).errno());
        assertEquals(10, container.getBlobClient("b").downloadContent().length);
    }

    @Test
    void clientsSharingATransportDoNotCloseIt() {
        container.create();
        try (FastPathBlobServiceClient sharing = FastPathBlobServiceClient.builder().transport(service.transport())
                .accountName(fixture.accountName()).accountKey(fixture.accountKey()).build()) {
            assertTrue(sharing.getBlobContainerClient("transport").exists());
        }
        assertTrue(service.transport().isOpen());
        assertTrue(container.exists());
    }

    @Test
    void aMissingNodeIsEnoent() {
        final BlobFastPathException e = assertThrows(BlobFastPathException.class, () -> FastPathTransport.open(
                fixture.devfs(), process, "/dev/azure_blob9", FastPathTransportOptions.defaults()));
        assertEquals(Errno.ENOENT, e.errno());
    }

    @Test
    void afterTheProcessExitsRequestsFailWithoutLeaks() {
        container.create();
        process.exit();
        final BlobFastPathException e = assertThrows(BlobFastPathException.class, container::exists);
        assertEquals(Errno.EBADF, e.errno(), e.getMessage());
        assertEquals(0, device.openFiles(), "exit closed the descriptor");
    }
}
