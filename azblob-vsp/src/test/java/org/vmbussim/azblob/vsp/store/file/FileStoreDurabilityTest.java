package org.vmbussim.azblob.vsp.store.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vmbussim.azblob.vsp.store.Requests.send;
import static org.vmbussim.azblob.vsp.store.Requests.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmbussim.azblob.vsp.backend.BlobResponse;
import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.azblob.vsp.store.StorageOptions;

class FileStoreDurabilityTest {
    private static final StorageOptions OPTIONS = StorageOptions.defaults();

    private static StorageEngine open(final Path dir, final FileStoreFaults faults) throws IOException {
        return new StorageEngine(FilePersistence.open(dir, faults), OPTIONS);
    }

    @Test
    void blobsBlocksAndMetadataSurviveARestart(@TempDir final Path dir) throws IOException {
        try (StorageEngine engine = open(dir, FileStoreFaults.NONE)) {
            assertEquals(201, send(engine, "PUT", "/box1?restype=container", null, "x-ms-meta-k", "v").status());
            assertEquals(201, send(engine, "PUT", "/box1/a%2Fb", "persisted", "x-ms-blob-type", "BlockBlob",
                    "x-ms-meta-m", "1").status());
            assertEquals(201, send(engine, "PUT", "/box1/big?comp=block&blockid=QUFBQQ%3D%3D", "part-1").status());
        }
        try (StorageEngine engine = open(dir, FileStoreFaults.NONE)) {
            final BlobResponse get = send(engine, "GET", "/box1/a/b", null);
            assertEquals(200, get.status());
            assertEquals("persisted", text(get));
            assertEquals("1", get.headers().first("x-ms-meta-m"));
            assertEquals("v", send(engine, "GET", "/box1?restype=container", null).headers().first("x-ms-meta-k"));
            assertTrue(text(send(engine, "GET", "/box1/big?comp=blocklist&blocklisttype=uncommitted", null))
                    .contains("<Name>QUFBQQ==</Name><Size>6</Size>"));
            assertEquals(201, send(engine, "PUT", "/box1/big?comp=blocklist", "<BlockList><Latest>QUFBQQ==</Latest>"
                    + "</BlockList>").status());
        }
        try (StorageEngine engine = open(dir, FileStoreFaults.NONE)) {
            assertEquals("part-1", text(send(engine, "GET", "/box1/big", null)));
            assertTrue(text(send(engine, "GET", "/box1/big?comp=blocklist&blocklisttype=all", null))
                    .contains("<UncommittedBlocks/>"));
            assertEquals(202, send(engine, "DELETE", "/box1?restype=container", null).status());
        }
        try (StorageEngine engine = open(dir, FileStoreFaults.NONE)) {
            assertEquals(404, send(engine, "GET", "/box1/a/b", null).status());
        }
    }

    /** The writes the crash test interrupts, in order; each returns whether it was acknowledged. */
    private static List<Boolean> workload(final StorageEngine engine) {
        final List<Boolean> acked = new ArrayList<>();
        acked.add(send(engine, "PUT", "/box/a", "new-a", "x-ms-blob-type", "BlockBlob").status() == 201);
        acked.add(send(engine, "PUT", "/box/b?comp=block&blockid=QkJCQg%3D%3D", "new-b").status() == 201);
        acked.add(acked.get(1) && send(engine, "PUT", "/box/b?comp=blocklist",
                "<BlockList><Latest>QkJCQg==</Latest></BlockList>").status() == 201);
        acked.add(send(engine, "PUT", "/box/a?comp=metadata", null, "x-ms-meta-k", "v").status() == 200);
        acked.add(send(engine, "DELETE", "/box/z", null).status() == 202);
        return acked;
    }

    private static void seed(final Path dir) throws IOException {
        try (StorageEngine engine = open(dir, FileStoreFaults.NONE)) {
            send(engine, "PUT", "/box?restype=container", null);
            send(engine, "PUT", "/box/a", "old-a", "x-ms-blob-type", "BlockBlob");
            send(engine, "PUT", "/box/b?comp=block&blockid=QUFBQQ%3D%3D", "old-b");
            send(engine, "PUT", "/box/b?comp=blocklist", "<BlockList><Latest>QUFBQQ==</Latest></BlockList>");
            send(engine, "PUT", "/box/z", "old-z", "x-ms-blob-type", "BlockBlob");
        }
    }

    private static String content(final StorageEngine engine, final String blob) {
        final BlobResponse r = send(engine, "GET", "/box/" + blob, null);
        if (r.status() == 404) {
            return null;
        }
        assertEquals(200, r.status());
        assertEquals(String.valueOf(r.bodyLength()), r.headers().first("Content-Length"));
        return text(r);
    }

    @Test
    void aCrashAtAnyStepLeavesEachBlobOldOrNewAndKeepsEveryAcknowledgedWrite(@TempDir final Path base)
            throws IOException {
        final Path probeDir = base.resolve("probe");
        seed(probeDir);
        final AtomicInteger steps = new AtomicInteger();
        try (StorageEngine engine = open(probeDir, (step, file) -> steps.incrementAndGet())) {
            assertEquals(List.of(true, true, true, true, true), workload(engine));
        }
        assertTrue(steps.get() > 20, "the workload passes through many durable steps: " + steps.get());
        for (int crashAt = 1; crashAt <= steps.get(); crashAt++) {
            final Path dir = base.resolve("run" + crashAt);
            seed(dir);
            final int target = crashAt;
            final AtomicInteger calls = new AtomicInteger();
            final List<String> where = new ArrayList<>();
            final FileStoreFaults crash = (step, file) -> {
                if (calls.incrementAndGet() >= target) {
                    where.add(step + " " + file.getFileName());
                    throw new IOException("injected crash at " + step);
                }
            };
            final List<Boolean> acked;
            // The crashed instance is abandoned, never closed: as after a power cut, only the disk remains.
            final StorageEngine crashed = open(dir, crash);
            acked = workload(crashed);
            try (StorageEngine engine = open(dir, FileStoreFaults.NONE)) {
                final String context = "crash at step " + crashAt + " " + where.stream().findFirst().orElse("");
                final String a = content(engine, "a");
                final String b = content(engine, "b");
                final String z = content(engine, "z");
                assertTrue(Set.of("old-a", "new-a").contains(a), context + ": a=" + a);
                assertTrue(Set.of("old-b", "new-b").contains(b), context + ": b=" + b);
                assertTrue(z == null || "old-z".equals(z), context + ": z=" + z);
                if (acked.get(0)) {
                    assertEquals("new-a", a, context);
                }
                if (acked.get(2)) {
                    assertEquals("new-b", b, context);
                }
                if (acked.get(3)) {
                    assertEquals("v", send(engine, "HEAD", "/box/a", null).headers().first("x-ms-meta-k"), context);
                }
                if (acked.get(4)) {
                    assertEquals(null, z, context);
                }
            }
            try (Stream<Path> leftovers = Files.list(dir.resolve("tmp"))) {
                assertEquals(0, leftovers.count(), "tmp is emptied at open");
            }
        }
    }
}
