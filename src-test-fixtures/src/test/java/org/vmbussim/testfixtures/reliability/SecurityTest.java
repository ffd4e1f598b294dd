package org.vmbussim.testfixtures.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.azblob.vsp.store.StorageOptions;
import org.vmbussim.core.devfs.FileHandle;
import org.vmbussim.core.memory.HvPage;
import org.vmbussim.core.process.AddressSpace;
import org.vmbussim.core.process.Credentials;
import org.vmbussim.core.process.Protection;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.core.sched.DeterministicScheduler;
import org.vmbussim.testfixtures.bed.AzureBlobTestBed;
import org.vmbussim.uapi.AzBlobRequestSync;
import org.vmbussim.uapi.AzBlobRequestSyncLayout;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;
import org.vmbussim.uapi.Ioctl;
import org.vmbussim.wire.Guid;

/**
 * The security properties of the whole stack (RELIABILITY V1, V4, P4, P6, S2 b): what a hostile host can make
 * the guest write, what a process can make the guest send, and who may use a file handle.
 */
class SecurityTest {
    private static final byte CANARY = (byte) 0xC5;
    private static final int PAGES = 7;

    /** A bed whose host is hostile: it reads requests but never answers them itself. */
    static AzureBlobTestBed hostileBed(final AtomicReference<InterceptingHostModel> host) {
        return AzureBlobTestBed.builder().vpciShadow(false).memoryPages(4096)
                .backend(StorageEngine.inMemory(StorageOptions.defaults().withoutAuthentication()))
                .hostModel(m -> {
                    final InterceptingHostModel model = new InterceptingHostModel(m);
                    model.silence();
                    host.set(model);
                    return model;
                }).build();
    }

    /**
     * Pages: 0 canary, 1 struct (at offset 1000, canary around it), 2 canary, 3 request, 4 response, 5 data,
     * 6 canary; every byte a canary but the request head.
     */
    private static long mapWithCanaries(final SimProcess p) {
        final AddressSpace as = p.addressSpace();
        final long base = as.mmap((long) PAGES * HvPage.PAGE_SIZE, Protection.READ_WRITE);
        final byte[] fill = new byte[PAGES * HvPage.PAGE_SIZE];
        Arrays.fill(fill, CANARY);
        as.putBytes(base, fill);
        final byte[] head = UserRequests.head("GET /devstoreaccount1/c/b", 0).getBytes(StandardCharsets.US_ASCII);
        as.putBytes(base + 3 * HvPage.PAGE_SIZE, head);
        new AzBlobRequestSync(Guid.NIL, 1000, head.length, 100, 200, 0, base + 3 * HvPage.PAGE_SIZE,
                base + 4 * HvPage.PAGE_SIZE + 50, base + 5 * HvPage.PAGE_SIZE + 30, 0x5a5a5a5a, 0x5a5a5a5a)
                .write(as, base + HvPage.PAGE_SIZE + 1000);
        return base;
    }

    @Test
    void aHostileHostCannotMakeTheGuestWriteOutsideTheStructsResponseFields() {
        final AtomicReference<InterceptingHostModel> host = new AtomicReference<>();
        try (AzureBlobTestBed bed = hostileBed(host)) {
            final SimProcess p = bed.spawnProcess();
            final FileHandle fd = bed.open(p, 0);
            final long base = mapWithCanaries(p);
            final long struct = base + HvPage.PAGE_SIZE + 1000;
            final AddressSpace as = p.addressSpace();
            final byte[] before = as.getBytes(base, PAGES * HvPage.PAGE_SIZE);
            final DeterministicScheduler scheduler = (DeterministicScheduler) bed.scheduler();
            // Lengths beyond both buffers: the request fails and the guest writes nothing at all.
            final CompletableFuture<Long> first = fd.submit(p, Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST, struct);
            scheduler.runUntilIdle();
            final long id = host.get().seenIds().get(host.get().seenIds().size() - 1);
            host.get().complete(id, 0, 0x7fff_ffff, 0x7fff_ffff, 12);
            scheduler.runUntilIdle();
            final CompletionException e = assertThrows(CompletionException.class, first::join);
            assertEquals(Errno.EPROTO, ((ErrnoException) e.getCause()).errno());
            assertArrayEquals(before, as.getBytes(base, PAGES * HvPage.PAGE_SIZE), "nothing written");
            // A whole answer: only status and response_len change, whatever else the host claims.
            final CompletableFuture<Long> second = fd.submit(p, Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST, struct);
            scheduler.runUntilIdle();
            host.get().complete(host.get().seenIds().get(host.get().seenIds().size() - 1), 7, 100, 200, 64);
            scheduler.runUntilIdle();
            assertEquals(0L, second.join());
            final byte[] after = as.getBytes(base, PAGES * HvPage.PAGE_SIZE);
            final int at = HvPage.PAGE_SIZE + 1000 + AzBlobRequestSyncLayout.RESPONSE_STATUS_OFFSET;
            for (int i = 0; i < after.length; i++) {
                if (i < at || i >= at + AzBlobRequestSyncLayout.RESPONSE_LENGTH) {
                    assertEquals(before[i], after[i], "byte " + i + " of the mapping");
                }
            }
            assertEquals(7, AzBlobRequestSync.read(as, struct).responseStatus());
            assertEquals(100, AzBlobRequestSync.read(as, struct).responseResponseLen());
            assertEquals(0, bed.vm().memory().pinnedPageCount());
        }
    }

