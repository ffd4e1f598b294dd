package org.vmbussim.azblob.vsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vmbussim.azblob.vsc.AzureBlobDeviceTest.errnoOf;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmbussim.azblob.vsc.testing.HostRequest;
import org.vmbussim.core.requestor.RequestorTable;
import org.vmbussim.uapi.AzBlobRequestSync;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

/**
 * What a malicious or broken host can send back (RELIABILITY P1, P5, P6, Q1 to Q5, V7): unknown, zero,
 * sentinel, duplicate and late ids, short payloads, oversized lengths, the wrong packet type, silence.
 * None of it may complete the wrong request, corrupt another, or leak a page or an id.
 */
class HostileHostTest {
    private static final long SEED = 0xbadL;
    /** Marker in the user's response fields: still there means the driver did not write them. */
    private static final int UNTOUCHED = 0x5a5a5a5a;

    private final Random random = new Random(SEED);
    private final VscTestBed bed = new VscTestBed(new org.vmbussim.core.sched.DeterministicScheduler(SEED), 4096,
            AzureBlobConfig.builder().graceMillis(500));
    private VscTestBed.Hosted d;
    private Client c;

    @BeforeEach
    void open() {
        d = bed.addDevice("relid 1");
        c = bed.open(d.device());
    }

    @AfterEach
    void noLeaks() {
        bed.close();
    }

    /** A submitted request: its struct address and future; the host holds it. */
    private record Pending(long va, CompletableFuture<Long> future, HostRequest atHost) {
    }

    private Pending submit(final int responseLen) {
        final AzBlobRequestSync s = c.spec(random).response(responseLen, 0).data(64, 0, 0).build();
        final long va = c.place(new AzBlobRequestSync(s.guid(), s.timeout(), s.requestLen(), s.responseLen(),
                s.dataLen(), s.dataValid(), s.requestBuffer(), s.responseBuffer(), s.dataBuffer(), UNTOUCHED,
                UNTOUCHED));
        final int before = d.host().receivedCount();
        final CompletableFuture<Long> f = c.submit(va);
        bed.settle();
        assertEquals(before + 1, d.host().receivedCount());
        return new Pending(va, f, d.host().last());
    }

    private void assertUntouched(final Pending p) {
        assertEquals(UNTOUCHED, c.read(p.va()).responseStatus());
        assertEquals(UNTOUCHED, c.read(p.va()).responseResponseLen());
    }

    private void completeOk(final Pending p, final int status) {
        d.host().complete(p.atHost().transactionId(), 0, status, 3);
        bed.settle();
        assertEquals(0L, p.future().join());
        assertEquals(status, c.read(p.va()).responseStatus());
        assertEquals(3, c.read(p.va()).responseResponseLen());
    }

    @Test
    void idsThatNameNoRequestAreDroppedAndChangeNothing() {
        final Pending p = submit(256);
        assertEquals(1, p.atHost().transactionId(), "the first requestor id");
        final long pinned = bed.memory.pinnedPageCount();
        final long[] bogus = {0, 2, 1024, 1025, 999_999, RequestorTable.NO_REQUESTOR, RequestorTable.REQUEST_ERROR,
            RequestorTable.ID_NO_RESPONSE, -4L, Long.MIN_VALUE};
        for (final long id : bogus) {
            d.host().complete(id, 0, 0, 0);
        }
        bed.settle();
        assertFalse(p.future().isDone(), "no bogus id completed the request");
        assertUntouched(p);
        assertEquals(pinned, bed.memory.pinnedPageCount());
        assertEquals(1, d.channel().guest().requestor().inUse());
        assertEquals(bogus.length, d.device().statistics().droppedPackets());
        completeOk(p, 0);
    }

    @Test
    void aDuplicateCompletionIsDroppedAndNeverReachesTheNextRequest() {
        final Pending a = submit(256);
        final Pending b = submit(256);
        assertEquals(2, b.atHost().transactionId());
        d.host().complete(a.atHost().transactionId(), 0, 1, 3);
        d.host().complete(a.atHost().transactionId(), 0, 2, 3);
        bed.settle();
        assertEquals(0L, a.future().join());
        assertEquals(1, c.read(a.va()).responseStatus(), "the first completion wins");
        assertFalse(b.future().isDone());
        assertUntouched(b);
        assertEquals(1, d.device().statistics().droppedPackets());
        completeOk(b, 0);
        assertEquals(0, d.channel().guest().requestor().inUse());
    }

    @Test
    void aRequestTheHostNeverAnswersTimesOutAndStaysOrphanedUntilTheHostLetsGo() {
        final AzBlobRequestSync s = c.spec(random).timeout(100).build();
        final long va = c.place(s);
        final long start = bed.scheduler.nanoTime();
        final ErrnoException e = assertThrows(ErrnoException.class, () -> c.ioctl(va));
        assertEquals(Errno.ETIMEDOUT, e.errno());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(100 + 500), bed.scheduler.nanoTime() - start,
                "timeout plus grace on the scheduler's clock");
        // Orphaned: the host may still write the pages, so they stay pinned and the id stays taken.
        assertTrue(bed.memory.pinnedPageCount() > 0);
        assertEquals(1, d.channel().guest().requestor().inUse());
        final AzureBlobStatistics stats = d.device().statistics();
        assertEquals(1, stats.orphaned());
        assertEquals(1, stats.inFlight());
        assertEquals(1, stats.errnoCount(Errno.ETIMEDOUT));
        assertTrue(d.device().pendingRequestsListing().contains(s.guid().formatPUb()));

