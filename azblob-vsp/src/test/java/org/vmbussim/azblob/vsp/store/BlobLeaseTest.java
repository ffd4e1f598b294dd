package org.vmbussim.azblob.vsp.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vmbussim.azblob.vsp.store.Requests.assertError;
import static org.vmbussim.azblob.vsp.store.Requests.send;
import static org.vmbussim.azblob.vsp.store.Requests.text;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmbussim.azblob.vsp.backend.BlobResponse;

/**
 * B4 (RELIABILITY.md): Lease Blob and the lease conditions of reads and writes, every transition of the
 * Lease Blob reference's outcome table and every lease error, with expiry and break periods driven by a
 * manual clock; leases survive a restart of the file store.
 */
class BlobLeaseTest {
    private static final String A = "aaaaaaaa-0000-4000-8000-00000000000a";
    private static final String B = "bbbbbbbb-0000-4000-8000-00000000000b";
    private static final String C = "cccccccc-0000-4000-8000-00000000000c";
    private static final String BLOB = "/cont/b";
    private static final String LEASE = BLOB + "?comp=lease";

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T20:00:00Z"));
    private StorageEngine engine = StorageEngine.inMemory(StorageOptions.defaults().withClock(clock));

    @AfterEach
    void close() {
        engine.close();
    }

    private void blob() {
        send(engine, "PUT", "/cont?restype=container", null);
        assertEquals(201, send(engine, "PUT", BLOB, "v1", "x-ms-blob-type", "BlockBlob").status());
    }

    private BlobResponse lease(final String action, final String... headers) {
        final String[] all = new String[headers.length + 2];
        all[0] = "x-ms-lease-action";
        all[1] = action;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return send(engine, "PUT", LEASE, null, all);
    }

    private BlobResponse acquire(final String id, final int seconds) {
        return id == null ? lease("acquire", "x-ms-lease-duration", String.valueOf(seconds))
                : lease("acquire", "x-ms-lease-duration", String.valueOf(seconds), "x-ms-proposed-lease-id", id);
    }

    private void assertState(final String state, final String status, final String duration) {
        final BlobResponse head = send(engine, "HEAD", BLOB, null);
        assertEquals(state, head.headers().first("x-ms-lease-state"));
        assertEquals(status, head.headers().first("x-ms-lease-status"));
        assertEquals(duration, head.headers().first("x-ms-lease-duration"));
        final BlobResponse get = send(engine, "GET", BLOB, null);
        assertEquals(state, get.headers().first("x-ms-lease-state"));
        final String list = text(send(engine, "GET", "/cont?restype=container&comp=list", null));
        assertTrue(list.contains("<LeaseStatus>" + status + "</LeaseStatus><LeaseState>" + state + "</LeaseState>"),
                list);
    }

    private void breakLease(final String period) {
        final BlobResponse r = period == null ? lease("break") : lease("break", "x-ms-lease-break-period", period);
        assertEquals(202, r.status(), () -> text(r));
    }

    private void toState(final String state) {
        switch (state) {
            case "leased" -> assertEquals(201, acquire(A, 30).status());
            case "breaking" -> {
                assertEquals(201, acquire(A, -1).status());
                breakLease("20");
            }
            case "broken" -> {
                assertEquals(201, acquire(A, -1).status());
                breakLease("0");
            }
            case "expired" -> {
                assertEquals(201, acquire(A, 15).status());
                clock.advance(Duration.ofSeconds(15));
            }
            default -> {
            }
        }
        assertEquals(state, send(engine, "HEAD", BLOB, null).headers().first("x-ms-lease-state"));
    }

