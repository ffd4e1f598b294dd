package org.vmbussim.azblob.client;

import org.vmbussim.core.devfs.Devfs;
import org.vmbussim.core.process.SimProcess;

/**
 * What {@link AbstractBlobClientContractTest} needs from a blob device under test: a guest whose devfs has a
 * blob device node, processes of that guest, and the storage account the host serves behind the node. An
 * implementation may be the {@link InProcessDeviceFixture} test double or the real VSC + VSP over a
 * simulated VMBus.
 */
public interface BlobDeviceFixture extends AutoCloseable {
    /**
     * The guest's device file system.
     *
     * @return the devfs holding the node
     */
    Devfs devfs();

    /**
     * The blob device node.
     *
     * @return e.g. {@code /dev/azure_blob}
     */
    String devicePath();

    /**
     * A new guest process that may open the node (each test gets its own).
     *
     * @return the process's main task
     */
    SimProcess spawnProcess();

    /**
     * The account the host serves (path-style, {@code /{account}/...}).
     *
     * @return e.g. {@code devstoreaccount1}
     */
    String accountName();

    /**
     * The account's key, which the host verifies SharedKey signatures with.
     *
     * @return Base64 key
     */
    String accountKey();

    /** Holds the requests that reach the host from now on until {@link #resumeHost()} (to observe overlap). */
    void pauseHost();

    /** Lets held requests and later ones through. */
    void resumeHost();

    /**
     * Requests the host holds or runs right now.
     *
     * @return the count
     */
    int hostInFlight();

    /**
     * Requests that reached the device node so far.
     *
     * @return the count
     */
    long requestsSent();

    /** Exits the processes and tears the device and its host down. */
    @Override
    void close();
}
