package org.vmbussim.azblob.vsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmbussim.azblob.vsc.testing.ScriptedHost;
import org.vmbussim.core.process.Credentials;
import org.vmbussim.core.process.Protection;
import org.vmbussim.uapi.AzBlobRequestSync;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

/**
 * Every errno of the user request path, in the seed's order (VMBUS-REFERENCE.md §5.6): each case breaks
 * one check and, where it can, every later one too, so the earliest check must be the one that answers.
 * After each refusal: nothing pinned, nothing sent, the errno counted.
 */
class RequestChecksTest {
    private static final long SEED = 0x5eedL;
    /** Mapped by nobody: mmap places mappings top-down far above it. */
    private static final long UNMAPPED = 0x20_0000L;
    private static final int MAX = 8192 * 4096;

    private final Random random = new Random(SEED);
    private final VscTestBed bed = VscTestBed.deterministic(SEED);
    private VscTestBed.Hosted d;
    private Client c;

    @BeforeEach
    void open() {
        d = bed.addDevice("relid 1");
        d.host().script(ScriptedHost.Script.status(0));
        c = bed.open(d.device());
    }

    @AfterEach
    void noLeaks() {
        bed.close();
    }

    private void assertRefused(final long structVa, final Errno expected) {
        final long before = d.device().statistics().errnoCount(expected);
        final ErrnoException e = assertThrows(ErrnoException.class, () -> c.ioctl(structVa));
        assertEquals(expected, e.errno(), e.getMessage());
        assertEquals(0, bed.memory.pinnedPageCount(), "nothing left pinned");
        assertEquals(0, d.host().receivedCount(), "nothing sent");
        assertEquals(before + 1, d.device().statistics().errnoCount(expected), "errno counted");
        assertEquals(0, d.channel().guest().requestor().inUse(), "no requestor id held");
    }

    /** Lengths and addresses that break every length check and every pin. */
    private AzBlobRequestSync everythingWrong(final int requestLen, final int responseLen) {
        return new AzBlobRequestSync(Client.randomGuid(random), 10, requestLen, responseLen, 10, 11, UNMAPPED,
                UNMAPPED, UNMAPPED, 0, 0);
    }

    @Test
    void removingComesFirst() {
        final long va = c.place(everythingWrong(0, 0));
        c.process.setCredentials(Credentials.of(0, 0));
        d.device().beginRemove();
        final ErrnoException e = assertThrows(ErrnoException.class, () -> c.ioctl(va));
        assertEquals(Errno.ENODEV, e.errno());
        assertEquals(0, d.host().receivedCount());
    }

    @Test
    void changedCredentialsComeBeforeReadingTheStruct() {
        c.process.setCredentials(Credentials.of(1000, 1000));
        assertRefused(UNMAPPED, Errno.EACCES);
    }

    @Test
    void credentialsAreComparedByIdentityAndThreadsShareThem() {
        final var thread = c.process.spawnThread();
        final long va = c.spec(random).place();
        assertEquals(0, c.handle.ioctl(thread, org.vmbussim.uapi.Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST, va),
                "a thread started with the same credentials object");
        // Same ids, new object: Linux's f_cred == current_cred() fails too.
        c.process.setCredentials(Credentials.of(1000, 1000));
        final long next = c.spec(random).place();
        final ErrnoException e = assertThrows(ErrnoException.class, () -> c.ioctl(next));
        assertEquals(Errno.EACCES, e.errno());
    }

    @Test
    void anUnreadableStructIsEfault() {
        assertRefused(UNMAPPED, Errno.EFAULT);
    }

    @Test
    void aStructRunningIntoAnUnmappedPageIsEfault() {
        final long page = c.map(4096);
        assertRefused(page + 4096 - 71, Errno.EFAULT);
    }

    @Test
    void aZeroRequestLengthIsEinvalBeforeAnyOtherLengthOrPin() {
        assertRefused(c.place(everythingWrong(0, MAX + 1)), Errno.EINVAL);
    }

    @Test
    void aZeroResponseLengthIsEinval() {
        assertRefused(c.place(everythingWrong(MAX + 1, 0)), Errno.EINVAL);
    }

    @Test
    void dataValidBeyondDataLengthIsEinvalBeforeTheLengthCap() {
        assertRefused(c.place(everythingWrong(MAX + 1, MAX + 1)), Errno.EINVAL);
        assertEquals(1, d.device().statistics().errnoCount(Errno.EINVAL));
    }

