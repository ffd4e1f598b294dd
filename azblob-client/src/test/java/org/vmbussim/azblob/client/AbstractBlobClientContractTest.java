package org.vmbussim.azblob.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.uapi.Errno;

/**
 * The fast-path client's behaviour against any blob device: a subclass says how to get a device
 * ({@link #createFixture()}), and every test here runs against it. azblob-client runs it over the in-process
 * test double; the same suite can run over the real VSC and VSP by extending this class (it ships in
 * azblob-client's test-jar).
 *
 * <p>The transport uses 64 KiB data buffers and 4 KiB response head buffers so that block uploads, ranged
 * downloads and EMSGSIZE retries all happen with small data. Random content is seeded; the seed is in every
 * failure message.
 */
public abstract class AbstractBlobClientContractTest {
    /** Data buffer of the transport under test. */
    protected static final int CHUNK = 64 * 1024;

    private static final AtomicInteger CONTAINERS = new AtomicInteger();

    private BlobDeviceFixture fixture;
    private SimProcess process;
    private FastPathBlobServiceClient service;
    private FastPathBlobContainerClient container;
    private long seed;
    private Random random;

    /**
     * A fresh device for one test.
     *
     * @return the fixture, closed after the test
     * @throws Exception when it cannot be set up
     */
    protected abstract BlobDeviceFixture createFixture() throws Exception;

