package org.vmbussim.mgmt.spi;

/**
 * The data path of one open channel, as the control plane sees it: it only ever closes it. Drivers reach the
 * implementation (vmbus-core's channel) through {@link #unwrap(Class)}.
 */
public interface ChannelDataPath {

    /**
     * Stops the data path before the channel's CLOSECHANNEL and GPADL teardown: no callback runs after this
     * returns, sends fail with ENODEV, requests still pending complete with ENODEV, and every requestor slot
     * and page the data path pinned is returned. Called once, on the control executor; must not block on the
     * peer.
     */
    void close();

    /**
     * The implementation as a given type, for drivers that need the ring API.
     *
     * @param type the wanted type
     * @param <T>  the type
     * @return this, cast
     * @throws ClassCastException when this data path is not a {@code type}
     */
    default <T> T unwrap(final Class<T> type) {
        return type.cast(this);
    }
}
