package org.vmbussim.azblob.vsp.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vmbussim.azblob.vsp.store.Requests.request;
import static org.vmbussim.azblob.vsp.store.Requests.send;
import static org.vmbussim.azblob.vsp.store.Requests.text;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.vsp.backend.BlobOutcome;
import org.vmbussim.azblob.vsp.backend.BlobResponse;
import org.vmbussim.azblob.vsp.rest.FlakyBlobServer.Fault;
import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.azblob.vsp.store.StorageOptions;
import org.vmbussim.uapi.Errno;

/**
 * B5 (RELIABILITY.md): the forwarder against a flaky local server in front of a real store. Transient
 * faults are retried with backoff, within the request's deadline; faults after which the request may have
 * taken effect are retried only for requests whose duplicate delivery is harmless, and a duplicate
 * delivery of those leaves the blob as one delivery would; nothing is ever reported as success that was
 * not answered with success.
 */
class RetryingForwardingTest {
    private static final String LEASE = "aaaaaaaa-0000-4000-8000-00000000000a";
    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(40),
            Duration.ofSeconds(5));

    private StorageEngine engine;
    private FlakyBlobServer server;
    private RestForwardingBackend forwarder;
    private String etag;

    @BeforeEach
    void start() throws IOException {
        engine = StorageEngine.inMemory(StorageOptions.defaults().withoutAuthentication());
        server = FlakyBlobServer.start(engine);
        forwarder = forwarder(server.endpoint(), Duration.ofSeconds(20), FAST);
        assertEquals(201, send(forwarder, "PUT", "/cont?restype=container", null).status());
        etag = send(forwarder, "PUT", "/cont/b", "v1", "x-ms-blob-type", "BlockBlob").headers().first("ETag");
    }

    @AfterEach
    void stop() {
        forwarder.close();
        server.close();
        engine.close();
    }

    private static RestForwardingBackend forwarder(final URI endpoint, final Duration deadline,
                                                  final RetryPolicy policy) {
        return new RestForwardingBackend(new RestForwardingBackend.Options(endpoint, Duration.ofSeconds(2), deadline,
                1, policy));
    }

    private BlobOutcome.Failed failed(final String method, final String target, final String body,
                                      final String... headers) {
        return assertInstanceOf(BlobOutcome.Failed.class, forwarder.execute(request(method, target, body, headers)));
    }

    private String stored() {
        return text(send(engine, "GET", "/cont/b", null));
    }

    @Test
    void aResetMidResponseIsRetriedForAGetButNotForAConditionalWrite() {
        final int before = server.requests();
        server.then(Fault.RESET_MID_RESPONSE);
        assertEquals("v1", text(send(forwarder, "GET", "/cont/b", null)));
        assertEquals(before + 2, server.requests());

        server.then(Fault.RESET_MID_RESPONSE);
        assertEquals(Errno.ECONNRESET, failed("PUT", "/cont/b", "v2", "x-ms-blob-type", "BlockBlob",
                "If-Match", etag).errno());
        assertEquals(before + 3, server.requests(), "a conditional write is sent once");
        assertEquals("v1", stored());
    }

    @Test
    void anUploadCutShortLeavesNoPartialBlobAndIsRetriedOnlyWhenRepeatable() {
        final String big = "0123456789abcdef".repeat(4_096);
        final int before = server.requests();
        server.then(Fault.RESET_MID_UPLOAD);
        assertEquals(201, send(forwarder, "PUT", "/cont/b", big, "x-ms-blob-type", "BlockBlob").status());
        assertEquals(big, stored());
        assertEquals(before + 2, server.requests());
        final String etagNow = send(engine, "HEAD", "/cont/b", null).headers().first("ETag");

        server.then(Fault.RESET_MID_UPLOAD);
        assertEquals(Errno.ECONNRESET, failed("PUT", "/cont/b", big.toUpperCase(Locale.ROOT),
                "x-ms-blob-type", "BlockBlob", "If-Match", etagNow).errno());
        assertEquals(before + 3, server.requests());
        assertEquals(big, stored(), "no partial blob: the old one is whole");
        server.then(Fault.RESET_MID_UPLOAD);
        assertEquals(Errno.ECONNRESET, failed("PUT", "/cont/new", big, "x-ms-blob-type", "BlockBlob",
                "If-None-Match", "*").errno());
        assertEquals(404, send(engine, "GET", "/cont/new", null).status(), "no partial blob became visible");
    }

    @Test
    void busy503IsRetriedForEveryRequestBecauseNothingWasExecuted() {
        final int before = server.requests();
        server.then(Fault.BUSY_503);
        assertEquals(200, send(forwarder, "GET", "/cont/b", null).status());
        server.then(Fault.BUSY_503, Fault.BUSY_503);
        final BlobResponse put = send(forwarder, "PUT", "/cont/b", "v2", "x-ms-blob-type", "BlockBlob",
                "If-Match", etag);
        assertEquals(201, put.status(), "the conditional write succeeds on its third attempt, no spurious 412");
        assertEquals("v2", stored());
        assertEquals(before + 5, server.requests());
    }

    @Test
    void whenTheAttemptsRunOutTheLast5xxIsTheAnswerNeverSuccess() {
        final int before = server.requests();
        server.then(Fault.BUSY_503, Fault.BUSY_503, Fault.BUSY_503, Fault.BUSY_503);
        final BlobResponse r = send(forwarder, "PUT", "/cont/b", "v2", "x-ms-blob-type", "BlockBlob");
        assertEquals(503, r.status());
        assertEquals("ServerBusy", r.headers().first("x-ms-error-code"));
        assertEquals(before + FAST.maxAttempts(), server.requests());
        assertEquals("v1", stored());
    }

    @Test
    void a500IsRetriedOnlyForRepeatableRequests() {
        final int before = server.requests();
        server.then(Fault.EXECUTE_THEN_500);
        assertEquals(200, send(forwarder, "PUT", "/cont/b?comp=metadata", null, "x-ms-meta-k", "v").status(),
                "Set Metadata is retried");
        assertEquals(before + 2, server.requests());
        server.then(Fault.EXECUTE_THEN_500);
        final BlobResponse delete = send(forwarder, "DELETE", "/cont/b", null);
        assertEquals(500, delete.status(), "a DELETE is not repeated: a duplicate would answer 404");
        assertEquals(before + 3, server.requests());
        assertEquals(404, send(engine, "GET", "/cont/b", null).status(), "the upstream did execute it");
    }

    @Test
    void aDuplicateDeliveryOfARepeatableWriteLeavesTheBlobAsOneDeliveryWould() {
        int expected = server.requests();
        server.then(Fault.EXECUTE_THEN_RESET);
        assertEquals(201, send(forwarder, "PUT", "/cont/b", "v2", "x-ms-blob-type", "BlockBlob").status());
        assertEquals("v2", stored());
        expected += 2;
        server.then(Fault.EXECUTE_THEN_RESET);
        assertEquals(201, send(forwarder, "PUT", "/cont/c?comp=block&blockid=QUFBQQ%3D%3D", "first-").status());
        server.then(Fault.EXECUTE_THEN_RESET);
        assertEquals(201, send(forwarder, "PUT", "/cont/c?comp=block&blockid=QkJCQg%3D%3D", "second").status());
        server.then(Fault.EXECUTE_THEN_RESET);
        assertEquals(201, send(forwarder, "PUT", "/cont/c?comp=blocklist",
                "<BlockList><Latest>QUFBQQ==</Latest><Latest>QkJCQg==</Latest></BlockList>").status(),
                "the second commit finds its blocks committed by the first");
        expected += 6;
        assertEquals("first-second", text(send(engine, "GET", "/cont/c", null)));
        final String blocks = text(send(engine, "GET", "/cont/c?comp=blocklist", null));
        assertEquals(2, blocks.split("<Block>", -1).length - 1, blocks);
        server.then(Fault.EXECUTE_THEN_RESET);
        final BlobResponse lease = send(forwarder, "PUT", "/cont/c?comp=lease", null, "x-ms-lease-action", "acquire",
                "x-ms-lease-duration", "-1", "x-ms-proposed-lease-id", LEASE);
        assertEquals(201, lease.status(), "acquiring one's own proposed lease again succeeds");
        assertEquals(LEASE, lease.headers().first("x-ms-lease-id"));
        expected += 2;
        assertEquals(expected, server.requests());
    }

    @Test
    void aLostResponseToANonRepeatableRequestIsReportedAsUnknownNotAsAFailureOfItsCondition() {
        final int before = server.requests();
        server.then(Fault.EXECUTE_THEN_RESET);
        assertEquals(Errno.ECONNRESET, failed("PUT", "/cont/b", "v2", "x-ms-blob-type", "BlockBlob",
                "If-Match", etag).errno());
        assertEquals(before + 1, server.requests(), "not repeated: a duplicate would fail with 412");
        assertEquals("v2", stored(), "the write took effect; the caller learns it by reading");
        server.then(Fault.EXECUTE_THEN_RESET);
        assertEquals(Errno.ECONNRESET, failed("PUT", "/cont/n", "x", "x-ms-blob-type", "BlockBlob",
                "If-None-Match", "*").errno());
        server.then(Fault.EXECUTE_THEN_RESET);
        assertEquals(Errno.ECONNRESET, failed("PUT", "/cont/c?comp=lease", null, "x-ms-lease-action", "acquire",
                "x-ms-lease-duration", "-1").errno());
        assertEquals(before + 3, server.requests());
    }

    @Test
    void aStalledServerEndsInEtimedoutByTheDeadlineAfterRetryingOnlyRepeatableRequests() {
        final RetryPolicy shortAttempts = new RetryPolicy(10, Duration.ofMillis(10), Duration.ofMillis(20),
                Duration.ofMillis(250));
        try (RestForwardingBackend bounded = forwarder(server.endpoint(), Duration.ofMillis(900), shortAttempts)) {
            int before = server.requests();
            server.always(Fault.STALL);
            final long start = System.nanoTime();
            final BlobOutcome.Failed get = assertInstanceOf(BlobOutcome.Failed.class,
                    bounded.execute(request("GET", "/cont/b", null)));
            final long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(Errno.ETIMEDOUT, get.errno());
            assertTrue(server.requests() - before >= 2, "the GET was retried within its deadline");
            assertTrue(server.requests() - before <= 4, "every attempt fits in the deadline");
            // Not a performance bound: the request must end by its deadline (900 ms), not hang; slack for load.
            assertTrue(elapsedMillis < 900 + 4_000, "ended " + elapsedMillis + " ms after the start");

            before = server.requests();
            assertEquals(Errno.ETIMEDOUT, assertInstanceOf(BlobOutcome.Failed.class, bounded.execute(request("PUT",
                    "/cont/b", "v2", "x-ms-blob-type", "BlockBlob", "If-Match", etag))).errno());
            assertEquals(before + 1, server.requests(), "a conditional write is not repeated after a timeout");
        }
    }

    @Test
    void aRefusedConnectionIsRetriedUntilTheServerListens() throws Exception {
        final int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        final RetryPolicy patient = new RetryPolicy(20, Duration.ofMillis(50), Duration.ofMillis(100),
                Duration.ofSeconds(5));
        try (RestForwardingBackend toLater = forwarder(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(20),
                patient)) {
            final CompletableFuture<BlobOutcome> put = CompletableFuture.supplyAsync(() -> toLater.execute(request(
                    "PUT", "/cont/late", "late", "x-ms-blob-type", "BlockBlob", "If-None-Match", "*")));
            Thread.sleep(150);
            assertFalse(put.isDone(), "still retrying while nothing listens");
            try (FlakyBlobServer late = FlakyBlobServer.start(engine, port)) {
                final BlobOutcome o = put.get(20, TimeUnit.SECONDS);
                assertEquals(201, assertInstanceOf(BlobOutcome.Completed.class, o).response().status(),
                        "a refused conditional write is retried: it never reached the server");
                assertEquals(1, late.requests());
                assertEquals("late", text(send(engine, "GET", "/cont/late", null)));
            }
        }
        final RetryPolicy twice = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10),
                Duration.ofSeconds(2));
        try (RestForwardingBackend toNobody = forwarder(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(5),
                twice)) {
            assertEquals(Errno.ECONNREFUSED, assertInstanceOf(BlobOutcome.Failed.class,
                    toNobody.execute(request("GET", "/cont/b", null))).errno());
        }
    }

    @Test
    void repeatabilityIsDecidedFromTheRequest() {
        assertTrue(RetrySafety.repeatable(request("GET", "/cont/b", null, "If-Match", "\"x\"")));
        assertTrue(RetrySafety.repeatable(request("PUT", "/cont/b", "x", "x-ms-blob-type", "BlockBlob")));
        assertTrue(RetrySafety.repeatable(request("PUT", "/cont?restype=container&comp=metadata", null)));
        assertTrue(RetrySafety.repeatable(request("PUT", "/cont/b?comp=lease", null, "x-ms-lease-action", "renew",
                "x-ms-lease-id", LEASE)));
        assertFalse(RetrySafety.repeatable(request("PUT", "/cont?restype=container", null)));
        assertFalse(RetrySafety.repeatable(request("DELETE", "/cont/b", null)));
        assertFalse(RetrySafety.repeatable(request("PUT", "/cont/b", "x", "x-ms-blob-type", "BlockBlob",
                "If-Unmodified-Since", "Tue, 24 Nov 2026 20:00:00 GMT")));
        assertFalse(RetrySafety.repeatable(request("PUT", "/cont/b?comp=blocklist",
                "<BlockList><Uncommitted>QUFBQQ==</Uncommitted></BlockList>")));
        assertFalse(RetrySafety.repeatable(request("PUT", "/cont/b?comp=lease", null, "x-ms-lease-action",
                "release", "x-ms-lease-id", LEASE)));
        assertFalse(RetrySafety.repeatable(request("POST", "/cont/b", null)));
    }
}