    /**
     * The transport options of the client under test.
     *
     * @return small buffers, so multi-transfer paths run on little data
     */
    protected FastPathTransportOptions transportOptions() {
        return FastPathTransportOptions.defaults().withDataBufferBytes(CHUNK).withResponseHeadBufferBytes(4096)
                .withMaxInFlight(4).withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(20));
    }

    @BeforeEach
    void openClient(final TestInfo info) throws Exception {
        seed = info.getDisplayName().hashCode() * 31L + System.nanoTime();
        random = new Random(seed);
        fixture = createFixture();
        process = fixture.spawnProcess();
        service = newService(fixture.accountKey());
        container = service.getBlobContainerClient("contract-" + CONTAINERS.incrementAndGet() + "-"
                + Long.toHexString(seed & 0xffffffL));
    }

    @AfterEach
    void closeClient() {
        try {
            if (service != null) {
                service.close();
                assertEquals(0, service.transport().mappedBufferSets(), "buffer sets left mapped");
                assertEquals(0, process.addressSpace().mappedPageCount(), "pages left mapped in the process");
            }
        } finally {
            if (fixture != null) {
                fixture.close();
            }
        }
    }

    private FastPathBlobServiceClient newService(final String key) {
        return FastPathBlobServiceClient.builder().devfs(fixture.devfs()).process(process)
                .devicePath(fixture.devicePath()).accountName(fixture.accountName()).accountKey(key)
                .transportOptions(transportOptions()).build();
    }

    /**
     * The client under test.
     *
     * @return the service client
     */
    protected FastPathBlobServiceClient service() {
        return service;
    }

    /**
     * A container with a unique name for this test (not yet created).
     *
     * @return the container client
     */
    protected FastPathBlobContainerClient container() {
        return container;
    }

    /**
     * The device under test.
     *
     * @return the fixture
     */
    protected BlobDeviceFixture fixture() {
        return fixture;
    }

    /**
     * Seeded random bytes.
     *
     * @param length how many
     * @return the bytes
     */
    protected byte[] randomBytes(final int length) {
        final byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    /**
     * The seed of this test's random content.
     *
     * @return text for failure messages
     */
    protected String seedText() {
        return "seed=" + seed;
    }

    private static BlobFastPathException assertHttpError(final int status, final String code, final Runnable call) {
        final BlobFastPathException e = assertThrows(BlobFastPathException.class, call::run);
        assertEquals(status, e.statusCode(), e.getMessage());
        assertEquals(code, e.errorCode(), e.getMessage());
        assertNull(e.errno(), "an HTTP error was carried");
        assertTrue(e.isCarried());
        return e;
    }

    @Test
    void containerLifecycle() {
        assertFalse(container.exists());
        container.create(Map.of("owner", "contract"));
        assertTrue(container.exists());
        assertFalse(container.createIfNotExists());
        assertHttpError(409, "ContainerAlreadyExists", container::create);
        final ContainerProperties props = container.getProperties();
        assertNotNull(props.eTag());
        assertNotNull(props.lastModified());
        assertEquals(Map.of("owner", "contract"), props.metadata());
        container.delete();
        assertFalse(container.exists());
        assertHttpError(404, "ContainerNotFound", container::delete);
        assertFalse(container.deleteIfExists());
        assertTrue(container.createIfNotExists());
        assertTrue(container.deleteIfExists());
    }

    @Test
    void smallBlobRoundTripAndOverwriteRules() {
        container.create();
        final FastPathBlobClient blob = container.getBlobClient("small.bin");
        final byte[] data = randomBytes(1024);
        final BlobWriteResult first = blob.upload(data);
        assertNotNull(first.eTag());
        assertArrayEquals(data, blob.downloadContent(), seedText());
        assertHttpError(409, "BlobAlreadyExists", () -> blob.upload(randomBytes(10)));
        final byte[] replacement = randomBytes(2000);
        final BlobWriteResult second = blob.upload(replacement, true);
        assertNotEquals(first.eTag(), second.eTag());
        assertArrayEquals(replacement, blob.downloadContent(), seedText());
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK + 7})
    void uploadAndDownloadEverySize(final int size) {
        container.create();
        final FastPathBlobClient blob = container.getBlobClient("sized/" + size);
        final byte[] data = randomBytes(size);
        blob.upload(ByteBuffer.wrap(data), UploadOptions.defaults().withBlocks(0, 0, 3));
        assertEquals(size, blob.getProperties().contentLength());
        assertArrayEquals(data, blob.downloadContent(), seedText());
        final ByteBuffer into = ByteBuffer.allocate(size + 3);
        assertEquals(size, blob.downloadTo(into));
        assertArrayEquals(data, Arrays.copyOf(into.array(), size), seedText());
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(size, blob.downloadTo(out));
        assertArrayEquals(data, out.toByteArray(), seedText());
    }

    @Test
    void blockUploadWithSmallBlocksAndConditionsCommitsOnce() {
        container.create();
        final FastPathBlobClient blob = container.getBlobClient("blocks.bin");
        final byte[] data = randomBytes(3 * CHUNK + 100);
        final UploadOptions options = UploadOptions.defaults().withBlocks(4096, 8192, 4)
                .withConditions(BlobRequestConditions.ifNoneMatch("*"))
                .withHttpHeaders(BlobHttpHeaders.ofContentType("application/x-test"))
                .withMetadata(Map.of("kind", "blocks"));
        blob.upload(ByteBuffer.wrap(data), options);
        assertArrayEquals(data, blob.downloadContent(), seedText());
        final BlobProperties props = blob.getProperties();
        assertEquals("application/x-test", props.httpHeaders().contentType());
        assertEquals(Map.of("kind", "blocks"), props.metadata());
        assertHttpError(409, "BlobAlreadyExists", () -> blob.upload(ByteBuffer.wrap(data), options));
    }

    @Test
    void rangesAcrossTransferBoundaries() {
        container.create();
        final FastPathBlobClient blob = container.getBlobClient("ranges.bin");
        final byte[] data = randomBytes(3 * CHUNK + 11);
        blob.upload(data);
        final long[][] ranges = {{0, 10}, {CHUNK - 6, 20}, {100, 2L * CHUNK + 5}, {data.length - 3, 1000}, {5, 1}};
        for (final long[] r : ranges) {
            final int from = (int) r[0];
            final int to = (int) Math.min(data.length, r[0] + r[1]);
            assertArrayEquals(Arrays.copyOfRange(data, from, to), blob.downloadRange(r[0], r[1]),
                    "range " + r[0] + "+" + r[1] + " " + seedText());
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(CHUNK + 1, blob.download(out, CHUNK - 1, CHUNK + 1, BlobRequestConditions.none()));
        assertArrayEquals(Arrays.copyOfRange(data, CHUNK - 1, 2 * CHUNK), out.toByteArray(), seedText());
        // Past the end: Azure and the embedded stores answer 416 InvalidRange; Azurite serves the whole blob,
        // whose bytes from that offset are none. Either way no byte comes back.
        try {
            assertEquals(0, blob.downloadRange(data.length, 1).length);
        } catch (final BlobFastPathException e) {
            assertEquals(416, e.statusCode(), e.getMessage());
            assertEquals("InvalidRange", e.errorCode());
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1, CHUNK - 1, CHUNK, 2 * CHUNK + 5})
    void downloadToLandsAtThePositionOfASlicedHeapBufferAndOfADirectOne(final int size) {
        container.create();
        final FastPathBlobClient blob = container.getBlobClient("into/" + size);
        final byte[] data = randomBytes(size);
        blob.upload(data);
        final byte[] backing = new byte[size + 40];
        Arrays.fill(backing, (byte) 0x5a);
        // A slice with an array offset, written from a position inside it: only [17+3, 17+3+size) may change.
        final ByteBuffer slice = ByteBuffer.wrap(backing, 17, size + 20).slice();
        slice.position(3);
        assertEquals(size, blob.downloadTo(slice));
        assertEquals(3 + size, slice.position());
        assertArrayEquals(data, Arrays.copyOfRange(backing, 20, 20 + size), seedText());
        for (final int untouched : new int[] {0, 19, 20 + size, backing.length - 1}) {
            assertEquals((byte) 0x5a, backing[untouched], "byte " + untouched);
        }
        final ByteBuffer direct = ByteBuffer.allocateDirect(size + 1);
        assertEquals(size, blob.downloadTo(direct));
        final byte[] viaDirect = new byte[size];
        direct.flip().get(viaDirect);
        assertArrayEquals(data, viaDirect, seedText());
    }

    @Test
    void downloadIntoTooSmallBufferWritesNothing() {
        container.create();
        final FastPathBlobClient blob = container.getBlobClient("big.bin");
        blob.upload(randomBytes(2 * CHUNK));
        final ByteBuffer small = ByteBuffer.allocate(CHUNK);
        assertThrows(IllegalArgumentException.class, () -> blob.downloadTo(small));
        assertEquals(0, small.position());
    }

    @Test
    void propertiesMetadataAndHttpHeaders() {
        container.create();
        final FastPathBlobClient blob = container.getBlobClient("props.txt");
        final BlobHttpHeaders headers = new BlobHttpHeaders("text/plain; charset=utf-8", "identity", "en",
                "no-cache", "attachment; filename=props.txt", null);
        final BlobWriteResult written = blob.upload(ByteBuffer.wrap(randomBytes(321)), UploadOptions.defaults()
                .withHttpHeaders(headers).withMetadata(Map.of("alpha", "1", "beta", "two words")));
        BlobProperties p = blob.getProperties();
        assertEquals(321, p.contentLength());
        assertEquals(written.eTag(), p.eTag());
        assertEquals("BlockBlob", p.blobType());
        assertEquals(headers.contentType(), p.httpHeaders().contentType());
        assertEquals(headers.contentEncoding(), p.httpHeaders().contentEncoding());
        assertEquals(headers.contentLanguage(), p.httpHeaders().contentLanguage());
        assertEquals(headers.cacheControl(), p.httpHeaders().cacheControl());
        assertEquals(headers.contentDisposition(), p.httpHeaders().contentDisposition());
        assertEquals(Map.of("alpha", "1", "beta", "two words"), p.metadata());
        assertNotNull(p.lastModified());

        final BlobWriteResult meta = blob.setMetadata(Map.of("gamma", "3"), BlobRequestConditions.none());
        assertNotEquals(written.eTag(), meta.eTag());
        assertEquals(Map.of("gamma", "3"), blob.getProperties().metadata());

        final BlobWriteResult props = blob.setHttpHeaders(BlobHttpHeaders.ofContentType("application/json"),
                BlobRequestConditions.none());
        assertNotEquals(meta.eTag(), props.eTag());
        p = blob.getProperties();
        assertEquals("application/json", p.httpHeaders().contentType());
        assertNull(p.httpHeaders().contentLanguage(), "Set Blob Properties clears what it does not set");
        assertEquals(Map.of("gamma", "3"), p.metadata());
        assertEquals(321, p.contentLength());
    }

    @Test
    void conditionalRequestsByETag() {
        container.create();
        final FastPathBlobClient blob = container.getBlobClient("cond.bin");
        final byte[] data = randomBytes(500);
        final String etag = blob.upload(data).eTag();
        assertArrayEquals(data, blob.downloadContent(BlobRequestConditions.ifMatch(etag)), seedText());
        assertHttpError(304, "ConditionNotMet", () -> blob.downloadContent(BlobRequestConditions.ifNoneMatch(etag)));
        assertHttpError(304, "ConditionNotMet", () -> blob.getProperties(BlobRequestConditions.ifNoneMatch(etag)));
        final String newer = blob.setMetadata(Map.of("v", "2"), BlobRequestConditions.ifMatch(etag)).eTag();
        assertHttpError(412, "ConditionNotMet", () -> blob.setMetadata(Map.of("v", "3"),
                BlobRequestConditions.ifMatch(etag)));
        assertHttpError(412, "ConditionNotMet", () -> blob.downloadContent(BlobRequestConditions.ifMatch(etag)));
        assertHttpError(412, "ConditionNotMet", () -> blob.delete(BlobRequestConditions.ifMatch(etag)));
        assertHttpError(412, "ConditionNotMet", () -> blob.upload(ByteBuffer.wrap(data),
                UploadOptions.defaults().withConditions(BlobRequestConditions.ifMatch(etag))));
        blob.delete(BlobRequestConditions.ifMatch(newer));
        assertFalse(blob.exists());
    }

    @Test
    void listFlatPagedAndByHierarchy() {
        container.create();
        final List<String> names = List.of("a/1", "a/2", "a/b/3", "b/4", "c");
        for (final String name : names) {
            container.getBlobClient(name).upload(ByteBuffer.wrap(name.getBytes(StandardCharsets.UTF_8)),
                    UploadOptions.defaults().withMetadata(Map.of("name", name.replace('/', '-'))));
        }
        assertEquals(names, names(container.listBlobs(ListBlobsOptions.defaults())));
        assertEquals(List.of("a/1", "a/2", "a/b/3"), names(container.listBlobs(ListBlobsOptions.defaults()
                .withPrefix("a/"))));

        final List<String> paged = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            final BlobListPage page = container.listBlobsPage(ListBlobsOptions.defaults().withMaxResultsPerPage(2),
                    marker);
            assertTrue(page.items().size() <= 2);
            page.items().forEach(i -> paged.add(i.name()));
            marker = page.nextMarker();
            pages++;
        } while (marker != null);
        assertEquals(names, paged);
        assertEquals(3, pages);
        assertEquals(names, names(container.listBlobs(ListBlobsOptions.defaults().withMaxResultsPerPage(2))));

        // Blobs and prefixes each come in name order; how the service interleaves them is its business.
        final Map<String, Boolean> root = new TreeMap<>();
        container.listBlobsByHierarchy("/", ListBlobsOptions.defaults()).forEach(i -> root.put(i.name(), i.isPrefix()));
        assertEquals(Map.of("a/", true, "b/", true, "c", false), root);
        assertEquals(List.of("a/1", "a/2", "a/b/"), names(container.listBlobsByHierarchy("/",
                ListBlobsOptions.defaults().withPrefix("a/"))).stream().sorted().toList());

        final BlobItem c = list(container.listBlobs(ListBlobsOptions.defaults().withPrefix("c").withMetadata()))
                .get(0);
        assertEquals(Map.of("name", "c"), c.metadata());
        assertEquals(1, c.properties().contentLength());
        assertEquals("BlockBlob", c.properties().blobType());
        assertNotNull(c.properties().eTag());
    }

    @Test
    void listingLargerThanTheDataBufferIsRetriedWithALargerBuffer() {
        container.create();
        final int count = 220;
        final String longName = "x".repeat(200);
        for (int i = 0; i < count; i++) {
            container.getBlobClient(String.format("%s-%04d", longName, i)).upload(new byte[] {(byte) i});
        }
        final BlobListPage page = container.listBlobsPage(ListBlobsOptions.defaults(), null);
        assertEquals(count, page.items().size());
        assertNull(page.nextMarker());
    }

    @Test
    void responseHeadLargerThanItsBufferIsRetriedForReads() {
        container.create();
        final FastPathBlobClient blob = container.getBlobClient("many-metadata");
        final Map<String, String> metadata = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            metadata.put("key" + i, "v".repeat(150));
        }
        final byte[] data = randomBytes(100);
        blob.upload(ByteBuffer.wrap(data), UploadOptions.defaults().withMetadata(metadata));
        assertEquals(metadata, blob.getProperties().metadata());
        assertArrayEquals(data, blob.downloadContent(), seedText());
    }

    @Test
    void namesArePercentEncodedAndComeBackUnchanged() {
        container.create();
        final String name = "dir/sub dir/ünïcode+%?#&=.txt";
        final FastPathBlobClient blob = container.getBlobClient(name);
        final byte[] data = randomBytes(77);
        blob.upload(data);
        assertArrayEquals(data, blob.downloadContent(), seedText());
        assertEquals(List.of(name), names(container.listBlobs(ListBlobsOptions.defaults())));
    }

    @Test
    void errorsCarryStatusAndCode() {
        assertHttpError(404, "ContainerNotFound", () -> container.getBlobClient("x").upload(new byte[1]));
        container.create();
        final FastPathBlobClient missing = container.getBlobClient("missing");
        assertHttpError(404, "BlobNotFound", missing::downloadContent);
        assertHttpError(404, "BlobNotFound", missing::getProperties);
        assertHttpError(404, "BlobNotFound", missing::delete);
        assertFalse(missing.exists());
        assertFalse(missing.deleteIfExists());
    }

    @Test
    void aWrongKeyIsRefusedByTheHost() {
        container.create();
        try (FastPathBlobServiceClient wrong = newService(java.util.Base64.getEncoder().encodeToString(
                randomBytes(64)))) {
            assertHttpError(403, "AuthorizationFailure", () -> wrong.getBlobContainerClient(container.name())
                    .getBlobClient("x").upload(new byte[1]));
        }
    }

    @Test
    void manyThreadsShareOneClient() throws Exception {
        container.create();
        final ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            final List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                final int thread = t;
                final byte[] data = randomBytes(CHUNK + 1000 * t);
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 5; i++) {
                        final FastPathBlobClient blob = container.getBlobClient("t" + thread + "/" + i);
                        blob.upload(data);
                        assertArrayEquals(data, blob.downloadContent(), seedText());
                        assertEquals(data.length, blob.getProperties().contentLength());
                        blob.delete();
                    }
                    return null;
                }));
            }
            for (final Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
        assertEquals(List.of(), names(container.listBlobs(ListBlobsOptions.defaults())));
    }

    @Test
    void aClosedClientRefusesRequests() {
        container.create();
        service.close();
        final BlobFastPathException e = assertThrows(BlobFastPathException.class, container::exists);
        assertEquals(Errno.EBADF, e.errno());
        assertEquals(0, e.statusCode());
        assertFalse(e.isCarried());
    }

    private static List<String> names(final Iterable<BlobItem> items) {
        return list(items).stream().map(BlobItem::name).toList();
    }

    private static List<BlobItem> list(final Iterable<BlobItem> items) {
        return StreamSupport.stream(items.spliterator(), false).toList();
    }
}
