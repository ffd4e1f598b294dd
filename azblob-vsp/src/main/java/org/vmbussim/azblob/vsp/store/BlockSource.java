package org.vmbussim.azblob.vsp.store;

/**
 * Where one entry of a committed block list takes its bytes from.
 *
 * @param blockId the block id
 * @param size the block size in bytes
 * @param committed true: from the blob's current committed blocks; false: from its uncommitted blocks
 * @param committedOffset for a committed block, its byte offset in the current content
 */
public record BlockSource(String blockId, long size, boolean committed, long committedOffset) {
}
