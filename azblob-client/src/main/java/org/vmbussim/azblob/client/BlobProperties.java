package org.vmbussim.azblob.client;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * A blob's properties and metadata, as Get Blob Properties returns them.
 *
 * @param contentLength bytes
 * @param httpHeaders   the stored HTTP properties
 * @param eTag          the entity tag as the service wrote it (quoted)
 * @param lastModified  last modification time, or null
 * @param creationTime  creation time, or null
 * @param blobType      e.g. {@code BlockBlob}
 * @param metadata      the metadata, names as returned
 */
public record BlobProperties(long contentLength, BlobHttpHeaders httpHeaders, String eTag, OffsetDateTime lastModified,
        OffsetDateTime creationTime, String blobType, Map<String, String> metadata) {
    /**
     * Freezes the metadata.
     *
     * @param contentLength bytes
     * @param httpHeaders   HTTP properties
     * @param eTag          entity tag
     * @param lastModified  last modification
     * @param creationTime  creation
     * @param blobType      blob type
     * @param metadata      metadata
     */
    public BlobProperties {
        metadata = Map.copyOf(metadata);
    }
}
