package org.vmbussim.azblob.client;

import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.vsp.backend.SharedKeyCredential;
import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.core.devfs.Devfs;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.process.Credentials;
import org.vmbussim.core.process.ProcessTable;
import org.vmbussim.core.process.SimProcess;

/**
 * TEST DOUBLE fixture: a guest (memory, process table, devfs) with an {@link InProcessBlobDevice} node over a
 * host backend for {@code devstoreaccount1}, SharedKey verified by the backend. Owns and closes the backend.
 */
public final class InProcessDeviceFixture implements BlobDeviceFixture {
    /** Default guest RAM: 192 MiB, room for 8 buffer sets of 4 MiB, a few per-request buffers, and the tests. */
    public static final int DEFAULT_GUEST_PAGES = 192 * 256;

    private final BlobBackend backend;
    private final GuestMemory memory;
    private final ProcessTable processes;
    private final Devfs devfs = new Devfs();
    private final InProcessBlobDevice device;
    private final String path;

    /**
     * A guest with a device over a backend.
     *
     * @param backend    the host's store (closed with the fixture)
     * @param guestPages guest RAM in pages
     */
    public InProcessDeviceFixture(final BlobBackend backend, final int guestPages) {
        this.backend = backend;
        this.memory = GuestMemory.builder().name("client-test-guest").pageCount(guestPages).build();
        this.processes = new ProcessTable(memory);
        this.device = new InProcessBlobDevice(backend, 4);
        this.path = device.register(devfs);
    }

    /**
     * A guest with default RAM over a fresh in-memory store (SharedKey on).
     *
     * @return the fixture
     */
    public static InProcessDeviceFixture inMemory() {
        return new InProcessDeviceFixture(StorageEngine.inMemory(), DEFAULT_GUEST_PAGES);
    }

    /**
     * The device double, for fault injection and counters.
     *
     * @return the device
     */
    public InProcessBlobDevice device() {
        return device;
    }

    /**
     * Guest RAM.
     *
     * @return the memory
     */
    public GuestMemory memory() {
        return memory;
    }

    @Override
    public Devfs devfs() {
        return devfs;
    }

    @Override
    public String devicePath() {
        return path;
    }

    @Override
    public SimProcess spawnProcess() {
        return processes.spawn(Credentials.of(1000, 1000));
    }

    @Override
    public String accountName() {
        return SharedKeyCredential.DEV_ACCOUNT;
    }

    @Override
    public String accountKey() {
        return SharedKeyCredential.DEV_ACCOUNT_KEY;
    }

    @Override
    public void close() {
        processes.exitAll();
        devfs.unregister(path);
        device.close();
        backend.close();
    }

    @Override
    public void pauseHost() {
        device.pause();
    }

    @Override
    public void resumeHost() {
        device.resume();
    }

    @Override
    public int hostInFlight() {
        return device.inFlight();
    }

    @Override
    public long requestsSent() {
        return device.requests();
    }
}
