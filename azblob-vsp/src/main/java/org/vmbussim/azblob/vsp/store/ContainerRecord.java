package org.vmbussim.azblob.vsp.store;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stored container.
 *
 * @param name the container name
 * @param metadata user metadata, names as sent, in order
 * @param etag the ETag without quotes
 * @param lastModified last modification time (second precision on the wire)
 * @param lease the container's lease ({@link BlobLease#NONE} when none); lease operations change it without
 *              changing the ETag or Last-Modified
 */
public record ContainerRecord(String name, Map<String, String> metadata, String etag, Instant lastModified,
                              BlobLease lease) {
    /**
     * Freezes the metadata.
     *
     * @param name the container name
     * @param metadata user metadata
     * @param etag the ETag
     * @param lastModified last modification time
     * @param lease the lease; null means none
     */
    public ContainerRecord {
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        lease = lease == null ? BlobLease.NONE : lease;
    }

    /**
     * A container with no lease.
     *
     * @param name the container name
     * @param metadata user metadata
     * @param etag the ETag
     * @param lastModified last modification time
     */
    public ContainerRecord(final String name, final Map<String, String> metadata, final String etag,
                           final Instant lastModified) {
        this(name, metadata, etag, lastModified, BlobLease.NONE);
    }

    /**
     * The same container with another lease (ETag and time unchanged).
     *
     * @param newLease the lease
     * @return the updated record
     */
    public ContainerRecord withLease(final BlobLease newLease) {
        return new ContainerRecord(name, metadata, etag, lastModified, newLease);
    }
}
