package org.vmbussim.azblob.vsp.store;

/**
 * One block of a blob's committed block list.
 *
 * @param blockId the block id as sent (Base64 text)
 * @param size the block's size in bytes
 */
public record CommittedBlock(String blockId, long size) {
}
