package org.vmbussim.azblob.vsp.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/**
 * Where the {@link StorageEngine} keeps containers, blobs and uncommitted blocks. The engine owns every
 * rule (conditions, validation, ETags); a persistence only stores and reads, atomically per call.
 *
 * <p>Concurrency: the engine serialises calls that touch the same blob, and container creation and
 * deletion against everything else in that container; calls on different blobs arrive concurrently.
 * Atomicity and durability: when a mutating call returns, its effect is complete (and, for a durable
 * persistence, survives a crash); when it throws, the previous state is intact (each blob old or new,
 * never torn). Reads return null for absent things rather than throwing.
 */
public interface BlobPersistence extends AutoCloseable {

    /**
     * A container.
     *
     * @param name the container name
     * @return the container, or null
     */
    ContainerRecord container(String name);

    /**
     * Creates or replaces a container's record (its blobs are kept).
     *
     * @param container the container
     * @throws IOException when it could not be stored
     */
    void putContainer(ContainerRecord container) throws IOException;

    /**
     * Deletes a container with all its blobs and blocks.
     *
     * @param name the container name
     * @throws IOException when it could not be deleted
     */
    void deleteContainer(String name) throws IOException;

    /**
     * A committed blob.
     *
     * @param container the container name
     * @param name the blob name
     * @return the blob, or null
     */
    BlobRecord blob(String container, String name);

    /**
     * The container's committed blobs in name order (UTF-16 code unit order), starting strictly after
     * a name. The iteration is weakly consistent: it never fails, and shows each blob old or new.
     *
     * @param container the container name
     * @param afterName start strictly after this name; null or empty for the start
     * @return the blobs
     */
    Iterable<BlobRecord> blobsAfter(String container, String afterName);

    /**
     * Reads part of a blob's content.
     *
     * @param blob the blob, as returned by {@link #blob}
     * @param offset the first byte
     * @param length the byte count (offset + length ≤ size)
     * @return a buffer holding exactly those bytes
     * @throws IOException when it could not be read
     */
    ByteBuffer read(BlobRecord blob, long offset, int length) throws IOException;

    /**
     * Writes a whole blob (Put Blob) and drops its uncommitted blocks, atomically.
     *
     * @param blob the new record (its blocks list is empty)
     * @param content the content, exactly {@code blob.size()} bytes
     * @throws IOException when it could not be stored
     */
    void putBlob(BlobRecord blob, ByteBuffer content) throws IOException;

    /**
     * {@link #putBlob} with content the caller gives up: nothing writes the array afterwards, so a store that
     * keeps content in the heap may keep this very array instead of a copy. By default, {@code putBlob}.
     *
     * @param blob the new record (its blocks list is empty)
     * @param content exactly {@code blob.size()} bytes, handed over
     * @throws IOException when it could not be stored
     */
    default void adoptBlob(final BlobRecord blob, final byte[] content) throws IOException {
        putBlob(blob, ByteBuffer.wrap(content));
    }

    /**
     * Commits a block list (Put Block List) atomically: the new content is the concatenation of the
     * sources, the record becomes {@code blob}, and every uncommitted block of the blob is dropped.
     *
     * @param blob the new record (size and blocks describe the sources)
     * @param sources the blocks, in order
     * @throws IOException when it could not be stored
     */
    void commitBlocks(BlobRecord blob, List<BlockSource> sources) throws IOException;

    /**
     * Replaces a blob's record without touching its content (metadata, properties).
     *
     * @param blob the new record; same size and blocks as the stored one
     * @throws IOException when it could not be stored
     */
    void updateBlob(BlobRecord blob) throws IOException;

    /**
     * Deletes a blob and its uncommitted blocks.
     *
     * @param container the container name
     * @param name the blob name
     * @throws IOException when it could not be deleted
     */
    void deleteBlob(String container, String name) throws IOException;

    /**
     * Stores an uncommitted block (replacing one with the same id).
     *
     * @param container the container name
     * @param blobName the blob name
     * @param block the block's description
     * @param data the block's bytes
     * @throws IOException when it could not be stored
     */
    void putBlock(String container, String blobName, UncommittedBlock block, ByteBuffer data) throws IOException;

    /**
     * A blob's uncommitted blocks, in upload order.
     *
     * @param container the container name
     * @param blobName the blob name
     * @return the blocks (empty when none)
     */
    List<UncommittedBlock> uncommittedBlocks(String container, String blobName);

    /**
     * Drops a blob's uncommitted blocks uploaded before a time.
     *
     * @param container the container name
     * @param blobName the blob name
     * @param uploadedBefore the expiry boundary
     * @throws IOException when they could not be dropped
     */
    void expireBlocks(String container, String blobName, Instant uploadedBefore) throws IOException;

    /**
     * The names of blobs that have uncommitted blocks, per container (for expiry sweeps).
     *
     * @param container the container name
     * @return the blob names
     */
    List<String> blobsWithUncommittedBlocks(String container);

    /**
     * Every container name.
     *
     * @return the names, sorted
     */
    List<String> containerNames();

    /**
     * Whether a call may wait on I/O. The default, true, is always safe; an in-heap persistence says false.
     *
     * @return false only when every call is bounded CPU work
     */
    default boolean mayBlock() {
        return true;
    }

    /** Releases resources; idempotent. */
    @Override
    void close();
}
