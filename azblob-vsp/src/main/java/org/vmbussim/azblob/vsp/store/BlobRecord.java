package org.vmbussim.azblob.vsp.store;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A committed block blob's description (its content lives in the persistence).
 *
 * @param container the container name
 * @param name the blob name (decoded)
 * @param size the content length in bytes
 * @param etag the ETag without quotes
 * @param created creation time
 * @param lastModified last modification time
 * @param properties the client-set properties
 * @param metadata user metadata, names as sent, in order
 * @param blocks the committed block list (empty for a blob written by Put Blob)
 * @param lease the stored lease ({@link BlobLease#NONE} when none); lease operations change it without
 *              changing the ETag or Last-Modified
 */
public record BlobRecord(String container, String name, long size, String etag, Instant created,
                         Instant lastModified, BlobProperties properties, Map<String, String> metadata,
                         List<CommittedBlock> blocks, BlobLease lease) {
    /**
     * Freezes the collections.
     *
     * @param container the container name
     * @param name the blob name
     * @param size the content length
     * @param etag the ETag
     * @param created creation time
     * @param lastModified last modification time
     * @param properties the properties
     * @param metadata user metadata
     * @param blocks the committed block list
     * @param lease the stored lease; null means none
     */
    public BlobRecord {
        // Most blobs have no metadata: the shared empty map rather than an empty copy and its wrapper.
        metadata = metadata.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        blocks = List.copyOf(blocks);
        lease = lease == null ? BlobLease.NONE : lease;
    }

    /**
     * A blob with no lease.
     *
     * @param container the container name
     * @param name the blob name
     * @param size the content length
     * @param etag the ETag
     * @param created creation time
     * @param lastModified last modification time
     * @param properties the properties
     * @param metadata user metadata
     * @param blocks the committed block list
     */
    public BlobRecord(final String container, final String name, final long size, final String etag,
                      final Instant created, final Instant lastModified, final BlobProperties properties,
                      final Map<String, String> metadata, final List<CommittedBlock> blocks) {
        this(container, name, size, etag, created, lastModified, properties, metadata, blocks, BlobLease.NONE);
    }

    /**
     * The same blob with another lease (ETag, time and content unchanged).
     *
     * @param newLease the lease
     * @return the updated record
     */
    public BlobRecord withLease(final BlobLease newLease) {
        return new BlobRecord(container, name, size, etag, created, lastModified, properties, metadata, blocks,
                newLease);
    }

    /**
     * The same blob with new properties, metadata, ETag and time (content and lease unchanged).
     *
     * @param newProperties the properties
     * @param newMetadata the metadata
     * @param newEtag the ETag
     * @param modified the modification time
     * @return the updated record
     */
    public BlobRecord withAttributes(final BlobProperties newProperties, final Map<String, String> newMetadata,
                                     final String newEtag, final Instant modified) {
        return new BlobRecord(container, name, size, newEtag, created, modified, newProperties, newMetadata, blocks,
                lease);
    }
}