    @Test
    void anAcquiredLeaseLocksTheBlobAndShowsInGetHeadAndList() {
        blob();
        assertState("available", "unlocked", null);
        final BlobResponse r = acquire(null, -1);
        assertEquals(201, r.status());
        final String id = r.headers().first("x-ms-lease-id");
        assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), id);
        assertState("leased", "locked", "infinite");
        assertTrue(text(send(engine, "GET", "/cont?restype=container&comp=list", null))
                .contains("<LeaseDuration>infinite</LeaseDuration>"));
        assertError(409, "LeaseAlreadyPresent", acquire(null, 15));
    }

    @Test
    void leaseOperationsKeepTheEtagAndLastModified() {
        blob();
        final BlobResponse before = send(engine, "HEAD", BLOB, null);
        clock.advance(Duration.ofSeconds(5));
        final BlobResponse acquired = acquire(A, 60);
        assertEquals(before.headers().first("ETag"), acquired.headers().first("ETag"));
        assertEquals(before.headers().first("Last-Modified"), acquired.headers().first("Last-Modified"));
        lease("renew", "x-ms-lease-id", A);
        lease("change", "x-ms-lease-id", A, "x-ms-proposed-lease-id", B);
        lease("release", "x-ms-lease-id", B);
        final BlobResponse after = send(engine, "HEAD", BLOB, null);
        assertEquals(before.headers().first("ETag"), after.headers().first("ETag"));
    }

    @Test
    void writesAndDeletesOnALeasedBlobNeedTheLeaseIdAndChangeNothingWithoutIt() {
        blob();
        acquire(A, -1);
        final String[][] writes = {
            {"PUT", BLOB, "v2", "x-ms-blob-type", "BlockBlob"},
            {"PUT", BLOB + "?comp=block&blockid=QUFBQQ%3D%3D", "blk"},
            {"PUT", BLOB + "?comp=blocklist", "<BlockList></BlockList>"},
            {"PUT", BLOB + "?comp=metadata", null, "x-ms-meta-k", "v"},
            {"PUT", BLOB + "?comp=properties", null, "x-ms-blob-content-type", "text/plain"},
            {"DELETE", BLOB, null},
        };
        final String etag = send(engine, "HEAD", BLOB, null).headers().first("ETag");
        for (final String[] w : writes) {
            final String[] extra = Arrays.copyOfRange(w, 3, w.length);
            assertError(412, "LeaseIdMissing", send(engine, w[0], w[1], w[2], extra));
            final String[] withWrongId = Arrays.copyOf(extra, extra.length + 2);
            withWrongId[extra.length] = "x-ms-lease-id";
            withWrongId[extra.length + 1] = B;
            assertError(412, "LeaseIdMismatchWithBlobOperation", send(engine, w[0], w[1], w[2], withWrongId));
        }
        assertEquals(etag, send(engine, "HEAD", BLOB, null).headers().first("ETag"), "nothing changed");
        assertEquals("v1", text(send(engine, "GET", BLOB, null)));
        final BlobResponse blocks = send(engine, "GET", BLOB + "?comp=blocklist&blocklisttype=uncommitted", null);
        assertEquals(200, blocks.status());
        assertTrue(text(blocks).contains("<UncommittedBlocks/>"), () -> "no block staged: " + text(blocks));

        assertEquals(201, send(engine, "PUT", BLOB, "v2", "x-ms-blob-type", "BlockBlob",
                "x-ms-lease-id", A.toUpperCase(Locale.ROOT)).status(), "GUIDs compare without case");
        assertEquals("v2", text(send(engine, "GET", BLOB, null)));
        assertState("leased", "locked", "infinite");
        assertEquals(200, send(engine, "PUT", BLOB + "?comp=metadata", null, "x-ms-meta-k", "v",
                "x-ms-lease-id", A).status());
        assertEquals(202, send(engine, "DELETE", BLOB, null, "x-ms-lease-id", A).status());
        assertEquals(404, send(engine, "GET", BLOB, null).status());
    }

    @Test
    void readsAreCheckedOnlyWhenTheyNameALease() {
        blob();
        assertError(412, "LeaseNotPresentWithBlobOperation", send(engine, "GET", BLOB, null, "x-ms-lease-id", A));
        assertError(412, "LeaseNotPresentWithBlobOperation", send(engine, "PUT", BLOB, "x",
                "x-ms-blob-type", "BlockBlob", "x-ms-lease-id", A));
        acquire(A, 15);
        assertEquals(200, send(engine, "GET", BLOB, null).status());
        assertEquals(200, send(engine, "GET", BLOB, null, "x-ms-lease-id", A).status());
        assertError(412, "LeaseIdMismatchWithBlobOperation", send(engine, "HEAD", BLOB, null, "x-ms-lease-id", B));
    }

    @Test
    void aFixedLeaseExpiresOnTheStoresClockAndAWriteRacingTheExpiryIsDecidedByTheClock() {
        blob();
        acquire(A, 15);
        assertState("leased", "locked", "fixed");
        clock.advance(Duration.ofMillis(14_999));
        assertError(412, "LeaseIdMissing", send(engine, "PUT", BLOB, "v2", "x-ms-blob-type", "BlockBlob"));
        clock.advance(Duration.ofMillis(1));
        assertState("expired", "unlocked", null);
        // The holder's write arrives just after the expiry: refused, the blob unchanged.
        assertError(412, "LeaseNotPresentWithBlobOperation", send(engine, "PUT", BLOB, "v2",
                "x-ms-blob-type", "BlockBlob", "x-ms-lease-id", A));
        assertEquals("v1", text(send(engine, "GET", BLOB, null)));
        // The holder may still renew an expired lease, until the blob is written.
        assertEquals(200, lease("renew", "x-ms-lease-id", A).status());
        assertState("leased", "locked", "fixed");
        clock.advance(Duration.ofSeconds(15));
        assertEquals(201, send(engine, "PUT", BLOB, "v3", "x-ms-blob-type", "BlockBlob").status());
        assertState("available", "unlocked", null);
        assertError(409, "LeaseIdMismatchWithLeaseOperation", lease("renew", "x-ms-lease-id", A));
    }

    @Test
    void renewRestartsAFixedLeaseAndLeavesAnInfiniteOne() {
        blob();
        acquire(A, 20);
        clock.advance(Duration.ofSeconds(19));
        final BlobResponse renewed = lease("renew", "x-ms-lease-id", A);
        assertEquals(200, renewed.status());
        assertEquals(A, renewed.headers().first("x-ms-lease-id"));
        clock.advance(Duration.ofSeconds(19));
        assertState("leased", "locked", "fixed");
        clock.advance(Duration.ofSeconds(1));
        assertState("expired", "unlocked", null);
        assertEquals(201, acquire(B, -1).status(), "an expired lease can be taken by another id");
        clock.advance(Duration.ofDays(3));
        assertEquals(200, lease("renew", "x-ms-lease-id", B).status());
        assertState("leased", "locked", "infinite");
    }

    @Test
    void acquiringWithTheCurrentIdRestartsTheLeaseWithTheNewDuration() {
        blob();
        acquire(A, 15);
        clock.advance(Duration.ofSeconds(10));
        assertEquals(201, acquire(A, 60).status());
        clock.advance(Duration.ofSeconds(59));
        assertState("leased", "locked", "fixed");
        assertEquals(201, acquire(A, -1).status());
        assertState("leased", "locked", "infinite");
    }

    @ParameterizedTest
    @CsvSource({
        // state, acquire(none), acquire(A), acquire(B)
        "available, 201, 201, 201",
        "leased, LeaseAlreadyPresent, 201, LeaseAlreadyPresent",
        "breaking, LeaseAlreadyPresent, LeaseIsBreakingAndCannotBeAcquired, LeaseAlreadyPresent",
        "broken, 201, 201, 201",
        "expired, 201, 201, 201",
    })
    void acquireFollowsTheOutcomeTable(final String state, final String none, final String sameId,
                                       final String otherId) {
        final String[] expected = {none, sameId, otherId};
        final String[] ids = {null, A, B};
        for (int i = 0; i < ids.length; i++) {
            engine.close();
            engine = StorageEngine.inMemory(StorageOptions.defaults().withClock(clock));
            blob();
            toState(state);
            final BlobResponse r = acquire(ids[i], 15);
            if ("201".equals(expected[i])) {
                assertEquals(201, r.status(), () -> state + ": " + text(r));
                final String id = r.headers().first("x-ms-lease-id");
                assertEquals(ids[i] == null ? id : ids[i], id);
                assertState("leased", "locked", "fixed");
            } else {
                assertError(409, expected[i], r);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        // state, renew(A), renew(B), change(A->B), change(B->A), change(B->C), release(A), release(B)
        "available, LeaseIdMismatchWithLeaseOperation, LeaseIdMismatchWithLeaseOperation,"
                + " LeaseNotPresentWithLeaseOperation, LeaseNotPresentWithLeaseOperation,"
                + " LeaseNotPresentWithLeaseOperation, LeaseIdMismatchWithLeaseOperation,"
                + " LeaseIdMismatchWithLeaseOperation",
        "leased, 200, LeaseIdMismatchWithLeaseOperation, 200, 200, LeaseIdMismatchWithLeaseOperation, 200,"
                + " LeaseIdMismatchWithLeaseOperation",
        "breaking, LeaseIsBrokenAndCannotBeRenewed, LeaseIdMismatchWithLeaseOperation,"
                + " LeaseIsBreakingAndCannotBeChanged, LeaseIsBreakingAndCannotBeChanged,"
                + " LeaseIdMismatchWithLeaseOperation, 200, LeaseIdMismatchWithLeaseOperation",
        "broken, LeaseIsBrokenAndCannotBeRenewed, LeaseIdMismatchWithLeaseOperation,"
                + " LeaseNotPresentWithLeaseOperation, LeaseNotPresentWithLeaseOperation,"
                + " LeaseNotPresentWithLeaseOperation, 200, LeaseIdMismatchWithLeaseOperation",
        "expired, 200, LeaseIdMismatchWithLeaseOperation, LeaseNotPresentWithLeaseOperation,"
                + " LeaseNotPresentWithLeaseOperation, LeaseNotPresentWithLeaseOperation, 200,"
                + " LeaseIdMismatchWithLeaseOperation",
    })
    void renewChangeAndReleaseFollowTheOutcomeTable(final String state, final String renewA, final String renewB,
                                                     final String changeAb, final String changeBa,
                                                     final String changeBc, final String releaseA,
                                                     final String releaseB) {
        final String[][] requests = {
            {"renew", "x-ms-lease-id", A},
            {"renew", "x-ms-lease-id", B},
            {"change", "x-ms-lease-id", A, "x-ms-proposed-lease-id", B},
            {"change", "x-ms-lease-id", B, "x-ms-proposed-lease-id", A},
            {"change", "x-ms-lease-id", B, "x-ms-proposed-lease-id", C},
            {"release", "x-ms-lease-id", A},
            {"release", "x-ms-lease-id", B},
        };
        final String[] expected = {renewA, renewB, changeAb, changeBa, changeBc, releaseA, releaseB};
        final String[] leaseIdAfter = {A, null, B, A, null, null, null};
        final String[] stateAfter = {"leased", null, "leased", "leased", null, "available", null};
        for (int i = 0; i < requests.length; i++) {
            engine.close();
            engine = StorageEngine.inMemory(StorageOptions.defaults().withClock(clock));
            blob();
            toState(state);
            final BlobResponse r = lease(requests[i][0],
                    Arrays.copyOfRange(requests[i], 1, requests[i].length));
            final String what = state + " " + String.join(" ", requests[i]);
            if ("200".equals(expected[i])) {
                assertEquals(200, r.status(), () -> what + ": " + text(r));
                assertEquals(leaseIdAfter[i], r.headers().first("x-ms-lease-id"), what);
                assertEquals(stateAfter[i], send(engine, "HEAD", BLOB, null).headers().first("x-ms-lease-state"),
                        what);
            } else {
                assertEquals(409, r.status(), what);
                assertEquals(expected[i], r.headers().first("x-ms-error-code"), what);
                assertEquals(state, send(engine, "HEAD", BLOB, null).headers().first("x-ms-lease-state"),
                        what + ": a refused lease operation changes nothing");
            }
        }
    }

    @Test
    void breakFollowsTheOutcomeTableAndItsPeriodOnlyShortens() {
        blob();
        assertError(409, "LeaseNotPresentWithLeaseOperation", lease("break"));
        // Infinite lease, no period: broken at once.
        acquire(A, -1);
        BlobResponse r = lease("break");
        assertEquals("0", r.headers().first("x-ms-lease-time"));
        assertState("broken", "unlocked", null);
        assertEquals(202, lease("break").status(), "breaking a broken lease is accepted");
        assertEquals(202, lease("break", "x-ms-lease-break-period", "0").status());
        assertEquals(200, lease("release", "x-ms-lease-id", A).status());

        // Fixed lease, no period: breaks when it would have expired.
        acquire(A, 40);
        clock.advance(Duration.ofSeconds(10));
        r = lease("break");
        assertEquals("30", r.headers().first("x-ms-lease-time"));
        assertState("breaking", "locked", null);
        assertError(412, "LeaseIdMissing", send(engine, "PUT", BLOB, "x", "x-ms-blob-type", "BlockBlob"));
        assertEquals(201, send(engine, "PUT", BLOB, "v2", "x-ms-blob-type", "BlockBlob", "x-ms-lease-id", A)
                .status(), "the holder may still write while the lease is breaking");
        assertState("breaking", "locked", null);
        // A longer period does not lengthen the break; a shorter one shortens it.
        assertEquals("30", lease("break", "x-ms-lease-break-period", "60").headers().first("x-ms-lease-time"));
        assertEquals("5", lease("break", "x-ms-lease-break-period", "5").headers().first("x-ms-lease-time"));
        assertEquals("5", lease("break").headers().first("x-ms-lease-time"), "no period leaves a break as it is");
        clock.advance(Duration.ofMillis(4_999));
        assertState("breaking", "locked", null);
        clock.advance(Duration.ofMillis(1));
        assertState("broken", "unlocked", null);
        assertEquals(201, send(engine, "PUT", BLOB, "v3", "x-ms-blob-type", "BlockBlob").status(),
                "a broken lease does not lock");
        assertState("available", "unlocked", null);

        // Fixed lease with a period longer than what is left: breaks at its expiry.
        acquire(B, 15);
        assertEquals("15", lease("break", "x-ms-lease-break-period", "50").headers().first("x-ms-lease-time"));
        // Breaking, period 0: broken at once. Expired, any break: broken.
        assertEquals("0", lease("break", "x-ms-lease-break-period", "0").headers().first("x-ms-lease-time"));
        assertState("broken", "unlocked", null);
        lease("release", "x-ms-lease-id", B);
        acquire(C, 15);
        clock.advance(Duration.ofSeconds(16));
        assertState("expired", "unlocked", null);
        assertEquals("0", lease("break", "x-ms-lease-break-period", "10").headers().first("x-ms-lease-time"));
        assertState("broken", "unlocked", null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"14", "61", "0", "-2", "abc", ""})
    void aLeaseDurationOutside15To60OrMinusOneIsInvalidHeaderValue(final String duration) {
        blob();
        assertError(400, "InvalidHeaderValue", lease("acquire", "x-ms-lease-duration", duration));
        assertState("available", "unlocked", null);
    }

    @Test
    void malformedLeaseRequestsAreRefusedWithTheirErrors() {
        blob();
        assertError(400, "MissingRequiredHeader", send(engine, "PUT", LEASE, null));
        assertError(400, "InvalidHeaderValue", lease("steal"));
        assertError(400, "MissingRequiredHeader", lease("acquire"));
        assertError(400, "InvalidHeaderValue", acquire("not-a-guid", 15));
        acquire(A, -1);
        assertError(400, "MissingRequiredHeader", lease("renew"));
        assertError(400, "MissingRequiredHeader", lease("release"));
        assertError(400, "MissingRequiredHeader", lease("change", "x-ms-lease-id", A));
        assertError(400, "InvalidHeaderValue", lease("break", "x-ms-lease-break-period", "61"));
        assertError(400, "InvalidHeaderValue", lease("break", "x-ms-lease-break-period", "-1"));
        assertError(404, "BlobNotFound", send(engine, "PUT", "/cont/none?comp=lease", null,
                "x-ms-lease-action", "acquire", "x-ms-lease-duration", "-1"));
        assertError(400, "InvalidQueryParameterValue", send(engine, "GET", LEASE, null));
        assertError(412, "ConditionNotMet", lease("release", "x-ms-lease-id", A, "If-Match", "\"0x1\""));
        assertState("leased", "locked", "infinite");
    }

    @Test
    void aLeaseSurvivesARestartOfTheFileStore() {
        engine.close();
        engine = StorageEngine.fileStore(dir, StorageOptions.defaults().withClock(clock));
        blob();
        acquire(A, 30);
        send(engine, "PUT", "/cont/c", "c", "x-ms-blob-type", "BlockBlob");
        send(engine, "PUT", "/cont/c?comp=lease", null, "x-ms-lease-action", "acquire", "x-ms-lease-duration",
                "-1", "x-ms-proposed-lease-id", B);
        send(engine, "PUT", "/cont/c?comp=lease", null, "x-ms-lease-action", "break",
                "x-ms-lease-break-period", "20");
        engine.close();
        engine = StorageEngine.fileStore(dir, StorageOptions.defaults().withClock(clock));
        assertState("leased", "locked", "fixed");
        assertError(412, "LeaseIdMissing", send(engine, "DELETE", BLOB, null));
        assertEquals("breaking", send(engine, "HEAD", "/cont/c", null).headers().first("x-ms-lease-state"));
        clock.advance(Duration.ofSeconds(20));
        assertEquals("broken", send(engine, "HEAD", "/cont/c", null).headers().first("x-ms-lease-state"));
        assertState("leased", "locked", "fixed");
        clock.advance(Duration.ofSeconds(10));
        assertState("expired", "unlocked", null);
        assertEquals(200, lease("release", "x-ms-lease-id", A).status());
        engine.close();
        engine = StorageEngine.fileStore(dir, StorageOptions.defaults().withClock(clock));
        assertState("available", "unlocked", null);
        assertNull(send(engine, "HEAD", BLOB, null).headers().first("x-ms-lease-duration"));
        assertNotNull(send(engine, "HEAD", "/cont/c", null).headers().first("ETag"));
    }
}
