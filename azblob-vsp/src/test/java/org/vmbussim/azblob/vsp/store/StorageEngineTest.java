package org.vmbussim.azblob.vsp.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.vmbussim.azblob.vsp.store.Requests.request;
import static org.vmbussim.azblob.vsp.store.Requests.send;
import static org.vmbussim.azblob.vsp.store.Requests.text;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.azblob.vsp.backend.BlobOutcome;
import org.vmbussim.azblob.vsp.backend.BlobRequest;

class StorageEngineTest {
    @Test
    void aBodyLargerThanTheCallersBufferIsReportedWithItsSizeNotTruncated() {
        try (StorageEngine engine = StorageEngine.inMemory()) {
            send(engine, "PUT", "/cont?restype=container", null);
            send(engine, "PUT", "/cont/b", "0123456789", "x-ms-blob-type", "BlockBlob");
            final BlobOutcome.BodyTooLarge t = assertInstanceOf(BlobOutcome.BodyTooLarge.class,
                    engine.execute(request("GET", "/cont/b", null), 9));
            assertEquals(10, t.bodyBytesNeeded());
            assertEquals(200, t.head().status());
            assertEquals("10", t.head().headers().first("Content-Length"));
            assertEquals("0123456789", text(((BlobOutcome.Completed) engine.execute(
                    request("GET", "/cont/b", null), 10)).response()));
            assertInstanceOf(BlobOutcome.Completed.class, engine.execute(
                    request("GET", "/cont/b", null, "x-ms-range", "bytes=0-8"), 9));
            assertInstanceOf(BlobOutcome.Completed.class, engine.execute(request("HEAD", "/cont/b", null), 0));
        }
    }

    @Test
    void sharedKeyIsVerifiedByDefaultAndCanBeTurnedOff() {
        final BlobRequest unsigned = BlobRequest.of("PUT", "/devstoreaccount1/cont?restype=container",
                HttpFields.of("x-ms-version", "2021-08-06", "Content-Length", "0"), new byte[0]);
        final BlobRequest signed = request("PUT", "/cont?restype=container", null);
        final BlobRequest tampered = signed.withHeaders(signed.headers().toBuilder().add("x-ms-meta-x", "1").build());
        try (StorageEngine engine = StorageEngine.inMemory()) {
            assertEquals(403, ((BlobOutcome.Completed) engine.execute(unsigned)).response().status());
            assertEquals(403, ((BlobOutcome.Completed) engine.execute(tampered)).response().status());
            assertEquals(201, ((BlobOutcome.Completed) engine.execute(signed)).response().status());
        }
        try (StorageEngine open = StorageEngine.inMemory(StorageOptions.defaults().withoutAuthentication())) {
            assertEquals(201, ((BlobOutcome.Completed) open.execute(unsigned)).response().status());
        }
    }

    @Test
    void hostileBlockListXmlIsRefusedWithoutResolvingEntities() {
        try (StorageEngine engine = StorageEngine.inMemory()) {
            send(engine, "PUT", "/cont?restype=container", null);
            final String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                    + "<BlockList><Latest>&x;</Latest></BlockList>";
            assertEquals("InvalidXmlDocument", send(engine, "PUT", "/cont/b?comp=blocklist", xxe)
                    .headers().first("x-ms-error-code"));
            assertEquals("InvalidXmlDocument", send(engine, "PUT", "/cont/b?comp=blocklist", "<BlockList><")
                    .headers().first("x-ms-error-code"));
        }
    }

    @Test
    void exactlyOneOfManyConcurrentConditionalWritesWins() throws Exception {
        try (StorageEngine engine = StorageEngine.inMemory()) {
            send(engine, "PUT", "/cont?restype=container", null);
            final String etag = send(engine, "PUT", "/cont/b", "v0", "x-ms-blob-type", "BlockBlob")
                    .headers().first("ETag");
            final int writers = 8;
            final ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                final CountDownLatch go = new CountDownLatch(1);
                final List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < writers; i++) {
                    final String body = "v" + (i + 1);
                    results.add(pool.submit(() -> {
                        go.await(5, TimeUnit.SECONDS);
                        return send(engine, "PUT", "/cont/b", body, "x-ms-blob-type", "BlockBlob", "If-Match", etag)
                                .status();
                    }));
                }
                go.countDown();
                int won = 0;
                int lost = 0;
                for (final Future<Integer> f : results) {
                    final int status = f.get(10, TimeUnit.SECONDS);
                    won += status == 201 ? 1 : 0;
                    lost += status == 412 ? 1 : 0;
                }
                assertEquals(1, won);
                assertEquals(writers - 1, lost);
            } finally {
                pool.shutdownNow();
                pool.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void expiredUncommittedBlocksAreDroppedAndCannotBeCommitted() {
        final java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000L);
        final java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(final java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return java.time.Instant.ofEpochMilli(now.get());
            }
        };
        try (StorageEngine engine = StorageEngine.inMemory(StorageOptions.defaults().withClock(clock))) {
            send(engine, "PUT", "/cont?restype=container", null);
            send(engine, "PUT", "/cont/b?comp=block&blockid=QUFBQQ%3D%3D", "x");
            now.addAndGet(java.time.Duration.ofDays(8).toMillis());
            engine.expireUncommittedBlocks();
            assertEquals(404, send(engine, "GET", "/cont/b?comp=blocklist&blocklisttype=all", null).status());
            assertEquals("InvalidBlockList", send(engine, "PUT", "/cont/b?comp=blocklist",
                    "<BlockList><Latest>QUFBQQ==</Latest></BlockList>").headers().first("x-ms-error-code"));
        }
    }
}