    @ParameterizedTest(name = "buffer {0} one byte over 32 MiB")
    @ValueSource(ints = {0, 1, 2})
    void aBufferOverThirtyTwoMebibytesIsEinvalBeforePinning(final int which) {
        final int[] lengths = {1, 1, 0};
        lengths[which] = MAX + 1;
        assertRefused(c.place(new AzBlobRequestSync(Client.randomGuid(random), 10, lengths[0], lengths[1],
                lengths[2], 0, UNMAPPED, UNMAPPED, UNMAPPED, 0, 0)), Errno.EINVAL);
    }

    @Test
    void aDataLengthOfZeroLeavesDataValidUnchecked() {
        final AzBlobRequestSync s = c.spec(random).build();
        final long va = c.place(new AzBlobRequestSync(s.guid(), 10, s.requestLen(), s.responseLen(), 0, 99,
                s.requestBuffer(), s.responseBuffer(), UNMAPPED, 0, 0));
        assertEquals(0, c.ioctl(va));
    }

    @Test
    void moreThan8192PagesInTotalIsEinvalBeforeAnythingIsPinned() {
        // 4096 + 4096 + 1 pages at unmapped addresses: the seed would have answered EFAULT (pin first);
        // the page total is computed from (address, length) alone and answers first.
        assertRefused(c.place(new AzBlobRequestSync(Client.randomGuid(random), 10, 4096 * 4096, 4096 * 4096, 1, 0,
                UNMAPPED, UNMAPPED, UNMAPPED, 0, 0)), Errno.EINVAL);
    }

    @Test
    void aMidPageStartCountsTheExtraPage() {
        // 8190 + 1 + 1 pages when aligned; starting the request buffer one byte into its page makes it 8193.
        assertRefused(c.place(new AzBlobRequestSync(Client.randomGuid(random), 10, 4096, 4096, 8190 * 4096, 0,
                UNMAPPED + 1, UNMAPPED, UNMAPPED, 0, 0)), Errno.EINVAL);
        // Exactly 8192 passes the length checks and then fails on the unmapped pages.
        assertRefused(c.place(new AzBlobRequestSync(Client.randomGuid(random), 10, 4096, 4096, 8190 * 4096, 0,
                UNMAPPED, UNMAPPED, UNMAPPED, 0, 0)), Errno.EFAULT);
    }

    @Test
    void anUnmappedRequestBufferIsEfault() {
        final AzBlobRequestSync s = c.spec(random).build();
        assertRefused(c.place(new AzBlobRequestSync(s.guid(), 10, 64, s.responseLen(), 0, 0, UNMAPPED,
                s.responseBuffer(), 0, 0, 0)), Errno.EFAULT);
    }

    @Test
    void aReadOnlyResponseBufferIsEfaultAndTheRequestPinIsReleased() {
        final Client.Spec spec = c.spec(random);
        final long va = spec.place();
        c.space().mprotect(spec.responseVa & ~0xfffL, 4096, Protection.READ_ONLY);
        assertRefused(va, Errno.EFAULT);
    }

    @Test
    void aReadOnlyDataBufferIsEfaultBecauseTheHostWritesIt() {
        final Client.Spec spec = c.spec(random).data(100, 10, 0);
        final long va = spec.place();
        c.space().mprotect(spec.dataVa, 4096, Protection.READ_ONLY);
        assertRefused(va, Errno.EFAULT);
    }

    @Test
    void aReadOnlyRequestBufferIsFineBecauseTheHostOnlyReadsIt() {
        final Client.Spec spec = c.spec(random);
        final long va = spec.place();
        c.space().mprotect(spec.requestVa & ~0xfffL, 4096, Protection.READ_ONLY);
        assertEquals(0, c.ioctl(va));
        assertEquals(0, bed.memory.pinnedPageCount());
    }

    @Test
    void aDataBufferRunningIntoAHoleIsEfaultWithNothingLeftPinned() {
        final long base = c.map(3 * 4096);
        final long va = c.spec(random).data(3 * 4096 - 0x10, 1, 0).at(0, 0, base + 0x10).place();
        // The hole comes last, so no mapping made for the request can fill it.
        c.space().munmap(base + 2 * 4096, 4096);
        assertRefused(va, Errno.EFAULT);
    }

    @Test
    void aRescindedChannelGivesTheSendErrorEnodev() {
        d.channel().guest().rescind();
        assertRefused(c.spec(random).place(), Errno.ENODEV);
    }

    @Test
    void aReleasedFileIsEbadf() {
        final long va = c.spec(random).place();
        c.handle.close();
        final ErrnoException e = assertThrows(ErrnoException.class, () -> c.ioctl(va));
        assertEquals(Errno.EBADF, e.errno(), "the handle layer refuses a closed descriptor");
    }
}
