package org.vmbussim.azblob.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobAsyncClient;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerAsyncClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceAsyncClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmbussim.azblob.client.BlobFastPathException;
import org.vmbussim.azblob.client.BlobDeviceFixture;
import org.vmbussim.uapi.Errno;

/**
 * The unmodified Azure SDK ({@code BlobServiceClientBuilder}, sync and async clients) end to end over the
 * fast path: every request goes through {@link FastPathHttpClient}, the device node and the host's storage
 * engine. Subclasses choose the host backend. Random content is seeded from {@link #SEED}.
 */
abstract class AbstractSdkScenarioTest {
    static final long SEED = 0x5d_c0de_2026L;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicInteger CONTAINERS = new AtomicInteger();

    @TempDir
    Path temp;

    private SdkFixture sdk;
    private BlobServiceClient service;
    private String containerName;

    protected abstract BlobDeviceFixture createDevice() throws Exception;

    @BeforeEach
    void open() throws Exception {
        sdk = new SdkFixture(createDevice());
        service = sdk.syncClient();
        containerName = "sdk-" + CONTAINERS.incrementAndGet();
    }

    @AfterEach
    void close() {
        sdk.close();
        assertEquals(0, sdk.process.addressSpace().mappedPageCount(), "pages left mapped in the process");
    }

    static byte[] bytes(final int length) {
        final byte[] b = new byte[length];
        new Random(SEED + length).nextBytes(b);
        return b;
    }

    private static BlobStorageException storageError(final int status, final Runnable call) {
        final BlobStorageException e = assertThrows(BlobStorageException.class, call::run);
        assertEquals(status, e.getStatusCode(), e.getMessage());
        return e;
    }

    @Test
    void aSmallBlobThroughEveryOperation() throws Exception {
        final BlobContainerClient container = service.createBlobContainer(containerName);
        assertTrue(container.exists());
        assertEquals(BlobErrorCode.CONTAINER_ALREADY_EXISTS,
                storageError(409, () -> service.createBlobContainer(containerName)).getErrorCode());

        final BlobClient blob = container.getBlobClient("dir/one kib.bin");
        final byte[] data = bytes(1024);
        blob.upload(BinaryData.fromBytes(data));
        assertArrayEquals(data, blob.downloadContent().toBytes());

        final BlobProperties props = blob.getProperties();
        assertEquals(1024, props.getBlobSize());
        assertNotNull(props.getETag());

        blob.setMetadata(Map.of("owner", "sdk", "step", "2"));
        assertEquals(Map.of("owner", "sdk", "step", "2"), blob.getProperties().getMetadata());
        blob.setHttpHeaders(new BlobHttpHeaders().setContentType("text/plain").setContentLanguage("en")
                .setCacheControl("no-cache"));
        final BlobProperties after = blob.getProperties();
        assertEquals("text/plain", after.getContentType());
        assertEquals("en", after.getContentLanguage());
        assertEquals("no-cache", after.getCacheControl());

        final ByteArrayOutputStream range = new ByteArrayOutputStream();
        blob.downloadStreamWithResponse(range, new BlobRange(100, 200L), null, null, false, WAIT, Context.NONE);
        assertArrayEquals(Arrays.copyOfRange(data, 100, 300), range.toByteArray());

        final Path file = temp.resolve("one.bin");
        blob.downloadToFile(file.toString());
        assertArrayEquals(data, Files.readAllBytes(file));
        try (InputStream in = blob.openInputStream()) {
            assertArrayEquals(data, in.readAllBytes());
        }

        assertTrue(blob.exists());
        blob.delete();
        assertFalse(blob.exists());
        assertEquals(BlobErrorCode.BLOB_NOT_FOUND, storageError(404, blob::getProperties).getErrorCode());
        container.delete();
        assertFalse(container.exists());
    }

