package org.vmbussim.azblob.vsp.store.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.azblob.vsp.store.BlobLease;
import org.vmbussim.azblob.vsp.store.BlobPersistence;
import org.vmbussim.azblob.vsp.store.BlobProperties;
import org.vmbussim.azblob.vsp.store.BlobRecord;
import org.vmbussim.azblob.vsp.store.BlockSource;
import org.vmbussim.azblob.vsp.store.CommittedBlock;
import org.vmbussim.azblob.vsp.store.ContainerRecord;
import org.vmbussim.azblob.vsp.store.LeaseState;
import org.vmbussim.azblob.vsp.store.UncommittedBlock;

/**
 * A durable {@link BlobPersistence} in a directory. Layout:
 *
 * <pre>
 * root/tmp/                                      temporary files; emptied at open
 * root/containers/{container}/container.rec      the container (its presence is the container's existence)
 * root/containers/{container}/blobs/{h}.rec      a committed blob's record: properties, metadata, block
 *                                                list, lease, and the name of its data file (the commit point)
 * root/containers/{container}/blobs/{h}-{seq}.dat   a blob's content; written before the record naming it
 * root/containers/{container}/blocks/{h}/{b}.blk    an uncommitted block: header record + bytes
 * </pre>
 *
 * where {@code h} is the SHA-256 of the blob name and {@code b} of the block id (names may be 1024
 * characters; file names may not), and {@code seq} a store-wide increasing sequence number.
 *
 * <p>Every file is written as: temporary file in root/tmp, fsync, rename into place, fsync of the
 * directory. A blob's new content goes into a new data file first; renaming its record over the old
 * one is the commit point, so a crash at any step leaves the old or the new blob, never a torn one,
 * and a call that returned has reached the disk. After a commit the old data file and the blob's
 * uncommitted blocks are removed; a crash before that clean-up is repaired at open: data files no
 * record names are deleted, and blocks older than the record's commit are dropped (each record keeps
 * the sequence number at which it last cleared the blocks). Deleting a container renames its
 * directory into root/tmp first (atomic), then removes it.
 *
 * <p>Known limit: a crash between deleting a blob's record and deleting its uncommitted blocks leaves
 * those blocks, which then expire like any uncommitted block. Reads of committed data are never
 * affected.
 *
 * <p>Thread-safety: as {@link BlobPersistence} requires; the index is concurrent maps, and the
 * engine serialises writers of one blob.
 */
public final class FilePersistence implements BlobPersistence {
    private static final Logger LOG = LoggerFactory.getLogger(FilePersistence.class);
    private static final int CONTAINER_MAGIC = 0x56534331; // "VSC1"
    private static final int BLOB_MAGIC = 0x56534231;      // "VSB1"
    private static final int BLOCK_MAGIC = 0x56534B31;     // "VSK1"
    private static final Pattern CONTAINER_DIR = Pattern.compile("^[a-z0-9$][a-z0-9-]{0,62}$");
    private static final String CONTAINER_FILE = "container.rec";

    private final Path root;
    private final Path tmp;
    private final Path containersDir;
    private final FileStoreFaults faults;
    private final AtomicLong sequence = new AtomicLong();
    private final ConcurrentMap<String, Container> containers = new ConcurrentHashMap<>();

    private record StoredBlob(BlobRecord record, String dataFile, long blocksClearedSeq) {
    }

    private record StoredBlock(UncommittedBlock block, Path file, long seq, long dataOffset) {
    }

    private static final class Container {
        private volatile ContainerRecord record;
        private final ConcurrentSkipListMap<String, StoredBlob> blobs = new ConcurrentSkipListMap<>();
        /** Per blob name, ordered by upload sequence; each inner map is guarded by the engine's blob lock. */
        private final ConcurrentMap<String, Map<String, StoredBlock>> blocks = new ConcurrentHashMap<>();

        Container(final ContainerRecord record) {
            this.record = record;
        }
    }

    private FilePersistence(final Path root, final FileStoreFaults faults) {
        this.root = root;
        this.tmp = root.resolve("tmp");
        this.containersDir = root.resolve("containers");
        this.faults = faults;
    }

    /**
     * Opens (or creates) a store and recovers its state.
     *
     * @param directory the store's directory
     * @return the persistence
     * @throws IOException when the directory cannot be created or read
     */
    public static FilePersistence open(final Path directory) throws IOException {
        return open(directory, FileStoreFaults.NONE);
    }

