package org.vmbussim.azblob.client;

import java.time.OffsetDateTime;

/**
 * What a write answers: the blob's new entity tag and modification time.
 *
 * @param eTag         the new ETag (quoted, as the service wrote it)
 * @param lastModified the new modification time, or null
 */
public record BlobWriteResult(String eTag, OffsetDateTime lastModified) {
    static BlobWriteResult of(final FastPathResponse response) {
        return new BlobWriteResult(response.header("ETag"), BlobXml.httpDate(response.header("Last-Modified")));
    }
}
