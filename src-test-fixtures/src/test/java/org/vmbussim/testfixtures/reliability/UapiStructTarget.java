package org.vmbussim.testfixtures.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.vmbussim.azblob.vsc.AzureBlobDevice;
import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.azblob.vsp.store.StorageOptions;
import org.vmbussim.core.devfs.FileHandle;
import org.vmbussim.core.memory.HvPage;
import org.vmbussim.core.process.AddressSpace;
import org.vmbussim.core.process.Protection;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.testfixtures.bed.AzureBlobTestBed;
import org.vmbussim.uapi.AzBlobRequestSync;
import org.vmbussim.uapi.AzBlobRequestSyncLayout;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;
import org.vmbussim.uapi.Ioctl;
import org.vmbussim.wire.Guid;
import org.vmbussim.wire.MemoryAccessException;

/**
 * The uapi struct and the ioctl that reads it, through the whole stack: {@code az_blob_request_sync} with
 * random and mutated contents (lengths at the 32 MiB and 8192-page bounds, NULL, unmapped, wrapping and
 * overlapping pointers, a struct straddling the end of the mapping), a real request head in the request buffer
 * most of the time, and {@code ioctl(/dev/azure_blob)}, served by the real provider from an in-memory store.
 *
 * <p>Oracle per input: {@code AzBlobRequestSync.read} gives a record or {@link MemoryAccessException}; the ioctl
 * returns 0 or one of the errnos the driver documents for bad input; the process's memory changes only in the
 * response and data buffers and the struct's response fields, and only when the ioctl returned 0; no page
 * stays pinned, no requestor id stays in use, nothing stays in flight at either end.
 */
final class UapiStructTarget implements FuzzTarget {
    private static final int MAPPING_PAGES = 8;
    private static final Set<Errno> ALLOWED = EnumSet.of(Errno.EINVAL, Errno.EFAULT, Errno.ENOTTY);

    @Override
    public String name() {
        return "uapi-struct";
    }

    @Override
    public int epochLength() {
        return 10_000;
    }

    @Override
    public Harness newHarness() {
        return new UapiHarness();
    }

    private static final class UapiHarness implements Harness {
        private final StorageEngine store = StorageEngine.inMemory(StorageOptions.defaults().withoutAuthentication());
        private final AzureBlobTestBed bed = AzureBlobTestBed.builder().backend(store).memoryPages(2048).build();
        private final SimProcess process = bed.spawnProcess();
        private final FileHandle fd = bed.open(process, 0);
        private final AzureBlobDevice device = bed.devices().get(0);
        private final AddressSpace as = process.addressSpace();
        private final long mapping = as.mmap((long) MAPPING_PAGES * HvPage.PAGE_SIZE, Protection.READ_WRITE);
        private final long end = mapping + (long) MAPPING_PAGES * HvPage.PAGE_SIZE;
        private byte[] before = as.getBytes(mapping, MAPPING_PAGES * HvPage.PAGE_SIZE);
        private byte[] spare = new byte[MAPPING_PAGES * HvPage.PAGE_SIZE];

