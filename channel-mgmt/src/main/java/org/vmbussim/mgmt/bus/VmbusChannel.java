package org.vmbussim.mgmt.bus;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.vmbussim.mgmt.device.DeviceType;
import org.vmbussim.mgmt.message.OfferChannel;
import org.vmbussim.mgmt.spi.ChannelDataPath;

/**
 * A channel as a driver sees it ({@code struct vmbus_channel}): a primary channel belongs to a
 * {@link VmbusDevice}; sub-channels hang off their primary. Methods that change state return futures and run on
 * the control executor; they may be called from any thread.
 */
public interface VmbusChannel {

    /**
     * The relid.
     *
     * @return the relid
     */
    int relid();

    /**
     * The offer the channel came from.
     *
     * @return the OFFERCHANNEL message
     */
    OfferChannel offer();

    /**
     * The device type ({@link DeviceType#UNKNOWN} for hv_sock and unknown GUIDs).
     *
     * @return the type
     */
    DeviceType deviceType();

    /**
     * The current state.
     *
     * @return the state
     */
    ChannelState state();

    /**
     * Whether the host has rescinded the channel.
     *
     * @return true after a rescind
     */
    boolean isRescinded();

    /**
     * The primary of a sub-channel.
     *
     * @return the primary, or empty for a primary channel
     */
    Optional<VmbusChannel> primary();

    /**
     * The sub-channels offered so far ({@code sc_list}).
     *
     * @return a snapshot
     */
    List<VmbusChannel> subChannels();

    /**
     * Sets the callback for sub-channels offered from now on ({@code vmbus_set_sc_create_callback}); it runs on
     * the control executor.
     *
     * @param callback called with each new sub-channel
     */
    void setSubChannelCallback(Consumer<VmbusChannel> callback);

    /**
     * The gate every I/O on this channel goes through.
     *
     * @return the gate
     */
    IoGate ioGate();

    /**
     * Opens the channel ({@code vmbus_open}): allocates the rings, creates their GPADL, sends OPENCHANNEL, and
     * creates the data path when the host accepts. Every wait is bounded.
     *
     * @param params ring sizes and open data
     * @return the data path; fails with an {@link org.vmbussim.uapi.ErrnoException}: EBUSY or EINVAL in the
     *         wrong state, ENODEV when rescinded or being removed, ENOMEM without ring pages, EDQUOT when the host
     *         refused the GPADL, EAGAIN when it refused the open, ETIMEDOUT when it did not answer
     */
    CompletableFuture<ChannelDataPath> open(OpenParams params);

    /**
     * Closes an open channel ({@code vmbus_close}): sub-channels first, then the data path, CLOSECHANNEL and the
     * GPADL teardown; the ring pages are freed once the host has torn the GPADL down.
     *
     * @return completes when closed; fails with EINVAL when the channel is not open
     */
    CompletableFuture<Void> close();

    /**
     * For the bus: closes the channel if it is open, or once an open in flight has settled.
     *
     * @return completes when the channel is no longer open
     */
    CompletableFuture<Void> shutdown();

    /**
     * The data path while the channel is open.
     *
     * @return the data path, or empty
     */
    Optional<ChannelDataPath> dataPath();
}
