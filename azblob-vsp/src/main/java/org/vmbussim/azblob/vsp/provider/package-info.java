/**
 * The VMBus-facing Azure Blob host provider (VSP): it reads the VSC's GPA-direct requests from the host
 * end of each Azure Blob channel, validates them, runs them on a
 * {@link org.vmbussim.azblob.vsp.backend.BlobBackend}, writes the results into the guest's buffers and
 * completes them. The buffer contents and completion rules are docs/fastpath-protocol.md; the packet and
 * request formats are VMBUS-REFERENCE.md §2.3 and §5.3–§5.7; the hostile inputs it is tested against are
 * RELIABILITY.md P3, P4, S1, S2, B5.
 *
 * <h2>What the host glue does</h2>
 * <ol>
 * <li>At host start: one provider for the host, on the backend of choice (the provider does not close it):
 *     <pre>
 *     AzureBlobProvider provider = AzureBlobProvider.builder(StorageEngine.inMemory())
 *             .name("host-1-azblob").workerThreads(4).build();
 *     </pre></li>
 * <li>When the host opens a channel of class {@code AzBlobProtocol.HV_AZURE_BLOB_GUID} (any device, any
 *     guest): build the channel's host {@link org.vmbussim.core.channel.ChannelEnd} with
 *     {@code .handler(provider.packetHandler())} and {@code .maxPacketSize(AzureBlobProvider.MAX_REQUEST_PACKET_BYTES)}
 *     (the default 4096 would truncate requests of more than about 500 pages, which are then refused with
 *     {@code ENOBUFS}), then call {@code provider.attach(hostEnd, guestMemory, gpadlPfns)} <em>before</em>
 *     the guest can send (before answering OPENCHANNEL). The ring's GPADL pages are optional; when given,
 *     a request naming them is refused with {@code EFAULT}. Where the control plane has already built the
 *     end with a handler of its own, call {@code attach} first and then install
 *     {@code provider.packetHandler()} on the end (a packet routed to an end not yet attached is dropped
 *     and counted in {@code unroutedPackets()}, never half-served).</li>
 * <li>On close or rescind of the channel: nothing more is needed. The handle listens to the channel and
 *     detaches when it leaves {@code OPEN}, before {@code ChannelEnd.close()}/{@code rescind()} return;
 *     requests in flight are dropped and nothing is written into guest memory afterwards. To stop serving
 *     a channel that stays open, call {@link org.vmbussim.azblob.vsp.provider.ProviderChannel#detach()}
 *     (requests in flight are then completed with {@code EINTR}).</li>
 * <li>At host shutdown: {@code provider.close()} (detaches every channel, completing requests in flight on
 *     open channels with {@code EINTR}, and joins the worker threads), then close the backend.</li>
 * </ol>
 *
 * <p>Threads: packets and timers run on each channel's scheduler; requests on the provider's worker pool or
 * on the executor given to the builder, except that a backend that never blocks
 * ({@link org.vmbussim.azblob.vsp.backend.BlobBackend#mayBlock()} false, the in-memory store) runs inline on
 * the channel's scheduler when no executor is given, saving the hand-off to a worker and back. With a
 * {@link org.vmbussim.core.sched.DeterministicScheduler} (single-threaded by contract) pass that scheduler
 * as the executor too, and use it for every attached channel.
 */
package org.vmbussim.azblob.vsp.provider;