    @Test
    void conditionalRequestsAnswer304And412And409() {
        final BlobContainerClient container = service.createBlobContainer(containerName);
        final BlobClient blob = container.getBlobClient("cond");
        blob.upload(BinaryData.fromBytes(bytes(300)));
        final String etag = blob.getProperties().getETag();

        assertEquals(BlobErrorCode.BLOB_ALREADY_EXISTS,
                storageError(409, () -> blob.upload(BinaryData.fromBytes(bytes(10)), false)).getErrorCode());
        storageError(304, () -> blob.downloadStreamWithResponse(new ByteArrayOutputStream(), null, null,
                new BlobRequestConditions().setIfNoneMatch(etag), false, WAIT, Context.NONE));
        assertEquals(BlobErrorCode.CONDITION_NOT_MET, storageError(412, () -> blob.setMetadataWithResponse(
                Map.of("k", "v"), new BlobRequestConditions().setIfMatch("\"0x1\""), WAIT, Context.NONE))
                .getErrorCode());
        assertEquals(200, blob.getPropertiesWithResponse(new BlobRequestConditions().setIfMatch(etag), WAIT,
                Context.NONE).getStatusCode());
        storageError(412, () -> blob.deleteWithResponse(null, new BlobRequestConditions().setIfMatch("\"0x1\""),
                WAIT, Context.NONE));
        assertTrue(blob.exists());
    }

    @Test
    void listFlatPagedAndByHierarchy() {
        final BlobContainerClient container = service.createBlobContainer(containerName);
        final List<String> names = List.of("a/1", "a/2", "a/b/3", "b/4", "c");
        for (final String name : names) {
            final BlobClient blob = container.getBlobClient(name);
            blob.upload(BinaryData.fromString(name));
            blob.setMetadata(Map.of("name", name.replace('/', '_')));
        }
        assertEquals(names, container.listBlobs().stream().map(BlobItem::getName).toList());

        final List<List<String>> pages = new ArrayList<>();
        container.listBlobs(new ListBlobsOptions().setMaxResultsPerPage(2), WAIT).iterableByPage()
                .forEach(page -> pages.add(page.getValue().stream().map(BlobItem::getName).toList()));
        assertEquals(List.of(List.of("a/1", "a/2"), List.of("a/b/3", "b/4"), List.of("c")), pages);

        final Map<String, Boolean> root = new TreeMap<>();
        container.listBlobsByHierarchy("/", new ListBlobsOptions(), WAIT)
                .forEach(i -> root.put(i.getName(), Boolean.TRUE.equals(i.isPrefix())));
        assertEquals(Map.of("a/", true, "b/", true, "c", false), root);
        assertEquals(List.of("a/1", "a/2", "a/b/"), container.listBlobsByHierarchy("/",
                new ListBlobsOptions().setPrefix("a/"), WAIT).stream().map(BlobItem::getName).sorted().toList());

        final BlobItem withMetadata = container.listBlobs(new ListBlobsOptions().setPrefix("b/")
                .setDetails(new BlobListDetails().setRetrieveMetadata(true)), WAIT).iterator().next();
        assertEquals(Map.of("name", "b_4"), withMetadata.getMetadata());
        assertEquals(3, withMetadata.getProperties().getContentLength());
    }

