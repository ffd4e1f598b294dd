/**
 * The few services channel-mgmt needs from its embedder, kept minimal so they can be bound to vmbus-core (the
 * scheduler, guest memory, the ring/packet data path) or to test doubles: a serial task executor with a clock
 * ({@link org.vmbussim.mgmt.spi.ControlExecutor}), ring-page allocation
 * ({@link org.vmbussim.mgmt.spi.RingPageAllocator}) and the data path of an opened channel
 * ({@link org.vmbussim.mgmt.spi.ChannelDataPathFactory}).
 */
package org.vmbussim.mgmt.spi;
