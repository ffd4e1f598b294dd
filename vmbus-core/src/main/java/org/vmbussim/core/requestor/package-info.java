/**
 * The requestor table (VMBUS-REFERENCE.md §3; Linux {@code struct vmbus_requestor},
 * {@code vmbus_next_request_id}, {@code vmbus_request_addr_match}): small 1-based transaction ids
 * handed to the host instead of guest references, each validated when the host echoes it back in a
 * completion.
 */
package org.vmbussim.core.requestor;