    @Test
    void sixtyFourMebibytesInParallelBlocksAndBackByRanges() throws Exception {
        final BlobContainerClient container = service.createBlobContainer(containerName);
        final BlobClient blob = container.getBlobClient("large.bin");
        final byte[] data = bytes(64 << 20);
        sdk.device.pauseHost();
        final CompletableFuture<?> upload = CompletableFuture.runAsync(() -> blob.uploadWithResponse(
                new BlobParallelUploadOptions(BinaryData.fromBytes(data))
                        .setParallelTransferOptions(sdk.http.parallelTransferOptions()), WAIT, Context.NONE));
        try {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sdk.device.hostInFlight() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(sdk.device.hostInFlight() >= 2, "the SDK's blocks overlap on the device");
        } finally {
            sdk.device.resumeHost();
        }
        upload.get(60, TimeUnit.SECONDS);
        assertEquals(64L << 20, blob.getProperties().getBlobSize());

        final Path file = temp.resolve("large.bin");
        blob.downloadToFile(file.toString());
        assertEquals(-1, Files.mismatch(file, writeTemp(data)));
        try (InputStream in = blob.openInputStream()) {
            assertArrayEquals(data, in.readAllBytes());
        }
        final ByteArrayOutputStream range = new ByteArrayOutputStream();
        blob.downloadStreamWithResponse(range, new BlobRange(30L << 20, 5L << 20), null, null, false, WAIT,
                Context.NONE);
        assertArrayEquals(Arrays.copyOfRange(data, 30 << 20, 35 << 20), range.toByteArray());
    }

    private Path writeTemp(final byte[] data) throws Exception {
        final Path expected = temp.resolve("expected.bin");
        Files.write(expected, data);
        return expected;
    }

    @Test
    void theAsyncClientToo() {
        final BlobServiceAsyncClient async = sdk.asyncClient();
        final BlobContainerAsyncClient container = async.createBlobContainer(containerName).block(WAIT);
        final BlobAsyncClient small = container.getBlobAsyncClient("async-small");
        final byte[] data = bytes(2048);
        small.upload(BinaryData.fromBytes(data)).block(WAIT);
        assertArrayEquals(data, small.downloadContent().block(WAIT).toBytes());
        assertEquals(2048, small.getProperties().block(WAIT).getBlobSize());

        final BlobAsyncClient blocks = container.getBlobAsyncClient("async-blocks");
        final byte[] nine = bytes(9 << 20);
        blocks.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromBytes(nine))
                .setParallelTransferOptions(sdk.http.parallelTransferOptions())).block(WAIT);
        assertArrayEquals(nine, blocks.downloadContent().block(WAIT).toBytes());

        assertEquals(List.of("async-blocks", "async-small"), container.listBlobs().map(BlobItem::getName)
                .collectList().block(WAIT));
        small.delete().block(WAIT);
        assertFalse(small.exists().block(WAIT));
        container.delete().block(WAIT);
    }

    @Test
    void aSingleUploadOverTheCapFailsAtOnceNamingTheFix() {
        final BlobContainerClient container = service.createBlobContainer(containerName);
        final BlobClient blob = container.getBlobClient("too-big");
        final long before = sdk.device.requestsSent();
        final RuntimeException e = assertThrows(RuntimeException.class,
                () -> blob.upload(BinaryData.fromBytes(new byte[40 << 20])));
        final BlobFastPathException cause = causeOf(e, BlobFastPathException.class);
        assertEquals(Errno.EMSGSIZE, cause.errno());
        assertTrue(cause.getMessage().contains("ParallelTransferOptions"), cause.getMessage());
        assertEquals(before, sdk.device.requestsSent(), "refused before anything was sent, and not retried");
        assertFalse(blob.exists());
    }

    @Test
    void aWholeDownloadOverTheCapFailsButRangedReadsWork() throws Exception {
        final BlobContainerClient container = service.createBlobContainer(containerName);
        final BlobClient blob = container.getBlobClient("forty.bin");
        final byte[] data = bytes(40 << 20);
        blob.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromBytes(data))
                .setParallelTransferOptions(sdk.http.parallelTransferOptions()), WAIT, Context.NONE);
        final RuntimeException e = assertThrows(RuntimeException.class, blob::downloadContent);
        assertEquals(Errno.EMSGSIZE, causeOf(e, BlobFastPathException.class).errno());
        try (InputStream in = blob.openInputStream()) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    static <T extends Throwable> T causeOf(final Throwable thrown, final Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            for (final Throwable s : t.getSuppressed()) {
                if (type.isInstance(s)) {
                    return type.cast(s);
                }
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in the causes of " + thrown, thrown);
    }
}
