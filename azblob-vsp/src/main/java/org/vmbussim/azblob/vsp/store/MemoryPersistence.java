package org.vmbussim.azblob.vsp.store;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;

/**
 * A {@link BlobPersistence} in the JVM heap: nothing survives the instance. Each blob's record and
 * content are replaced together by one reference store, so readers see old or new, never a mix.
 */
public final class MemoryPersistence implements BlobPersistence {
    private final ConcurrentMap<String, Container> containers = new ConcurrentHashMap<>();

    /** Content is never modified after it is stored, so reads may share it. */
    private record StoredBlob(BlobRecord record, byte[] content) {
    }

    private record StoredBlock(UncommittedBlock block, byte[] data) {
    }

    private static final class Container {
        private volatile ContainerRecord record;
        private final ConcurrentSkipListMap<String, StoredBlob> blobs = new ConcurrentSkipListMap<>();
        /** Per blob, in upload order; each inner map is guarded by the engine's per-blob lock. */
        private final ConcurrentMap<String, Map<String, StoredBlock>> blocks = new ConcurrentHashMap<>();

        Container(final ContainerRecord record) {
            this.record = record;
        }
    }

    /** Everything lives in the heap: no call waits on I/O. */
    @Override
    public boolean mayBlock() {
        return false;
    }

    /** An empty store. */
    public MemoryPersistence() {
    }

    @Override
    public ContainerRecord container(final String name) {
        final Container c = containers.get(name);
        return c == null ? null : c.record;
    }

    @Override
    public void putContainer(final ContainerRecord container) {
        containers.compute(container.name(), (k, existing) -> {
            if (existing == null) {
                return new Container(container);
            }
            existing.record = container;
            return existing;
        });
    }

    @Override
    public void deleteContainer(final String name) {
        containers.remove(name);
    }

    @Override
    public BlobRecord blob(final String container, final String name) {
        final Container c = containers.get(container);
        final StoredBlob b = c == null ? null : c.blobs.get(name);
        return b == null ? null : b.record();
    }

    @Override
    public Iterable<BlobRecord> blobsAfter(final String container, final String afterName) {
        final Container c = containers.get(container);
        if (c == null) {
            return List.of();
        }
        final Map<String, StoredBlob> tail = afterName == null || afterName.isEmpty()
                ? c.blobs : c.blobs.tailMap(afterName, false);
        return () -> tail.values().stream().map(StoredBlob::record).iterator();
    }

    @Override
    public ByteBuffer read(final BlobRecord blob, final long offset, final int length) {
        final Container c = containers.get(blob.container());
        final StoredBlob b = c == null ? null : c.blobs.get(blob.name());
        if (b == null || offset < 0 || offset + length > b.content().length) {
            throw new IllegalStateException("read outside blob " + blob.name() + ": offset=" + offset
                    + " length=" + length);
        }
        // Position to limit, read-only; not sliced here: BlobResponse keeps a slice of it (one view fewer).
        return ByteBuffer.wrap(b.content(), (int) offset, length).asReadOnlyBuffer();
    }

    private Container require(final String container) {
        final Container c = containers.get(container);
        if (c == null) {
            throw new IllegalStateException("no container " + container);
        }
        return c;
    }

    @Override
    public void putBlob(final BlobRecord blob, final ByteBuffer content) {
        final byte[] bytes = new byte[content.remaining()];
        content.duplicate().get(bytes);
        adoptBlob(blob, bytes);
    }

    /** Keeps the array itself: the caller has given it up, and stored content is never written. */
    @Override
    public void adoptBlob(final BlobRecord blob, final byte[] bytes) {
        final Container c = require(blob.container());
        c.blobs.put(blob.name(), new StoredBlob(blob, bytes));
        c.blocks.remove(blob.name());
    }

    @Override
    public void commitBlocks(final BlobRecord blob, final List<BlockSource> sources) {
        final Container c = require(blob.container());
        final StoredBlob current = c.blobs.get(blob.name());
        final Map<String, StoredBlock> pending = c.blocks.getOrDefault(blob.name(), Map.of());
        final byte[] content = new byte[Math.toIntExact(blob.size())];
        int at = 0;
        for (final BlockSource s : sources) {
            final int size = Math.toIntExact(s.size());
            if (s.committed()) {
                System.arraycopy(current.content(), Math.toIntExact(s.committedOffset()), content, at, size);
            } else {
                System.arraycopy(pending.get(s.blockId()).data(), 0, content, at, size);
            }
            at += size;
        }
        c.blobs.put(blob.name(), new StoredBlob(blob, content));
        c.blocks.remove(blob.name());
    }

    @Override
    public void updateBlob(final BlobRecord blob) {
        final Container c = require(blob.container());
        c.blobs.computeIfPresent(blob.name(), (k, old) -> new StoredBlob(blob, old.content()));
    }

    @Override
    public void deleteBlob(final String container, final String name) {
        final Container c = containers.get(container);
        if (c != null) {
            c.blobs.remove(name);
            c.blocks.remove(name);
        }
    }

    @Override
    public void putBlock(final String container, final String blobName, final UncommittedBlock block,
                         final ByteBuffer data) {
        final byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        final Map<String, StoredBlock> blocks = require(container).blocks
                .computeIfAbsent(blobName, k -> new LinkedHashMap<>());
        blocks.remove(block.blockId());
        blocks.put(block.blockId(), new StoredBlock(block, bytes));
    }

    @Override
    public List<UncommittedBlock> uncommittedBlocks(final String container, final String blobName) {
        final Container c = containers.get(container);
        final Map<String, StoredBlock> blocks = c == null ? null : c.blocks.get(blobName);
        if (blocks == null) {
            return List.of();
        }
        final List<UncommittedBlock> list = new ArrayList<>(blocks.size());
        blocks.values().forEach(b -> list.add(b.block()));
        return list;
    }

    @Override
    public void expireBlocks(final String container, final String blobName, final Instant uploadedBefore) {
        final Container c = containers.get(container);
        final Map<String, StoredBlock> blocks = c == null ? null : c.blocks.get(blobName);
        if (blocks != null) {
            blocks.values().removeIf(b -> b.block().uploaded().isBefore(uploadedBefore));
            if (blocks.isEmpty()) {
                c.blocks.remove(blobName);
            }
        }
    }

    @Override
    public List<String> blobsWithUncommittedBlocks(final String container) {
        final Container c = containers.get(container);
        return c == null ? List.of() : List.copyOf(c.blocks.keySet());
    }

    @Override
    public List<String> containerNames() {
        return containers.keySet().stream().sorted().collect(Collectors.toList());
    }

    @Override
    public void close() {
        containers.clear();
    }
}
