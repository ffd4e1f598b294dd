package org.vmbussim.azblob.client;

import java.util.List;

/**
 * One page of a List Blobs answer.
 *
 * @param items      the blobs and prefixes, in the service's order
 * @param nextMarker the marker of the next page, or null when this is the last page
 */
public record BlobListPage(List<BlobItem> items, String nextMarker) {
    /**
     * Freezes the list.
     *
     * @param items      the entries
     * @param nextMarker the continuation
     */
    public BlobListPage {
        items = List.copyOf(items);
        nextMarker = nextMarker == null || nextMarker.isEmpty() ? null : nextMarker;
    }
}
