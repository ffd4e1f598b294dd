package org.vmbussim.azblob.vsp.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vmbussim.azblob.vsp.store.Requests.assertError;
import static org.vmbussim.azblob.vsp.store.Requests.send;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmbussim.azblob.vsp.backend.BlobResponse;

/**
 * B4, containers: Lease Container runs the same state machine as Lease Blob (covered transition by
 * transition in {@link BlobLeaseTest}); here the container's own lease conditions (Delete Container needs
 * the id, reads and Set Container Metadata check it only when given, with the container error codes), the
 * lease headers of Get Container Properties, expiry on the store's clock, blobs unaffected, and the lease
 * surviving a restart of the file store.
 */
class ContainerLeaseTest {
    private static final String A = "aaaaaaaa-0000-4000-8000-00000000000a";
    private static final String B = "bbbbbbbb-0000-4000-8000-00000000000b";
    private static final String C = "/cont?restype=container";
    private static final String LEASE = C + "&comp=lease";

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T20:00:00Z"));

    private static void assertState(final StorageEngine engine, final String state, final String status,
                                    final String duration) {
        final BlobResponse r = send(engine, "GET", C, null);
        assertEquals(state, r.headers().first("x-ms-lease-state"));
        assertEquals(status, r.headers().first("x-ms-lease-status"));
        assertEquals(duration, r.headers().first("x-ms-lease-duration"));
    }

    @Test
    void aLeasedContainerCannotBeDeletedWithoutItsLeaseIdAndItsBlobsAreUnaffected() {
        try (StorageEngine engine = StorageEngine.inMemory(StorageOptions.defaults().withClock(clock))) {
            send(engine, "PUT", C, null);
            final String etag = send(engine, "GET", C, null).headers().first("ETag");
            final BlobResponse acquired = send(engine, "PUT", LEASE, null, "x-ms-lease-action", "acquire",
                    "x-ms-lease-duration", "-1", "x-ms-proposed-lease-id", A);
            assertEquals(201, acquired.status());
            assertEquals(A, acquired.headers().first("x-ms-lease-id"));
            assertEquals(etag, acquired.headers().first("ETag"), "a lease operation keeps the ETag");
            assertState(engine, "leased", "locked", "infinite");

            assertError(412, "LeaseIdMissing", send(engine, "DELETE", C, null));
            assertError(412, "LeaseIdMismatchWithContainerOperation", send(engine, "DELETE", C, null,
                    "x-ms-lease-id", B));
            assertError(412, "LeaseIdMismatchWithContainerOperation", send(engine, "GET", C, null,
                    "x-ms-lease-id", B));
            assertError(412, "LeaseIdMismatchWithContainerOperation", send(engine, "PUT", C + "&comp=metadata", null,
                    "x-ms-meta-k", "v", "x-ms-lease-id", B));
            assertEquals(200, send(engine, "PUT", C + "&comp=metadata", null, "x-ms-meta-k", "v").status(),
                    "Set Container Metadata checks the lease only when an id is given");
            assertEquals(200, send(engine, "PUT", C + "&comp=metadata", null, "x-ms-meta-k", "w",
                    "x-ms-lease-id", A).status());
            assertState(engine, "leased", "locked", "infinite");
            assertEquals(201, send(engine, "PUT", "/cont/b", "x", "x-ms-blob-type", "BlockBlob").status(),
                    "a container lease does not lock its blobs");
            assertEquals("available", send(engine, "HEAD", "/cont/b", null).headers().first("x-ms-lease-state"));

            assertError(409, "LeaseAlreadyPresent", send(engine, "PUT", LEASE, null, "x-ms-lease-action", "acquire",
                    "x-ms-lease-duration", "15", "x-ms-proposed-lease-id", B));
            assertEquals(202, send(engine, "PUT", LEASE, null, "x-ms-lease-action", "break",
                    "x-ms-lease-break-period", "10").status());
            assertState(engine, "breaking", "locked", null);
            assertError(412, "LeaseIdMissing", send(engine, "DELETE", C, null));
            clock.advance(Duration.ofSeconds(10));
            assertState(engine, "broken", "unlocked", null);
            assertError(412, "LeaseNotPresentWithContainerOperation", send(engine, "DELETE", C, null,
                    "x-ms-lease-id", A));
            assertEquals(202, send(engine, "DELETE", C, null).status(), "a broken lease does not lock");
            assertError(404, "ContainerNotFound", send(engine, "PUT", LEASE, null, "x-ms-lease-action", "acquire",
                    "x-ms-lease-duration", "-1"));
        }
    }

    @Test
    void aContainerLeaseExpiresOnTheStoresClockAndSurvivesARestart() {
        try (StorageEngine engine = StorageEngine.fileStore(dir, StorageOptions.defaults().withClock(clock))) {
            send(engine, "PUT", C, null, "x-ms-meta-owner", "me");
            assertEquals(201, send(engine, "PUT", LEASE, null, "x-ms-lease-action", "acquire",
                    "x-ms-lease-duration", "20", "x-ms-proposed-lease-id", A).status());
        }
        try (StorageEngine engine = StorageEngine.fileStore(dir, StorageOptions.defaults().withClock(clock))) {
            assertState(engine, "leased", "locked", "fixed");
            assertEquals("me", send(engine, "GET", C, null).headers().first("x-ms-meta-owner"));
            assertError(412, "LeaseIdMissing", send(engine, "DELETE", C, null));
            clock.advance(Duration.ofSeconds(20));
            assertState(engine, "expired", "unlocked", null);
            assertEquals(200, send(engine, "PUT", LEASE, null, "x-ms-lease-action", "renew", "x-ms-lease-id", A)
                    .status());
            assertEquals(200, send(engine, "PUT", LEASE, null, "x-ms-lease-action", "change", "x-ms-lease-id", A,
                    "x-ms-proposed-lease-id", B).status());
        }
        try (StorageEngine engine = StorageEngine.fileStore(dir, StorageOptions.defaults().withClock(clock))) {
            assertState(engine, "leased", "locked", "fixed");
            assertError(412, "LeaseIdMismatchWithContainerOperation", send(engine, "DELETE", C, null,
                    "x-ms-lease-id", A));
            assertEquals(200, send(engine, "PUT", LEASE, null, "x-ms-lease-action", "release", "x-ms-lease-id", B)
                    .status());
            assertState(engine, "available", "unlocked", null);
            assertEquals(202, send(engine, "DELETE", C, null).status());
        }
    }
}
