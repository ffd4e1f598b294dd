package org.vmbussim.azblob.client;

import java.time.OffsetDateTime;

/**
 * The properties a List Blobs answer gives for each blob.
 *
 * @param contentLength bytes
 * @param contentType   the content type, or null
 * @param eTag          the entity tag, as the service wrote it
 * @param lastModified  the last modification time, or null when absent
 * @param blobType      e.g. {@code BlockBlob}
 */
public record BlobItemProperties(long contentLength, String contentType, String eTag, OffsetDateTime lastModified,
        String blobType) {
}
