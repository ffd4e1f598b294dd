package org.vmbussim.azblob.vsp.provider;

import org.vmbussim.core.memory.PfnListRegion;
import org.vmbussim.wire.Guid;

/**
 * One {@code az_blob_vsp_request} that passed every check of {@link VspRequestDecoder}: its buffers lie
 * inside {@link #range()}, whose pages are all in guest RAM. Offsets are byte offsets in the range;
 * every length is at most 32 MiB, so all of them fit an {@code int}.
 *
 * @param transactionId        the packet's {@code trans_id}, echoed by the completion
 * @param userGuid             the user's request GUID ({@code transaction_id}), for diagnostics only
 * @param timeoutMillis        {@code timeout_ms} as sent (u32; 0 means the provider's default)
 * @param dataOffset           {@code data_buffer_offset}
 * @param dataLength           {@code data_buffer_length} (0: no data buffer)
 * @param dataValid            {@code data_buffer_valid}: the request body's length
 * @param requestOffset        {@code request_buffer_offset}
 * @param requestLength        {@code request_buffer_length}, at least 1
 * @param responseOffset       {@code response_buffer_offset}
 * @param responseLength       {@code response_buffer_length}, at least 1
 * @param range                the host's view of the packet's one GPA range
 */
record VspRequest(long transactionId, Guid userGuid, long timeoutMillis, int dataOffset, int dataLength,
        int dataValid, int requestOffset, int requestLength, int responseOffset, int responseLength,
        PfnListRegion range) {
}