    @Test
    void aProcessCanNameOnlyItsOwnPagesAndNeverAnotherProcesss() {
        final AtomicReference<InterceptingHostModel> host = new AtomicReference<>();
        try (AzureBlobTestBed bed = hostileBed(host)) {
            final SimProcess victim = bed.spawnProcess();
            victim.addressSpace().mmap(16L * HvPage.PAGE_SIZE, Protection.READ_WRITE);
            final long secret = victim.addressSpace().mmap(HvPage.PAGE_SIZE, Protection.READ_WRITE);
            victim.addressSpace().putBytes(secret, "secret".getBytes(StandardCharsets.US_ASCII));
            final long secretPfn = victim.addressSpace().translate(secret);
            final SimProcess attacker = bed.spawnProcess();
            final FileHandle fd = bed.open(attacker, 0);
            final long base = mapWithCanaries(attacker);
            final long struct = base + HvPage.PAGE_SIZE + 1000;
            final AzBlobRequestSync own = AzBlobRequestSync.read(attacker.addressSpace(), struct);
            for (final long pointer : new long[] {secret, secret + 100}) {
                // The victim's address is not mapped in the attacker's address space: EFAULT, nothing sent.
                new AzBlobRequestSync(Guid.NIL, 1000, own.requestLen(), 100, 200, 0, pointer, own.responseBuffer(),
                        own.dataBuffer(), 0, 0).write(attacker.addressSpace(), struct);
                final ErrnoException e = assertThrows(ErrnoException.class,
                        () -> fd.ioctl(attacker, Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST, struct));
                assertEquals(Errno.EFAULT, e.errno());
            }
            assertTrue(host.get().seenPfns().isEmpty(), "nothing was sent");
            own.write(attacker.addressSpace(), struct);
            fd.submit(attacker, Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST, struct);
            ((DeterministicScheduler) bed.scheduler()).runUntilIdle();
            final Set<Long> attackerPages = new HashSet<>();
            for (int i = 3; i <= 5; i++) {
                attackerPages.add(attacker.addressSpace().translate(base + (long) i * HvPage.PAGE_SIZE));
            }
            assertFalse(host.get().seenPfns().isEmpty());
            assertTrue(attackerPages.containsAll(host.get().seenPfns()), "the host saw only the caller's buffers");
            assertFalse(host.get().seenPfns().contains(secretPfn));
        }
    }

    @Test
    void aHandleIsUselessAfterItsProcessChangesCredentialsButANewOpenWorks() {
        try (AzureBlobTestBed bed = AzureBlobTestBed.builder().vpciShadow(false).memoryPages(4096).build()) {
            final SimProcess p = bed.spawnProcess();
            final FileHandle fd = bed.open(p, 0);
            final long struct = mapWithCanaries(p) + HvPage.PAGE_SIZE + 1000;
            p.setCredentials(Credentials.of(0, 0));
            for (int i = 0; i < 3; i++) {
                final ErrnoException e = assertThrows(ErrnoException.class,
                        () -> fd.ioctl(p, Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST, struct));
                assertEquals(Errno.EACCES, e.errno());
                final CompletionException async = assertThrows(CompletionException.class,
                        () -> fd.submit(p, Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST, struct).join());
                assertEquals(Errno.EACCES, ((ErrnoException) async.getCause()).errno());
            }
            final SimProcess thread = p.spawnThread();
            assertEquals(Errno.EACCES, assertThrows(ErrnoException.class,
                    () -> fd.ioctl(thread, Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST, struct)).errno(),
                    "a thread has the new credentials too");
            final FileHandle reopened = bed.open(p, 0);
            assertEquals(0L, reopened.ioctl(p, Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST, struct));
            assertEquals(0, bed.devices().get(0).statistics().inFlight());
        }
    }

    @Test
    void anotherProcessCannotUseAHandleButAThreadOfTheOpenerCan() {
        try (AzureBlobTestBed bed = AzureBlobTestBed.builder().vpciShadow(false).memoryPages(4096).build()) {
            final SimProcess owner = bed.spawnProcess();
            final FileHandle fd = bed.open(owner, 0);
            final long ownerStruct = mapWithCanaries(owner) + HvPage.PAGE_SIZE + 1000;
            final SimProcess other = bed.spawnProcess();
            final long otherStruct = mapWithCanaries(other) + HvPage.PAGE_SIZE + 1000;
            final long submittedBefore = bed.devices().get(0).statistics().requestsSubmitted();
            assertEquals(Errno.EBADF, assertThrows(ErrnoException.class,
                    () -> fd.ioctl(other, Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST, otherStruct)).errno());
            assertEquals(Errno.EBADF, ((ErrnoException) assertThrows(CompletionException.class,
                    () -> fd.submit(other, Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST, otherStruct).join()).getCause())
                    .errno());
            assertEquals(submittedBefore, bed.devices().get(0).statistics().requestsSubmitted(),
                    "the driver never saw the foreign calls");
            assertEquals(0L, fd.ioctl(owner.spawnThread(), Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST, ownerStruct));
            fd.close();
            assertEquals(Errno.EBADF, assertThrows(ErrnoException.class,
                    () -> fd.ioctl(owner, Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST, ownerStruct)).errno());
            assertNotEquals(owner.tgid(), other.tgid());
        }
    }
}
