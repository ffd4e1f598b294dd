package org.vmbussim.azblob.vsp.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vmbussim.azblob.vsp.store.Requests.send;
import static org.vmbussim.azblob.vsp.store.Requests.text;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vmbussim.azblob.vsp.backend.BlobResponse;

/**
 * B3 (RELIABILITY.md): a transactional Content-MD5 on Put Blob and Put Block is checked against the body
 * the store received; a mismatch (a bit flipped on the way) is 400 Md5Mismatch and stores nothing; a
 * match stores the blob and the MD5 is returned as Content-MD5 (whole GET, HEAD) or
 * x-ms-blob-content-md5 (ranged GET). A stored x-ms-blob-content-md5 is returned as is, never validated.
 */
class TransactionalMd5Test {
    enum Store { IN_MEMORY, FILE }

    @TempDir
    Path dir;

    private StorageEngine engine(final Store store) {
        final StorageEngine engine = store == Store.FILE
                ? StorageEngine.fileStore(dir.resolve("store"), StorageOptions.defaults()) : StorageEngine.inMemory();
        send(engine, "PUT", "/cont?restype=container", null);
        return engine;
    }

    static String md5(final String text) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aPutBlobWhoseBodyDoesNotMatchItsMd5IsMd5MismatchAndStoresNothing(final Store store) throws Exception {
        try (StorageEngine engine = engine(store)) {
            final String sentMd5 = md5("hello world");
            // The body the store sees has one bit flipped ('h' ^ 0x01 = 'i').
            final BlobResponse r = send(engine, "PUT", "/cont/b", "iello world", "x-ms-blob-type", "BlockBlob",
                    "Content-MD5", sentMd5);
            assertEquals(400, r.status());
            assertEquals("Md5Mismatch", r.headers().first("x-ms-error-code"));
            final String body = text(r);
            assertTrue(body.contains("<UserSpecifiedMd5>" + sentMd5 + "</UserSpecifiedMd5>"), body);
            assertTrue(body.contains("<ServerCalculatedMd5>" + md5("iello world") + "</ServerCalculatedMd5>"), body);
            assertEquals(404, send(engine, "GET", "/cont/b", null).status(), "nothing stored");

            assertEquals(201, send(engine, "PUT", "/cont/b", "old", "x-ms-blob-type", "BlockBlob").status());
            assertEquals("Md5Mismatch", send(engine, "PUT", "/cont/b", "iello world", "x-ms-blob-type", "BlockBlob",
                    "Content-MD5", sentMd5).headers().first("x-ms-error-code"));
            assertEquals("old", text(send(engine, "GET", "/cont/b", null)), "the old blob is untouched");
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aMatchingMd5IsStoredAndReturnedOnGetHeadAndRangedGet(final Store store) throws Exception {
        try (StorageEngine engine = engine(store)) {
            final String md5 = md5("hello world");
            final BlobResponse put = send(engine, "PUT", "/cont/b", "hello world", "x-ms-blob-type", "BlockBlob",
                    "Content-MD5", md5);
            assertEquals(201, put.status());
            assertEquals(md5, put.headers().first("Content-MD5"));
            final BlobResponse get = send(engine, "GET", "/cont/b", null);
            assertEquals("hello world", text(get));
            assertEquals(md5, get.headers().first("Content-MD5"));
            assertEquals(md5, send(engine, "HEAD", "/cont/b", null).headers().first("Content-MD5"));
            final BlobResponse ranged = send(engine, "GET", "/cont/b", null, "x-ms-range", "bytes=0-4");
            assertEquals(206, ranged.status());
            assertEquals("hello", text(ranged));
            assertEquals(md5, ranged.headers().first("x-ms-blob-content-md5"));
            assertNull(ranged.headers().first("Content-MD5"), "a range's Content-MD5 would describe the range");
        }
    }

    /**
     * The pooled digests and their Base64 arrays serve one PUT after another: each blob keeps the MD5 of its own
     * body (a digest not reset, or text left over from a longer value, would show here), also after later PUTs.
     */
    @ParameterizedTest
    @EnumSource(Store.class)
    void successivePutsEachGetTheMd5OfTheirOwnBody(final Store store) throws Exception {
        final long seed = 0x5eedL;
        final Random random = new Random(seed);
        final String[] bodies = new String[24];
        try (StorageEngine engine = engine(store)) {
            for (int i = 0; i < bodies.length; i++) {
                final char[] chars = new char[random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(300)];
                for (int k = 0; k < chars.length; k++) {
                    chars[k] = (char) ('a' + random.nextInt(26));
                }
                bodies[i] = new String(chars);
                final String sent = i % 2 == 0 ? null : md5(bodies[i]);
                final BlobResponse put = sent == null
                        ? send(engine, "PUT", "/cont/b" + i, bodies[i], "x-ms-blob-type", "BlockBlob")
                        : send(engine, "PUT", "/cont/b" + i, bodies[i], "x-ms-blob-type", "BlockBlob",
                                "Content-MD5", sent);
                assertEquals(201, put.status(), "seed " + seed);
                assertEquals(md5(bodies[i]), put.headers().first("Content-MD5"), "seed " + seed + " put " + i);
            }
            for (int i = 0; i < bodies.length; i++) {
                assertEquals(md5(bodies[i]), send(engine, "HEAD", "/cont/b" + i, null).headers().first("Content-MD5"),
                        "seed " + seed + " blob " + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aPutBlobWithoutMd5StillGetsTheComputedOne(final Store store) throws Exception {
        try (StorageEngine engine = engine(store)) {
            assertEquals(md5("abc"), send(engine, "PUT", "/cont/b", "abc", "x-ms-blob-type", "BlockBlob")
                    .headers().first("Content-MD5"));
            assertEquals(md5("abc"), send(engine, "GET", "/cont/b", null).headers().first("Content-MD5"));
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aMalformedMd5IsInvalidMd5(final Store store) {
        try (StorageEngine engine = engine(store)) {
            for (final String bad : new String[] {"not base64!", "AAAA", Base64.getEncoder().encodeToString(
                    new byte[17])}) {
                final BlobResponse r = send(engine, "PUT", "/cont/b", "abc", "x-ms-blob-type", "BlockBlob",
                        "Content-MD5", bad);
                assertEquals(400, r.status(), bad);
                assertEquals("InvalidMd5", r.headers().first("x-ms-error-code"), bad);
                assertEquals("InvalidMd5", send(engine, "PUT", "/cont/b?comp=block&blockid=QUFBQQ%3D%3D", "abc",
                        "Content-MD5", bad).headers().first("x-ms-error-code"), bad);
            }
            assertEquals(404, send(engine, "GET", "/cont/b?comp=blocklist&blocklisttype=all", null).status());
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aPutBlockWhoseBodyDoesNotMatchItsMd5IsRefusedAndTheBlockIsNotStaged(final Store store) throws Exception {
        try (StorageEngine engine = engine(store)) {
            final BlobResponse bad = send(engine, "PUT", "/cont/b?comp=block&blockid=QUFBQQ%3D%3D", "first+",
                    "Content-MD5", md5("first-"));
            assertEquals(400, bad.status());
            assertEquals("Md5Mismatch", bad.headers().first("x-ms-error-code"));
            assertEquals(404, send(engine, "GET", "/cont/b?comp=blocklist&blocklisttype=all", null).status(),
                    "no block staged");
            assertEquals("InvalidBlockList", send(engine, "PUT", "/cont/b?comp=blocklist",
                    "<BlockList><Latest>QUFBQQ==</Latest></BlockList>").headers().first("x-ms-error-code"));

            assertEquals(201, send(engine, "PUT", "/cont/b?comp=block&blockid=QUFBQQ%3D%3D", "first-",
                    "Content-MD5", md5("first-")).status());
            assertEquals(201, send(engine, "PUT", "/cont/b?comp=block&blockid=QkJCQg%3D%3D", "second",
                    "Content-MD5", md5("second")).status());
            // A later corrupted re-upload of a staged id leaves the staged block as it was.
            assertEquals("Md5Mismatch", send(engine, "PUT", "/cont/b?comp=block&blockid=QkJCQg%3D%3D", "secund",
                    "Content-MD5", md5("second")).headers().first("x-ms-error-code"));
            // x-ms-blob-content-md5 on the commit is the blob's stored MD5: kept and returned, not validated.
            final String declared = md5("something else");
            assertEquals(201, send(engine, "PUT", "/cont/b?comp=blocklist",
                    "<BlockList><Latest>QUFBQQ==</Latest><Latest>QkJCQg==</Latest></BlockList>",
                    "x-ms-blob-content-md5", declared).status());
            final BlobResponse get = send(engine, "GET", "/cont/b", null);
            assertEquals("first-second", text(get));
            assertEquals(declared, get.headers().first("Content-MD5"));
        }
    }
}
