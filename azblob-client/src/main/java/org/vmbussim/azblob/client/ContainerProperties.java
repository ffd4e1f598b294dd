package org.vmbussim.azblob.client;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * A container's properties.
 *
 * @param eTag         the entity tag as the service wrote it
 * @param lastModified last modification time, or null
 * @param metadata     the metadata
 */
public record ContainerProperties(String eTag, OffsetDateTime lastModified, Map<String, String> metadata) {
    /**
     * Freezes the metadata.
     *
     * @param eTag         entity tag
     * @param lastModified last modification
     * @param metadata     metadata
     */
    public ContainerProperties {
        metadata = Map.copyOf(metadata);
    }
}
