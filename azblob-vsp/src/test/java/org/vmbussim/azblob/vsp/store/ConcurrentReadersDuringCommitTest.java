package org.vmbussim.azblob.vsp.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.azblob.vsp.backend.BlobOutcome;
import org.vmbussim.azblob.vsp.backend.BlobRequest;
import org.vmbussim.azblob.vsp.backend.BlobResponse;
import org.vmbussim.azblob.vsp.backend.SharedKeyCredential;

/**
 * B2 (RELIABILITY.md): while one thread keeps replacing a blob (Put Blob and Put Block List, alternately,
 * with sizes that change every version), reader threads see the old or the new version, never a mix:
 * every whole GET is one version's exact bytes and its Content-MD5 and Content-Length describe those
 * bytes; ranged GETs pinned with If-Match to the ETag of a HEAD either all come from that version or are
 * refused with 412. Seeded; the seed is in every failure message.
 */
class ConcurrentReadersDuringCommitTest {
    private static final long SEED = 0x5EED_00B2L;
    private static final SharedKeyCredential KEY = SharedKeyCredential.devStoreAccount();

    enum Store { IN_MEMORY, FILE }

    @TempDir
    Path dir;

    /** Version v's content: 4 bytes of v, then bytes derived from v; the size changes with v. */
    static byte[] content(final int version) {
        final int size = 4 + 1_000 + (version % 7) * 3_001;
        final byte[] b = new byte[size];
        ByteBuffer.wrap(b).putInt(version);
        for (int i = 4; i < size; i++) {
            b[i] = (byte) (version * 31 + i * 7);
        }
        return b;
    }