        UapiHarness() {
            final byte[] head = ("PUT /devstoreaccount1/" + HttpHeads.CONTAINER
                    + "?restype=container HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            as.putBytes(mapping + HvPage.PAGE_SIZE, head);
            new AzBlobRequestSync(Guid.NIL, 1000, head.length, 1024, 0, 0, mapping + HvPage.PAGE_SIZE,
                    mapping + 2 * HvPage.PAGE_SIZE, 0, 0, 0).write(as, mapping);
            assertEquals(0, fd.ioctl(process, Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST, mapping));
            assertEquals(0, AzBlobRequestSync.read(as, mapping).responseStatus(), "container created");
            before = as.getBytes(mapping, MAPPING_PAGES * HvPage.PAGE_SIZE);
        }

        @Override
        public String feed(final Random random) {
            final long struct = random.nextInt(20) == 0 ? end - 8 * (1 + random.nextInt(8))
                    : mapping + 8L * random.nextInt(2 * HvPage.PAGE_SIZE / 8);
            final long request = pointer(random);
            final byte[] head = HttpHeads.random(random, random.nextInt(200));
            if (random.nextInt(10) < 7 && request >= mapping && request <= end - head.length) {
                asUser(request, head);
            }
            final int dataLen = length(random);
            final AzBlobRequestSync valid = new AzBlobRequestSync(Guid.parse(String.format(
                    "{%08x-0000-4000-8000-000000000000}", random.nextInt())), random.nextInt(3) == 0 ? 0
                    : random.nextInt(5000), random.nextInt(4) == 0 ? length(random) : head.length, length(random),
                    dataLen, random.nextInt(4) == 0 ? length(random) : random.nextInt(Math.max(1, dataLen)),
                    request, pointer(random), pointer(random), 0x5a5a5a5a, 0x5a5a5a5a);
            byte[] bytes = valid.toBytes();
            if (random.nextInt(3) == 0) {
                bytes = java.util.Arrays.copyOf(Mutator.mutate(bytes, random, 3), AzBlobRequestSyncLayout.LENGTH);
            }
            final long written = Math.min(bytes.length, end - struct);
            asUser(struct, java.util.Arrays.copyOf(bytes, (int) written));
            AzBlobRequestSync parsed = null;
            try {
                parsed = AzBlobRequestSync.read(as, struct);
            } catch (final MemoryAccessException e) {
                assertTrue(written < AzBlobRequestSyncLayout.LENGTH, "the struct was wholly mapped: " + e);
            }
            final int command = random.nextInt(50) == 0 ? random.nextInt() : Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST;
            String outcome;
            long result;
            try {
                result = fd.ioctl(process, command, struct);
                assertEquals(0, result);
                outcome = "ok";
            } catch (final ErrnoException e) {
                assertTrue(ALLOWED.contains(e.errno()), "unexpected errno " + e.errno() + ": " + e.getMessage());
                outcome = e.errno().name();
                result = -1;
            }
            final byte[] after = spare;
            as.getBytes(mapping, after, 0, after.length);
            final List<long[]> allowed = new ArrayList<>();
            if (result == 0) {
                allowed.add(new long[] {struct + AzBlobRequestSyncLayout.RESPONSE_STATUS_OFFSET,
                    AzBlobRequestSyncLayout.RESPONSE_LENGTH});
                allowed.add(new long[] {parsed.responseBuffer(), Integer.toUnsignedLong(parsed.responseLen())});
                allowed.add(new long[] {parsed.dataBuffer(), Integer.toUnsignedLong(parsed.dataLen())});
            }
            for (int i = java.util.Arrays.mismatch(before, after); i >= 0 && i < after.length;
                    i = nextMismatch(before, after, i + 1)) {
                if (!inside(allowed, mapping + i)) {
                    throw new AssertionError("byte at va 0x" + Long.toHexString(mapping + i) + " changed by "
                            + (result == 0 ? "a request outside its response and data buffers" : "a failed ioctl")
                            + "; struct " + parsed);
                }
            }
            spare = before;
            before = after;
            assertEquals(0, bed.vm().memory().pinnedPageCount(), "pinned pages after the ioctl returned");
            assertEquals(0, device.channel().requestor().inUse(), "requestor ids after the ioctl returned");
            return outcome;
        }

        private static int nextMismatch(final byte[] a, final byte[] b, final int from) {
            final int at = java.util.Arrays.mismatch(a, from, a.length, b, from, b.length);
            return at < 0 ? -1 : from + at;
        }

        private static boolean inside(final List<long[]> ranges, final long va) {
            for (final long[] r : ranges) {
                if (va - r[0] >= 0 && va - r[0] < r[1]) {
                    return true;
                }
            }
            return false;
        }

        /** The process writes its own memory (the expectation follows). */
        private void asUser(final long va, final byte[] bytes) {
            as.putBytes(va, bytes);
            System.arraycopy(bytes, 0, before, (int) (va - mapping), bytes.length);
        }

        private long pointer(final Random random) {
            switch (random.nextInt(12)) {
                case 0:
                    return 0;
                case 1:
                    return mapping - HvPage.PAGE_SIZE + random.nextInt(HvPage.PAGE_SIZE);
                case 2:
                    return end - random.nextInt(64);
                case 3:
                    return Mutator.interesting(random);
                default:
                    return mapping + HvPage.PAGE_SIZE + random.nextInt((MAPPING_PAGES - 1) * HvPage.PAGE_SIZE);
            }
        }

        private static int length(final Random random) {
            switch (random.nextInt(8)) {
                case 0:
                    return 0;
                case 1:
                    return (int) Mutator.interesting(random);
                case 2:
                    return 32 * 1024 * 1024 + random.nextInt(3) - 1;
                default:
                    return 1 + random.nextInt(3 * HvPage.PAGE_SIZE);
            }
        }

        @Override
        public void close() {
            try {
                assertEquals(0, device.statistics().inFlight(), "requests in flight at the guest");
                assertEquals(0, bed.provider().channels().get(0).statistics().inFlight(), "in flight at the host");
            } finally {
                fd.close();
                bed.close();
                store.close();
            }
        }
    }
}
