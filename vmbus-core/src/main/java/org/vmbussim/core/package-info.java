/**
 * VMBus core: guest memory, Hyper-V ring buffers, packet formats, the requestor table, channels and
 * signalling.
 */
package org.vmbussim.core;