        // The late completion is accepted for bookkeeping only: pages back, id free, user struct untouched.
        d.host().complete(d.host().last().transactionId(), 0, 0, 0);
        bed.settle();
        assertEquals(0, bed.memory.pinnedPageCount());
        assertEquals(0, d.channel().guest().requestor().inUse());
        assertEquals(0, d.device().statistics().orphaned());
        assertEquals(0, c.read(va).responseStatus());
    }

    @Test
    void anAnswerAfterTheTimeoutButWithinTheGraceIsDelivered() {
        final long va = c.spec(random).timeout(100).place();
        d.host().script((host, request) -> host.completeLater(request.transactionId(), 42, 350,
                TimeUnit.MILLISECONDS));
        assertEquals(0, c.ioctl(va));
        assertEquals(42, c.read(va).responseStatus());
    }

    @Test
    void aTimeoutOfZeroUsesTheConfiguredDeadline() {
        final long va = c.spec(random).timeout(0).place();
        final long start = bed.scheduler.nanoTime();
        assertEquals(Errno.ETIMEDOUT, assertThrows(ErrnoException.class, () -> c.ioctl(va)).errno());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(AzureBlobConfig.DEFAULT_ZERO_TIMEOUT_MILLIS + 500),
                bed.scheduler.nanoTime() - start);
    }

    /** Payloads are padded to 8 on the wire, so 8 is the longest payload that is short (9 to 12 carry 16). */
    @ParameterizedTest(name = "payload of {0} bytes")
    @ValueSource(ints = {0, 1, 4, 8})
    void aCompletionShorterThanTheResponseIsEprotoForThatRequestOnly(final int payloadBytes) {
        final Pending bad = submit(256);
        final Pending good = submit(256);
        d.host().sendCompletionPayload(bad.atHost().transactionId(), new byte[payloadBytes]);
        bed.settle();
        assertEquals(Errno.EPROTO, errnoOf(bad.future()));
        assertUntouched(bad);
        assertFalse(good.future().isDone());
        assertUntouched(good);
        completeOk(good, 9);
        assertEquals(0, bed.memory.pinnedPageCount());
        assertEquals(1, d.device().statistics().errnoCount(Errno.EPROTO));
    }

    @Test
    void aResponseLengthBeyondTheBufferIsEproto() {
        final Pending huge = submit(256);
        d.host().complete(huge.atHost().transactionId(), 0, 0, -1);
        final Pending over = submit(256);
        d.host().complete(over.atHost().transactionId(), 0, 0, 257);
        bed.settle();
        assertEquals(Errno.EPROTO, errnoOf(huge.future()));
        assertEquals(Errno.EPROTO, errnoOf(over.future()));
        assertUntouched(huge);
        assertUntouched(over);
        final Pending exact = submit(256);
        d.host().complete(exact.atHost().transactionId(), 0, 0, 256);
        bed.settle();
        assertEquals(0L, exact.future().join());
        assertEquals(256, c.read(exact.va()).responseResponseLen(), "a full buffer is fine");
    }

    @Test
    void emsgsizeMayReportTheResponseSizeTheHeadNeeds() {
        final Pending p = submit(256);
        d.host().complete(p.atHost().transactionId(), 100_000, Errno.EMSGSIZE.value(), 5000);
        bed.settle();
        assertEquals(0L, p.future().join());
        assertEquals(Errno.EMSGSIZE.value(), c.read(p.va()).responseStatus());
        assertEquals(5000, c.read(p.va()).responseResponseLen(), "docs/fastpath-protocol.md: bytes needed");
    }

    @Test
    void aBodyLengthBeyondTheDataBufferIsEprotoWhenTheHostClaimsSuccess() {
        final Pending p = submit(256);
        d.host().complete(p.atHost().transactionId(), 65, 0, 0);
        bed.settle();
        assertEquals(Errno.EPROTO, errnoOf(p.future()));
    }

    @Test
    void aPacketOfTheWrongTypeIsNotACompletion() {
        final Pending p = submit(256);
        d.host().sendInBand(p.atHost().transactionId(), 5);
        bed.settle();
        assertFalse(p.future().isDone(), "an in-band packet's trans_id names nothing");
        assertUntouched(p);
        assertEquals(1, d.device().statistics().droppedPackets());
        completeOk(p, 0);
    }

    @Test
    void aFloodOfBogusCompletionsIsCountedButNotLoggedOneByOne() {
        final ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(AzureBlobDevice.class);
        final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> events =
                new ch.qos.logback.core.read.ListAppender<>();
        events.start();
        logger.addAppender(events);
        try {
            for (int i = 0; i < 500; i++) {
                d.host().complete(77_777 + i, 0, 0, 0);
                if (i % 50 == 0) {
                    bed.settle();
                }
            }
            bed.settle();
        } finally {
            logger.detachAppender(events);
        }
        assertEquals(500, d.device().statistics().droppedPackets());
        final long warnings = events.list.stream()
                .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN).count();
        assertEquals(RateLimitedLog.DEFAULT_BURST, warnings, "one burst per interval of scheduler time");
    }

    @Test
    void requestsWithTheSameUserGuidAreRoutedByRequestorIdNotByGuid() {
        final org.vmbussim.wire.Guid same = Client.randomGuid(random);
        final List<Long> vas = new java.util.ArrayList<>();
        final List<CompletableFuture<Long>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            final long va = c.spec(random).guid(same).place();
            vas.add(va);
            futures.add(c.submit(va));
        }
        bed.settle();
        final List<HostRequest> got = d.host().received();
        for (int i = got.size() - 1; i >= 0; i--) {
            d.host().complete(got.get(i).transactionId(), 0, 1000 + i, 0);
        }
        bed.settle();
        for (int i = 0; i < 20; i++) {
            assertEquals(0L, futures.get(i).join());
            assertEquals(1000 + i, c.read(vas.get(i)).responseStatus(), "request " + i + " got its own answer");
        }
    }
}