    private static BlobRequest request(final String method, final String target, final byte[] body,
                                       final String... headers) {
        final HttpFields.Builder h = HttpFields.builder().add("x-ms-version", "2021-08-06")
                .add("x-ms-date", "Tue, 24 Nov 2026 20:00:00 GMT").add("Content-Length", String.valueOf(body.length));
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1]);
        }
        return KEY.sign(BlobRequest.of(method, "/devstoreaccount1" + target, h.build(), body));
    }

    private static BlobResponse exec(final StorageEngine engine, final BlobRequest r) {
        final BlobOutcome o = engine.execute(r);
        if (!(o instanceof BlobOutcome.Completed c)) {
            throw new AssertionError("not completed: " + o + " (seed " + SEED + ")");
        }
        return c.response();
    }

    private static String md5(final byte[] b) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(b));
    }

    private static String blockId(final int version, final int part) {
        return Base64.getEncoder().encodeToString(String.format("v%08d-%d", version, part)
                .getBytes(StandardCharsets.US_ASCII));
    }

    private static void write(final StorageEngine engine, final int version) throws Exception {
        final byte[] c = content(version);
        if (version % 2 == 0) {
            assertEquals(201, exec(engine, request("PUT", "/cont/b", c, "x-ms-blob-type", "BlockBlob")).status());
            return;
        }
        final StringBuilder list = new StringBuilder("<BlockList>");
        final int third = c.length / 3;
        for (int part = 0; part < 3; part++) {
            final int from = part * third;
            final int to = part == 2 ? c.length : from + third;
            final byte[] piece = Arrays.copyOfRange(c, from, to);
            final String id = blockId(version, part);
            assertEquals(201, exec(engine, request("PUT", "/cont/b?comp=block&blockid="
                    + URLEncoder.encode(id, StandardCharsets.UTF_8), piece)).status());
            list.append("<Latest>").append(id).append("</Latest>");
        }
        list.append("</BlockList>");
        assertEquals(201, exec(engine, request("PUT", "/cont/b?comp=blocklist",
                list.toString().getBytes(StandardCharsets.UTF_8), "x-ms-blob-content-md5", md5(c))).status());
    }

    /** A whole GET: exactly one version's bytes, with headers describing those bytes. */
    private static void readWhole(final StorageEngine engine) throws Exception {
        final BlobResponse r = exec(engine, request("GET", "/cont/b", new byte[0]));
        assertEquals(200, r.status());
        final byte[] body = r.bodyBytes();
        final int version = ByteBuffer.wrap(body).getInt();
        assertArrayEquals(content(version), body, "torn or mixed blob, version " + version + " (seed " + SEED + ")");
        assertEquals(String.valueOf(body.length), r.headers().first("Content-Length"));
        assertEquals(md5(body), r.headers().first("Content-MD5"), "headers of another version (seed " + SEED + ")");
    }

    /** HEAD, then ranged GETs pinned to its ETag: one version's bytes, or 412 once it changed. */
    private static boolean readRanges(final StorageEngine engine, final Random random) throws Exception {
        final BlobResponse head = exec(engine, request("HEAD", "/cont/b", new byte[0]));
        final String etag = head.headers().first("ETag");
        final long size = Long.parseLong(head.headers().first("Content-Length"));
        final ByteArrayOutputStream assembled = new ByteArrayOutputStream();
        long at = 0;
        while (at < size) {
            final long last = Math.min(size - 1, at + 1 + random.nextInt(3_000));
            final BlobResponse r = exec(engine, request("GET", "/cont/b", new byte[0], "x-ms-range",
                    "bytes=" + at + "-" + last, "If-Match", etag));
            if (r.status() == 412) {
                assertEquals("ConditionNotMet", r.headers().first("x-ms-error-code"));
                return false;
            }
            assertEquals(206, r.status());
            assembled.write(r.bodyBytes());
            at = last + 1;
        }
        final byte[] body = assembled.toByteArray();
        assertArrayEquals(content(ByteBuffer.wrap(body).getInt()), body, "mixed ranges (seed " + SEED + ")");
        return true;
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void readersSeeTheOldOrTheNewBlobNeverAMix(final Store store) throws Exception {
        final int versions = store == Store.FILE ? 30 : 80;
        final int readers = 3;
        try (StorageEngine engine = store == Store.FILE
                ? StorageEngine.fileStore(dir.resolve("store"), StorageOptions.defaults()) : StorageEngine.inMemory()) {
            assertEquals(201, exec(engine, request("PUT", "/cont?restype=container", new byte[0])).status());
            write(engine, 0);
            final ExecutorService pool = Executors.newFixedThreadPool(readers + 1);
            final AtomicBoolean done = new AtomicBoolean();
            final AtomicLong wholeReads = new AtomicLong();
            final AtomicLong pinnedReads = new AtomicLong();
            final AtomicLong refusedPinnedReads = new AtomicLong();
            try {
                final List<Future<?>> tasks = new ArrayList<>();
                for (int t = 0; t < readers; t++) {
                    final Random random = new Random(SEED + t);
                    tasks.add(pool.submit(() -> {
                        while (!done.get()) {
                            readWhole(engine);
                            wholeReads.incrementAndGet();
                            if (readRanges(engine, random)) {
                                pinnedReads.incrementAndGet();
                            } else {
                                refusedPinnedReads.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                final Future<?> writer = pool.submit(() -> {
                    try {
                        for (int v = 1; v <= versions; v++) {
                            write(engine, v);
                        }
                    } finally {
                        done.set(true);
                    }
                    return null;
                });
                writer.get(60, TimeUnit.SECONDS);
                for (final Future<?> f : tasks) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                done.set(true);
                pool.shutdownNow();
                assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "reader threads left behind");
            }
            assertTrue(wholeReads.get() > 0, "no read overlapped the writes");
            readWhole(engine);
            assertArrayEquals(content(versions), exec(engine, request("GET", "/cont/b", new byte[0])).bodyBytes());
            LoggerFactory.getLogger(ConcurrentReadersDuringCommitTest.class).debug(
                    "{}: {} versions, {} whole reads, {} pinned range reads, {} refused with 412", store, versions,
                    wholeReads.get(), pinnedReads.get(), refusedPinnedReads.get());
        }
    }
}
