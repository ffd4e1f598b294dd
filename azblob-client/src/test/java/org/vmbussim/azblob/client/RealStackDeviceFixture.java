package org.vmbussim.azblob.client;

import java.util.concurrent.TimeUnit;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.vsp.backend.SharedKeyCredential;
import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.core.devfs.Devfs;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.core.sched.ThreadedScheduler;
import org.vmbussim.testfixtures.bed.AzureBlobTestBed;

/**
 * The real stack behind the device node: a simulated Azure VM whose Azure Blob guest driver (VSC) sends each
 * request over a VMBus ring to the host provider (VSP), which serves it from a backend — the fixture the
 * contract and SDK suites run against besides the in-process double. Threaded, because the SDK sends from its
 * own threads.
 */
public final class RealStackDeviceFixture implements BlobDeviceFixture {
    private final ThreadedScheduler scheduler = new ThreadedScheduler("vmbus-test", 2);
    private final PausableBackend backend;
    private final AzureBlobTestBed bed;

    /**
     * A VM whose provider serves a backend (closed with the fixture).
     *
     * @param backend the host's store, verifying SharedKey for {@code devstoreaccount1}
     */
    public RealStackDeviceFixture(final BlobBackend backend) {
        this.backend = new PausableBackend(backend);
        this.bed = AzureBlobTestBed.builder().scheduler(scheduler).backend(this.backend).build();
    }

    /**
     * A VM over a fresh in-memory store.
     *
     * @return the fixture
     */
    public static RealStackDeviceFixture inMemory() {
        return new RealStackDeviceFixture(StorageEngine.inMemory());
    }

    /**
     * The test bed (VM, driver, provider).
     *
     * @return the bed
     */
    public AzureBlobTestBed bed() {
        return bed;
    }

    @Override
    public Devfs devfs() {
        return bed.vm().devfs();
    }

    @Override
    public String devicePath() {
        return bed.devicePaths().get(0);
    }

    @Override
    public SimProcess spawnProcess() {
        return bed.spawnProcess();
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
    public void pauseHost() {
        backend.pause();
    }

    @Override
    public void resumeHost() {
        backend.resume();
    }

    @Override
    public int hostInFlight() {
        return backend.inFlight();
    }

    @Override
    public long requestsSent() {
        return bed.devices().stream().mapToLong(d -> d.statistics().requestsSubmitted()).sum();
    }

    @Override
    public void close() {
        try {
            bed.close();
            backend.close();
        } catch (final Exception e) {
            throw new IllegalStateException("closing the real-stack fixture failed", e);
        } finally {
            scheduler.shutdown(5, TimeUnit.SECONDS);
        }
    }
}
