package org.vmbussim.azblob.vsp.store;

import java.time.Instant;

/**
 * A block uploaded with Put Block and not yet committed.
 *
 * @param blockId the block id as sent (Base64 text)
 * @param size the block's size in bytes
 * @param uploaded when it was uploaded (for expiry)
 */
public record UncommittedBlock(String blockId, long size, Instant uploaded) {
}
