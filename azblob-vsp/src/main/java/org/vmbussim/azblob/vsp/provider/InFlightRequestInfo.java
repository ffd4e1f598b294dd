package org.vmbussim.azblob.vsp.provider;

import org.vmbussim.wire.Guid;

/**
 * One request in flight on a channel, as {@link ProviderChannel#requestsInFlight()} lists it (the host's
 * counterpart of the seed's debugfs {@code pending_requests}).
 *
 * @param transactionId        the packet's {@code trans_id}
 * @param userGuid             the user's request GUID ({@code transaction_id}), for diagnostics only
 * @param phase                where the request is
 * @param ageNanos             time since the provider accepted it, on the channel's scheduler clock
 * @param timeoutMillis        the timeout in force ({@code timeout_ms}, or the default for 0)
 * @param dataBufferLength     {@code data_buffer_length}
 * @param dataBufferValid      {@code data_buffer_valid}
 * @param requestBufferLength  {@code request_buffer_length}
 * @param responseBufferLength {@code response_buffer_length}
 * @param method               the HTTP method, or empty until the head has been parsed
 * @param target               the request target, or empty until the head has been parsed
 */
public record InFlightRequestInfo(long transactionId, Guid userGuid, Phase phase, long ageNanos, long timeoutMillis,
        int dataBufferLength, int dataBufferValid, int requestBufferLength, int responseBufferLength, String method,
        String target) {

    /** Where a request in flight is. */
    public enum Phase {
        /** Accepted, waiting for a worker. */
        QUEUED,
        /** A worker is reading its buffers or the backend is executing it. */
        EXECUTING
    }
}
