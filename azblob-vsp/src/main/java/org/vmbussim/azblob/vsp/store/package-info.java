/**
 * The Blob storage engine: one implementation of the Blob REST semantics (containers, block blobs,
 * conditional requests, ranges, listing, SharedKey) over a pluggable {@link
 * org.vmbussim.azblob.vsp.store.BlobPersistence}: in memory, or a durable file store.
 */
package org.vmbussim.azblob.vsp.store;
