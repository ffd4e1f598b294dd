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
 */
public record BlobRecord(String container, String name, long size, String etag, Instant created,
                         Instant lastModified, BlobProperties properties, Map<String, String> metadata,
                         List<CommittedBlock> blocks) {
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
     */
    public BlobRecord {
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        blocks = List.copyOf(blocks);
    }

    /**
     * The same blob with new properties, metadata, ETag and time (content unchanged).
     *
     * @param newProperties the properties
     * @param newMetadata the metadata
     * @param newEtag the ETag
     * @param modified the modification time
     * @return the updated record
     */
    public BlobRecord withAttributes(final BlobProperties newProperties, final Map<String, String> newMetadata,
                                     final String newEtag, final Instant modified) {
        return new BlobRecord(container, name, size, newEtag, created, modified, newProperties, newMetadata, blocks);
    }
}
