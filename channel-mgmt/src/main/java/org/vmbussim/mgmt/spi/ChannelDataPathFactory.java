package org.vmbussim.mgmt.spi;

/**
 * Creates the data path (rings, packets, requestor table, signalling: vmbus-core) of a channel when it is
 * opened. The guest calls it after the host accepted OPENCHANNEL; the host calls it when it accepts one.
 * Called on the control executor.
 */
public interface ChannelDataPathFactory {

    /**
     * Maps the rings of a just-opened channel.
     *
     * @param spec the channel and its ring GPADL
     * @return the data path; {@link ChannelDataPath#close()} is called exactly once when the channel closes
     * @throws org.vmbussim.uapi.ErrnoException to refuse: the host then answers OPENCHANNEL with a failure
     *         status; the guest fails the open with that errno and closes the channel again
     */
    ChannelDataPath open(DataPathSpec spec);
}
