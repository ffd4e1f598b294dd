package org.vmbussim.azblob.client;

import java.util.Map;

/**
 * One entry of a List Blobs answer: a blob, or (listing by hierarchy) a virtual directory prefix.
 *
 * @param name       the blob name, or the prefix ending with the delimiter
 * @param isPrefix   true for a {@code BlobPrefix} entry, which has no properties
 * @param properties the blob's properties, or null for a prefix
 * @param metadata   the blob's metadata when it was asked for, else empty
 */
public record BlobItem(String name, boolean isPrefix, BlobItemProperties properties, Map<String, String> metadata) {
    /**
     * Freezes the metadata.
     *
     * @param name       the name
     * @param isPrefix   whether it is a prefix
     * @param properties the properties
     * @param metadata   the metadata
     */
    public BlobItem {
        if (name == null) {
            throw new IllegalArgumentException("name must not be null");
        }
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