    /**
     * Opens (or creates) a store with a fault-injection hook (tests).
     *
     * @param directory the store's directory
     * @param faults called at every step of every durable write
     * @return the persistence
     * @throws IOException when the directory cannot be created or read
     */
    public static FilePersistence open(final Path directory, final FileStoreFaults faults) throws IOException {
        final FilePersistence p = new FilePersistence(directory.toAbsolutePath(), faults);
        p.recover();
        return p;
    }

    // ------------------------------------------------------------------ recovery

    private void recover() throws IOException {
        Files.createDirectories(containersDir);
        if (Files.exists(tmp)) {
            deleteTree(tmp);
        }
        Files.createDirectories(tmp);
        fsyncDirectory(root);
        long maxSeq = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(containersDir)) {
            for (final Path dir : dirs) {
                maxSeq = Math.max(maxSeq, recoverContainer(dir));
            }
        }
        sequence.set(maxSeq);
    }

    private long recoverContainer(final Path dir) throws IOException {
        final String name = dir.getFileName().toString();
        final Path recFile = dir.resolve(CONTAINER_FILE);
        if (!CONTAINER_DIR.matcher(name).matches() || !Files.exists(recFile)) {
            // A container whose creation never reached its record, or a stranger: not ours to keep.
            LOG.debug("removing incomplete container directory {}", dir);
            deleteTree(dir);
            return 0;
        }
        final byte[] bytes = Files.readAllBytes(recFile);
        final RecordCodec.Reader r = new RecordCodec.Reader(bytes, bytes.length, CONTAINER_MAGIC);
        long maxSeq = r.i64();
        final String containerName = r.string();
        final Map<String, String> containerMetadata = r.map();
        final String containerEtag = r.string();
        final Instant containerModified = r.instant();
        final BlobLease containerLease = r.hasMore() ? readLease(r, recFile) : BlobLease.NONE;
        final ContainerRecord record = new ContainerRecord(containerName, containerMetadata, containerEtag,
                containerModified, containerLease);
        final Container c = new Container(record);
        containers.put(name, c);
        final Path blobsDir = dir.resolve("blobs");
        final Path blocksDir = dir.resolve("blocks");
        Files.createDirectories(blobsDir);
        Files.createDirectories(blocksDir);
        final Map<String, StoredBlob> byHash = new LinkedHashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(blobsDir, "*.rec")) {
            for (final Path f : files) {
                try {
                    final StoredBlob b = readBlobRecord(f);
                    c.blobs.put(b.record().name(), b);
                    byHash.put(hash(b.record().name()), b);
                    maxSeq = Math.max(maxSeq, b.blocksClearedSeq());
                    maxSeq = Math.max(maxSeq, seqOfDataFile(b.dataFile()));
                } catch (final IOException e) {
                    LOG.error("skipping unreadable blob record {}: {}", f, e.getMessage());
                }
            }
        }
        // Data files no record names are leftovers of interrupted or superseded writes.
        try (DirectoryStream<Path> files = Files.newDirectoryStream(blobsDir, "*.dat")) {
            for (final Path f : files) {
                final String file = f.getFileName().toString();
                final StoredBlob owner = byHash.get(file.substring(0, Math.max(0, file.indexOf('-'))));
                if (owner == null || !owner.dataFile().equals(file)) {
                    Files.deleteIfExists(f);
                } else {
                    maxSeq = Math.max(maxSeq, seqOfDataFile(file));
                }
            }
        }
        try (DirectoryStream<Path> blobDirs = Files.newDirectoryStream(blocksDir)) {
            for (final Path blobDir : blobDirs) {
                maxSeq = Math.max(maxSeq, recoverBlocks(c, blobDir, byHash.get(blobDir.getFileName().toString())));
            }
        }
        return maxSeq;
    }

    private long recoverBlocks(final Container c, final Path blobDir, final StoredBlob owner) throws IOException {
        final long floor = owner == null ? 0 : owner.blocksClearedSeq();
        final List<StoredBlock> kept = new ArrayList<>();
        String blobName = null;
        long maxSeq = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(blobDir)) {
            for (final Path f : files) {
                StoredBlock b = null;
                String name = null;
                try {
                    final Object[] parsed = readBlockHeader(f);
                    b = (StoredBlock) parsed[0];
                    name = (String) parsed[1];
                } catch (final IOException e) {
                    LOG.error("dropping unreadable block {}: {}", f, e.getMessage());
                }
                if (b == null || b.seq() <= floor) {
                    Files.deleteIfExists(f);
                    continue;
                }
                maxSeq = Math.max(maxSeq, b.seq());
                blobName = name;
                kept.add(b);
            }
        }
        if (kept.isEmpty() || blobName == null) {
            deleteTree(blobDir);
            return maxSeq;
        }
        kept.sort(Comparator.comparingLong(StoredBlock::seq));
        final Map<String, StoredBlock> map = new LinkedHashMap<>();
        kept.forEach(b -> map.put(b.block().blockId(), b));
        c.blocks.put(blobName, map);
        return maxSeq;
    }

    private static long seqOfDataFile(final String file) {
        final int dash = file.indexOf('-');
        final int dot = file.lastIndexOf('.');
        try {
            return Long.parseLong(file.substring(dash + 1, dot), 16);
        } catch (final RuntimeException e) {
            return 0;
        }
    }

    // ------------------------------------------------------------------ containers

    @Override
    public ContainerRecord container(final String name) {
        final Container c = containers.get(name);
        return c == null ? null : c.record;
    }

    @Override
    public void putContainer(final ContainerRecord container) throws IOException {
        final Path dir = containerDir(container.name());
        final boolean created = !Files.exists(dir);
        Files.createDirectories(dir.resolve("blobs"));
        Files.createDirectories(dir.resolve("blocks"));
        if (created) {
            fsyncDirectory(dir);
            fsyncDirectory(containersDir);
        }
        final RecordCodec.Writer w = new RecordCodec.Writer(CONTAINER_MAGIC).i64(sequence.incrementAndGet())
                .string(container.name()).map(container.metadata()).string(container.etag())
                .instant(container.lastModified());
        writeLease(w, container.lease());
        final byte[] rec = w.finish();
        writeAtomically(dir.resolve(CONTAINER_FILE), ByteBuffer.wrap(rec));
        containers.compute(container.name(), (k, existing) -> {
            if (existing == null) {
                return new Container(container);
            }
            existing.record = container;
            return existing;
        });
    }

    @Override
    public void deleteContainer(final String name) throws IOException {
        final Path dir = containerDir(name);
        final Path grave = tmp.resolve("deleted-" + name + "-" + sequence.incrementAndGet());
        faults.at(FileStoreFaults.Step.BEFORE_RENAME, dir);
        Files.move(dir, grave, StandardCopyOption.ATOMIC_MOVE);
        containers.remove(name);
        faults.at(FileStoreFaults.Step.BEFORE_DIR_FSYNC, containersDir);
        fsyncDirectory(containersDir);
        fsyncDirectory(tmp);
        faults.at(FileStoreFaults.Step.BEFORE_CLEANUP, grave);
        deleteTree(grave);
    }

    @Override
    public List<String> containerNames() {
        return containers.keySet().stream().sorted().collect(Collectors.toList());
    }

    // ------------------------------------------------------------------ blobs

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
    public ByteBuffer read(final BlobRecord blob, final long offset, final int length) throws IOException {
        final StoredBlob b = stored(blob.container(), blob.name());
        if (b == null || offset < 0 || offset + length > b.record().size()) {
            throw new IOException("read outside blob " + blob.name() + ": offset=" + offset + " length=" + length);
        }
        final ByteBuffer out = ByteBuffer.allocate(length);
        try (FileChannel ch = FileChannel.open(blobsDir(blob.container()).resolve(b.dataFile()),
                StandardOpenOption.READ)) {
            long at = offset;
            while (out.hasRemaining()) {
                final int n = ch.read(out, at);
                if (n < 0) {
                    throw new IOException("data file of " + blob.name() + " is shorter than its record");
                }
                at += n;
            }
        }
        return out.flip().asReadOnlyBuffer();
    }

    @Override
    public void putBlob(final BlobRecord blob, final ByteBuffer content) throws IOException {
        final String h = hash(blob.name());
        final long seq = sequence.incrementAndGet();
        final String dataFile = h + "-" + String.format("%016x", seq) + ".dat";
        try {
            writeAtomically(blobsDir(blob.container()).resolve(dataFile), content.duplicate());
            commitRecord(blob, dataFile, seq);
        } catch (final IOException | RuntimeException e) {
            reload(blob.container(), blob.name());
            throw e;
        }
    }

    @Override
    public void commitBlocks(final BlobRecord blob, final List<BlockSource> sources) throws IOException {
        final String h = hash(blob.name());
        final long seq = sequence.incrementAndGet();
        final String dataFile = h + "-" + String.format("%016x", seq) + ".dat";
        final Container c = require(blob.container());
        final StoredBlob current = c.blobs.get(blob.name());
        final Map<String, StoredBlock> pending = c.blocks.getOrDefault(blob.name(), Map.of());
        final Path temp = Files.createTempFile(tmp, "commit", ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                for (final BlockSource s : sources) {
                    if (s.committed()) {
                        copy(blobsDir(blob.container()).resolve(current.dataFile()), s.committedOffset(), s.size(),
                                out);
                    } else {
                        final StoredBlock b = pending.get(s.blockId());
                        copy(b.file(), b.dataOffset(), s.size(), out);
                    }
                }
                faults.at(FileStoreFaults.Step.BEFORE_FSYNC, temp);
                out.force(true);
            }
            moveIntoPlace(temp, blobsDir(blob.container()).resolve(dataFile));
            commitRecord(blob, dataFile, seq);
        } catch (final IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            reload(blob.container(), blob.name());
            throw e;
        }
    }

    private static void copy(final Path from, final long offset, final long count, final FileChannel out)
            throws IOException {
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ)) {
            long done = 0;
            while (done < count) {
                final long n = in.transferTo(offset + done, count - done, out);
                if (n <= 0) {
                    throw new IOException("short block file " + from);
                }
                done += n;
            }
        }
    }

    /** Writes the record naming a new data file (the commit point), then clears what it superseded. */
    private void commitRecord(final BlobRecord blob, final String dataFile, final long clearedSeq)
            throws IOException {
        final Container c = require(blob.container());
        final StoredBlob old = c.blobs.get(blob.name());
        final StoredBlob now = new StoredBlob(blob, dataFile, clearedSeq);
        writeAtomically(recordFile(blob.container(), blob.name()), ByteBuffer.wrap(encode(now)));
        c.blobs.put(blob.name(), now);
        c.blocks.remove(blob.name());
        if (old != null && !old.dataFile().equals(dataFile)) {
            final Path garbage = blobsDir(blob.container()).resolve(old.dataFile());
            faults.at(FileStoreFaults.Step.BEFORE_CLEANUP, garbage);
            Files.deleteIfExists(garbage);
        }
        final Path blocks = blocksDir(blob.container(), blob.name());
        if (Files.exists(blocks)) {
            faults.at(FileStoreFaults.Step.BEFORE_CLEANUP, blocks);
            deleteTree(blocks);
        }
    }

    @Override
    public void updateBlob(final BlobRecord blob) throws IOException {
        final StoredBlob current = stored(blob.container(), blob.name());
        if (current == null) {
            throw new IOException("no blob " + blob.name());
        }
        final StoredBlob now = new StoredBlob(blob, current.dataFile(), current.blocksClearedSeq());
        try {
            writeAtomically(recordFile(blob.container(), blob.name()), ByteBuffer.wrap(encode(now)));
            require(blob.container()).blobs.put(blob.name(), now);
        } catch (final IOException | RuntimeException e) {
            reload(blob.container(), blob.name());
            throw e;
        }
    }

    @Override
    public void deleteBlob(final String container, final String name) throws IOException {
        final Container c = require(container);
        final StoredBlob current = c.blobs.get(name);
        try {
            if (current != null) {
                final Path rec = recordFile(container, name);
                faults.at(FileStoreFaults.Step.BEFORE_RENAME, rec);
                Files.deleteIfExists(rec);
                faults.at(FileStoreFaults.Step.BEFORE_DIR_FSYNC, rec);
                fsyncDirectory(blobsDir(container));
                faults.at(FileStoreFaults.Step.AFTER_DIR_FSYNC, rec);
                c.blobs.remove(name);
                final Path data = blobsDir(container).resolve(current.dataFile());
                faults.at(FileStoreFaults.Step.BEFORE_CLEANUP, data);
                Files.deleteIfExists(data);
            }
            final Path blocks = blocksDir(container, name);
            if (Files.exists(blocks)) {
                faults.at(FileStoreFaults.Step.BEFORE_CLEANUP, blocks);
                deleteTree(blocks);
            }
            c.blocks.remove(name);
        } catch (final IOException | RuntimeException e) {
            reload(container, name);
            throw e;
        }
    }

    // ------------------------------------------------------------------ blocks

    @Override
    public void putBlock(final String container, final String blobName, final UncommittedBlock block,
                         final ByteBuffer data) throws IOException {
        final Container c = require(container);
        final long seq = sequence.incrementAndGet();
        final byte[] header = new RecordCodec.Writer(BLOCK_MAGIC).i64(seq).string(blobName).string(block.blockId())
                .i64(block.size()).instant(block.uploaded()).finish();
        final ByteBuffer file = ByteBuffer.allocate(4 + header.length + data.remaining());
        file.putInt(header.length).put(header).put(data.duplicate()).flip();
        final Path dir = blocksDir(container, blobName);
        final Path target = dir.resolve(hash(block.blockId()) + ".blk");
        try {
            if (!Files.exists(dir)) {
                Files.createDirectories(dir);
                fsyncDirectory(dir.getParent());
            }
            writeAtomically(target, file);
        } catch (final IOException | RuntimeException e) {
            reload(container, blobName);
            throw e;
        }
        final Map<String, StoredBlock> blocks = c.blocks.computeIfAbsent(blobName, k -> new LinkedHashMap<>());
        blocks.remove(block.blockId());
        blocks.put(block.blockId(), new StoredBlock(block, target, seq, 4L + header.length));
    }

    private static Object[] readBlockHeader(final Path f) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            final ByteBuffer len = ByteBuffer.allocate(4);
            if (ch.read(len, 0) != 4) {
                throw new IOException("short block file");
            }
            final int headerLength = len.flip().getInt();
            if (headerLength < 12 || headerLength > (1 << 21)) {
                throw new IOException("bad block header length " + headerLength);
            }
            final ByteBuffer header = ByteBuffer.allocate(headerLength);
            if (ch.read(header, 4) != headerLength) {
                throw new IOException("short block header");
            }
            final RecordCodec.Reader r = new RecordCodec.Reader(header.array(), headerLength, BLOCK_MAGIC);
            final long seq = r.i64();
            final String blobName = r.string();
            final String blockId = r.string();
            final long size = r.i64();
            final Instant uploaded = r.instant();
            if (size < 0 || ch.size() != 4L + headerLength + size) {
                throw new IOException("block file length does not match its header");
            }
            return new Object[] {new StoredBlock(new UncommittedBlock(blockId, size, uploaded), f, seq,
                    4L + headerLength), blobName};
        }
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
    public void expireBlocks(final String container, final String blobName, final Instant uploadedBefore)
            throws IOException {
        final Container c = containers.get(container);
        final Map<String, StoredBlock> blocks = c == null ? null : c.blocks.get(blobName);
        if (blocks == null) {
            return;
        }
        final List<StoredBlock> expired = blocks.values().stream()
                .filter(b -> b.block().uploaded().isBefore(uploadedBefore)).collect(Collectors.toList());
        for (final StoredBlock b : expired) {
            faults.at(FileStoreFaults.Step.BEFORE_CLEANUP, b.file());
            Files.deleteIfExists(b.file());
            blocks.remove(b.block().blockId());
        }
        if (blocks.isEmpty()) {
            c.blocks.remove(blobName);
            deleteTree(blocksDir(container, blobName));
        }
    }

    @Override
    public List<String> blobsWithUncommittedBlocks(final String container) {
        final Container c = containers.get(container);
        return c == null ? List.of() : List.copyOf(c.blocks.keySet());
    }

    @Override
    public void close() {
        containers.clear();
    }

    // ------------------------------------------------------------------ files

    private byte[] encode(final StoredBlob b) throws IOException {
        final BlobRecord r = b.record();
        final BlobProperties p = r.properties();
        final RecordCodec.Writer w = new RecordCodec.Writer(BLOB_MAGIC).i64(b.blocksClearedSeq())
                .string(b.dataFile()).string(r.container()).string(r.name()).i64(r.size()).string(r.etag())
                .instant(r.created()).instant(r.lastModified())
                .string(p.contentType()).string(p.contentEncoding()).string(p.contentLanguage())
                .string(p.contentMd5()).string(p.cacheControl()).string(p.contentDisposition())
                .map(r.metadata()).i32(r.blocks().size());
        for (final CommittedBlock block : r.blocks()) {
            w.string(block.blockId()).i64(block.size());
        }
        writeLease(w, r.lease());
        return w.finish();
    }

    /** The lease goes last in a record: records written before leases existed end earlier and read as none. */
    private static void writeLease(final RecordCodec.Writer w, final BlobLease lease) throws IOException {
        w.string(lease.state().name()).string(lease.leaseId()).i64(lease.durationSeconds())
                .optionalInstant(lease.expires()).optionalInstant(lease.breaks());
    }

    private static BlobLease readLease(final RecordCodec.Reader r, final Path f) throws IOException {
        try {
            return new BlobLease(LeaseState.valueOf(r.string()), r.string(), r.i64(), r.optionalInstant(),
                    r.optionalInstant());
        } catch (final IllegalArgumentException | NullPointerException e) {
            throw new IOException("corrupt lease in record " + f + ": " + e.getMessage(), e);
        }
    }

    private static StoredBlob readBlobRecord(final Path f) throws IOException {
        final byte[] bytes = Files.readAllBytes(f);
        final RecordCodec.Reader r = new RecordCodec.Reader(bytes, bytes.length, BLOB_MAGIC);
        final long clearedSeq = r.i64();
        final String dataFile = r.string();
        final String container = r.string();
        final String name = r.string();
        final long size = r.i64();
        final String etag = r.string();
        final Instant created = r.instant();
        final Instant modified = r.instant();
        final BlobProperties props = new BlobProperties(r.string(), r.string(), r.string(), r.string(), r.string(),
                r.string());
        final Map<String, String> metadata = r.map();
        final int n = r.count(1_000_000);
        final List<CommittedBlock> blocks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            blocks.add(new CommittedBlock(r.string(), r.i64()));
        }
        final BlobLease lease = r.hasMore() ? readLease(r, f) : BlobLease.NONE;
        if (dataFile == null || name == null || size < 0 || etag == null) {
            throw new IOException("corrupt blob record " + f);
        }
        final long dataLength = Files.size(f.resolveSibling(dataFile));
        if (dataLength != size) {
            throw new IOException("data file " + dataFile + " has " + dataLength + " bytes, record says " + size);
        }
        return new StoredBlob(new BlobRecord(container, name, size, etag, created, modified, props, metadata, blocks,
                lease), dataFile, clearedSeq);
    }

    /** Temporary file, fsync, rename over the target, fsync of the target's directory. */
    private void writeAtomically(final Path target, final ByteBuffer content) throws IOException {
        final Path temp = Files.createTempFile(tmp, "write", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                while (content.hasRemaining()) {
                    ch.write(content);
                }
                faults.at(FileStoreFaults.Step.BEFORE_FSYNC, temp);
                ch.force(true);
            }
            moveIntoPlace(temp, target);
        } catch (final IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    private void moveIntoPlace(final Path temp, final Path target) throws IOException {
        faults.at(FileStoreFaults.Step.BEFORE_RENAME, temp);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        faults.at(FileStoreFaults.Step.BEFORE_DIR_FSYNC, target);
        fsyncDirectory(target.getParent());
        faults.at(FileStoreFaults.Step.AFTER_DIR_FSYNC, target);
    }

    private static void fsyncDirectory(final Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static void deleteTree(final Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(final Path d, final IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Re-reads one blob's record and blocks from disk so the index matches it after a failed write. */
    private void reload(final String container, final String name) {
        final Container c = containers.get(container);
        if (c == null) {
            return;
        }
        try {
            final Path rec = recordFile(container, name);
            StoredBlob b = null;
            if (Files.exists(rec)) {
                b = readBlobRecord(rec);
                c.blobs.put(name, b);
            } else {
                c.blobs.remove(name);
            }
            c.blocks.remove(name);
            final Path blocks = blocksDir(container, name);
            if (Files.isDirectory(blocks)) {
                recoverBlocks(c, blocks, b);
            }
        } catch (final IOException | UncheckedIOException e) {
            LOG.error("cannot re-read blob {}/{} after a failed write: {}", container, name, e.getMessage());
        }
    }

    private StoredBlob stored(final String container, final String name) {
        final Container c = containers.get(container);
        return c == null ? null : c.blobs.get(name);
    }

    private Container require(final String container) throws IOException {
        final Container c = containers.get(container);
        if (c == null) {
            throw new IOException("no container " + container);
        }
        return c;
    }

    private Path containerDir(final String name) {
        if (!CONTAINER_DIR.matcher(name).matches()) {
            throw new IllegalArgumentException("container name not storable: " + name);
        }
        return containersDir.resolve(name);
    }

    private Path blobsDir(final String container) {
        return containerDir(container).resolve("blobs");
    }

    private Path recordFile(final String container, final String name) {
        return blobsDir(container).resolve(hash(name) + ".rec");
    }

    private Path blocksDir(final String container, final String name) {
        return containerDir(container).resolve("blocks").resolve(hash(name));
    }

    private static String hash(final String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
