package org.vmbussim.testfixtures.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.azblob.vsp.store.StorageOptions;
import org.vmbussim.azblob.vsp.store.file.FilePersistence;
import org.vmbussim.azblob.vsp.store.file.FileStoreFaults;
import org.vmbussim.core.devfs.FileHandle;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.testfixtures.bed.AzureBlobTestBed;

/**
 * Crash consistency of the file store through the whole stack: a process writes through {@code /dev/azure_blob}
 * (overwrites of two blobs, a new blob, a delete); a crash is injected at step k of the store's durable writes
 * (every temporary write, fsync, rename, directory fsync and clean-up; {@link FileStoreFaults}), for every k;
 * then the host restarts (a new provider on a new file store over the same directory) and a process reads every
 * blob back through the device: each is its old or its new content, never torn, and every write the process
 * saw acknowledged (201 or 202) is there.
 */
class CrashConsistencyTest {
    private static final Logger LOG = LoggerFactory.getLogger(CrashConsistencyTest.class);
    private static final StorageOptions OPTIONS = StorageOptions.defaults().withoutAuthentication();
    private static final byte[] OLD_A = bytes("old a", 5000);
    private static final byte[] NEW_A = bytes("new a", 9000);
    private static final byte[] OLD_B = bytes("old b", 100);
    private static final byte[] NEW_B = bytes("new b", 70_000);
    private static final byte[] NEW_C = bytes("new c", 3000);
    private static final byte[] OLD_D = bytes("old d", 10);

    private static byte[] bytes(final String seed, final int length) {
        final byte[] b = new byte[length];
        final byte[] s = seed.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (s[i % s.length] + i / s.length);
        }
        return b;
    }

    @Test
    void aCrashAtEveryStepOfAWriteLeavesEveryBlobOldOrNewAndKeepsEveryAcknowledgedWrite(@TempDir final Path base)
            throws IOException {
        final AtomicInteger steps = new AtomicInteger();
        final Path probe = base.resolve("probe");
        seed(probe);
        workload(probe, (step, file) -> steps.incrementAndGet());
        assertTrue(steps.get() > 10, "the workload passes through many durable steps: " + steps.get());
        int passed = 0;
        for (int crashAt = 1; crashAt <= steps.get(); crashAt++) {
            final Path dir = base.resolve("crash" + crashAt);
            seed(dir);
            final int target = crashAt;
            final AtomicInteger calls = new AtomicInteger();
            final List<String> where = new ArrayList<>();
            final boolean[] acked = workload(dir, (step, file) -> {
                if (calls.incrementAndGet() >= target) {
                    where.add(step + " " + file.getFileName());
                    throw new IOException("injected crash at " + step);
                }
            });
            final String context = "crash at step " + crashAt + " (" + where.stream().findFirst().orElse("") + ")";
            try (Restarted r = new Restarted(dir)) {
                final byte[] a = r.get("a");
                final byte[] b = r.get("b");
                final byte[] c = r.get("c");
                final byte[] d = r.get("d");
                assertTrue(Arrays.equals(OLD_A, a) || Arrays.equals(NEW_A, a), context + ": a torn");
                assertTrue(Arrays.equals(OLD_B, b) || Arrays.equals(NEW_B, b), context + ": b torn");
                assertTrue(c == null || Arrays.equals(NEW_C, c), context + ": c torn");
                assertTrue(d == null || Arrays.equals(OLD_D, d), context + ": d torn");
                if (acked[0]) {
                    assertArrayEquals(NEW_A, a, context + ": acknowledged write of a lost");
                }
                if (acked[1]) {
                    assertArrayEquals(NEW_B, b, context + ": acknowledged write of b lost");
                }
                if (acked[2]) {
                    assertArrayEquals(NEW_C, c, context + ": acknowledged write of c lost");
                }
                if (acked[3]) {
                    assertNull(d, context + ": acknowledged delete of d lost");
                }
            }
            passed++;
        }
        LOG.info("crash consistency: {} crash points (every durable step of the workload), {} passed", steps.get(),
                passed);
    }

    private static void seed(final Path dir) throws IOException {
        try (Session s = new Session(new StorageEngine(FilePersistence.open(dir), OPTIONS))) {
            assertEquals(201, s.put("PUT /devstoreaccount1/" + UserRequests.CONTAINER + "?restype=container",
                    new byte[0]));
            assertEquals(201, s.putBlob("a", OLD_A));
            assertEquals(201, s.putBlob("b", OLD_B));
            assertEquals(201, s.putBlob("d", OLD_D));
        }
    }

    /** Overwrite a, overwrite b, create c, delete d; which were acknowledged. The crashed store is abandoned. */
    private static boolean[] workload(final Path dir, final FileStoreFaults faults) throws IOException {
        final StorageEngine crashing = new StorageEngine(FilePersistence.open(dir, faults), OPTIONS);
        final Session s = new Session(crashing);
        try {
            return new boolean[] {s.putBlob("a", NEW_A) == 201, s.putBlob("b", NEW_B) == 201,
                s.putBlob("c", NEW_C) == 201, s.put("DELETE /devstoreaccount1/" + UserRequests.CONTAINER + "/d",
                        new byte[0]) == 202};
        } finally {
            // As after a power cut only the disk remains: the bed goes, the crashed store is not closed.
            s.bed.close();
        }
    }

    /** A guest with one process and the device, on a store. */
    private static class Session implements AutoCloseable {
        final StorageEngine store;
        final AzureBlobTestBed bed;
        final SimProcess process;
        final FileHandle fd;
        final UserRequests.Buffers buffers;

        Session(final StorageEngine store) {
            this.store = store;
            this.bed = AzureBlobTestBed.builder().backend(store).vpciShadow(false).memoryPages(4096).build();
            this.process = bed.spawnProcess();
            this.fd = bed.open(process, 0);
            this.buffers = UserRequests.Buffers.map(process, 128 * 1024);
        }

        int put(final String requestLine, final byte[] body) {
            buffers.prepare(UserRequests.head(requestLine, body.length), body, 5000);
            assertEquals(0L, bed.await(buffers.submit(fd)));
            return buffers.answer()[2];
        }

        int putBlob(final String name, final byte[] body) {
            buffers.prepare(UserRequests.putBlob(name, body.length), body, 5000);
            assertEquals(0L, bed.await(buffers.submit(fd)));
            return buffers.answer()[2];
        }

        byte[] get(final String name) {
            buffers.prepare(UserRequests.head("GET /devstoreaccount1/" + UserRequests.CONTAINER + "/" + name, 0),
                    new byte[0], 5000);
            assertEquals(0L, bed.await(buffers.submit(fd)));
            final int[] answer = buffers.answer();
            if (answer[2] == 404) {
                return null;
            }
            assertEquals(200, answer[2], "GET " + name);
            final String head = new String(process.addressSpace().getBytes(buffers.response(), answer[1]),
                    StandardCharsets.US_ASCII);
            int length = -1;
            for (final String line : head.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            return process.addressSpace().getBytes(buffers.data(), length);
        }

        @Override
        public void close() {
            bed.close();
            store.close();
        }
    }

    /** The host after the restart: a new provider on a new file store over the same directory. */
    private static final class Restarted extends Session {
        Restarted(final Path dir) throws IOException {
            super(new StorageEngine(FilePersistence.open(dir, FileStoreFaults.NONE), OPTIONS));
        }
    }
}
