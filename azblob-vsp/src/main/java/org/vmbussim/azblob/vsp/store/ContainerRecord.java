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
 */
public record ContainerRecord(String name, Map<String, String> metadata, String etag, Instant lastModified) {
    /**
     * Freezes the metadata.
     *
     * @param name the container name
     * @param metadata user metadata
     * @param etag the ETag
     * @param lastModified last modification time
     */
    public ContainerRecord {
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
