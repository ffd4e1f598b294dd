/**
 * The Azure Blob guest driver (VSC), after the seed patch {@code drivers/hv/hv_azure_blob.c} (v4,
 * VMBUS-REFERENCE.md §5) and fixing what its reviewers and RELIABILITY.md found: the
 * {@code /dev/azure_blob} device node, request validation, pinning, the GPA-direct packet, completion
 * checking, bounded waits, removal and diagnostics. Every deliberate difference from the seed is listed in
 * docs/differences-from-seed.md.
 *
 * <h2>Public API</h2>
 * <ul>
 * <li>{@link org.vmbussim.azblob.vsc.AzureBlobDriver}: one per guest; id table, channel parameters,
 *     channel callback, {@code probe}.</li>
 * <li>{@link org.vmbussim.azblob.vsc.AzureBlobDevice}: one per probed channel; node path, {@code remove},
 *     statistics, pending-request listing, MXBean name.</li>
 * <li>{@link org.vmbussim.azblob.vsc.AzureBlobConfig}: timeouts, bounds, node name, JMX.</li>
 * <li>{@link org.vmbussim.azblob.vsc.AzureBlobStatistics},
 *     {@link org.vmbussim.azblob.vsc.AzureBlobDeviceMXBean}: diagnostics.</li>
 * </ul>
 * User space reaches a device through {@code Devfs.open(process, "/dev/azure_blob", flags)} and
 * {@code FileHandle.ioctl / submit} with {@code Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST} and the user
 * address of an {@code az_blob_request_sync}.
 *
 * <h2>What the bus glue must do</h2>
 * The driver does not depend on channel-mgmt; a bus adapter wraps it:
 * <ol>
 * <li><b>Create</b> one {@code AzureBlobDriver(config, devfs, guestMemory)} per guest and register it with
 *     the bus under {@link org.vmbussim.azblob.vsc.AzureBlobDriver#NAME}; match offers with
 *     {@link org.vmbussim.azblob.vsc.AzureBlobDriver#matches} ({@link
 *     org.vmbussim.azblob.vsc.AzureBlobDriver#ID_TABLE}: the class GUID).</li>
 * <li><b>Probe</b>: open the offer's channel with send and receive rings of
 *     {@link org.vmbussim.azblob.vsc.AzureBlobDriver#RING_BYTES} each, a requestor of
 *     {@link org.vmbussim.azblob.vsc.AzureBlobDriver#REQUESTOR_SIZE} ids and
 *     {@link org.vmbussim.azblob.vsc.AzureBlobDriver#channelCallback()} as the packet handler, then call
 *     {@link org.vmbussim.azblob.vsc.AzureBlobDriver#probe(org.vmbussim.core.channel.ChannelEnd)}. If it
 *     throws, close the channel and report the probe failure with its errno. Where the control plane opens
 *     the channel before the driver attaches, give the guest end its requestor table and handler first
 *     ({@code ChannelEnd.configureRequestor(REQUESTOR_SIZE)}, {@code ChannelEnd.setHandler(channelCallback())}
 *     in the vmbus-core that has them); {@code probe} refuses a channel without a requestor.</li>
 * <li><b>Rescind</b>: call {@code ChannelEnd.rescind()} on the guest end (the device fails its pending
 *     requests with {@code ENODEV} and gives back every page and id at once), then remove the device as
 *     below, as Linux unregisters the device after a rescind.</li>
 * <li><b>Remove</b> (unbind, rescind, bus shutdown): call
 *     {@link org.vmbussim.azblob.vsc.AzureBlobDevice#remove()} from a thread that may block (bounded by
 *     {@link org.vmbussim.azblob.vsc.AzureBlobConfig#removeDrainMillis()}), or
 *     {@link org.vmbussim.azblob.vsc.AzureBlobDevice#beginRemove()} from a scheduler task and continue when
 *     its future completes. Removal closes the guest end itself; afterwards the bus tears down the ring
 *     GPADL and frees the ring pages. Nothing waits for user handles to close.</li>
 * </ol>
 * The driver starts no threads: callbacks and timers run on the channel's
 * {@link org.vmbussim.core.sched.Scheduler}; a synchronous ioctl waits with {@code Scheduler.await}, so it
 * works on both the deterministic and the threaded scheduler.
 */
package org.vmbussim.azblob.vsc;
