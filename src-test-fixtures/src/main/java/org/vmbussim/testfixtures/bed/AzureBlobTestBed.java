package org.vmbussim.testfixtures.bed;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.vmbussim.azblob.protocol.AzBlobProtocol;
import org.vmbussim.azblob.vsc.AzureBlobBusDriver;
import org.vmbussim.azblob.vsc.AzureBlobConfig;
import org.vmbussim.azblob.vsc.AzureBlobDevice;
import org.vmbussim.azblob.vsc.AzureBlobDriver;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.vsp.provider.AzureBlobHostModel;
import org.vmbussim.azblob.vsp.provider.AzureBlobProvider;
import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.core.devfs.FileHandle;
import org.vmbussim.core.devfs.OpenFlags;
import org.vmbussim.core.process.Credentials;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.core.sched.DeterministicScheduler;
import org.vmbussim.core.sched.Scheduler;
import org.vmbussim.mgmt.bus.BusEvent;
import org.vmbussim.mgmt.device.DeviceType;
import org.vmbussim.mgmt.host.OfferSpec;
import org.vmbussim.mgmt.message.VmbusVersion;
import org.vmbussim.mgmt.sim.HostDeviceModel;
import org.vmbussim.mgmt.sim.SimulatedVm;
import org.vmbussim.wire.Guid;

/**
 * A simulated Azure VM with Azure Blob devices, ready to use: the host offers the devices (and, if asked, the
 * rest of a typical Azure device set and the Azure Blob device's VPCI shadow, which the guest ignores), the guest
 * boots, the Azure Blob driver binds every device, and the host's provider serves them from a
 * {@link BlobBackend}.
 *
 * <pre>{@code
 * try (AzureBlobTestBed bed = AzureBlobTestBed.builder().build()) {
 *     SimProcess p = bed.spawnProcess();
 *     FileHandle fd = bed.open(p, 0);                 // /dev/azure_blob
 *     ... fd.ioctl(p, Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST, structVa) ...
 * }
 * }</pre>
 */
public final class AzureBlobTestBed implements AutoCloseable {
    /** Instance GUIDs of the Azure Blob devices the bed offers: device i has last byte i + 1. */
    private static final String INSTANCE_PREFIX = "{a2b10b00-0000-4000-8000-0000000000";

    private final Scheduler scheduler;
    private final boolean ownsScheduler;
    private final BlobBackend backend;
    private final boolean ownsBackend;
    private final AzureBlobProvider provider;
    private final SimulatedVm vm;
    private final AzureBlobDriver driver;
    private final AzureBlobBusDriver busDriver;
    private final List<BusEvent> events = new ArrayList<>();
    private final VmbusVersion version;
    private final List<Integer> blobRelids = new ArrayList<>();

    private AzureBlobTestBed(final Builder b) {
        this.ownsScheduler = b.scheduler == null;
        this.scheduler = ownsScheduler ? new DeterministicScheduler(b.seed) : b.scheduler;
        this.ownsBackend = b.backend == null;
        this.backend = ownsBackend ? StorageEngine.inMemory() : b.backend;
        final AzureBlobProvider.Builder pb = AzureBlobProvider.builder(backend).name("vsp");
        if (scheduler instanceof DeterministicScheduler) {
            pb.executor(scheduler::execute);
        } else {
            pb.workerThreads(b.providerWorkers);
        }
        this.provider = pb.build();
        this.vm = SimulatedVm.builder().memoryPages(b.memoryPages).scheduler(scheduler)
                .hostModel(AzBlobProtocol.HV_AZURE_BLOB_GUID, b.hostModel.apply(new AzureBlobHostModel(provider)))
                .build();
        vm.bus().addListener(this::record);
        this.driver = new AzureBlobDriver(b.vscConfig, vm.devfs(), vm.memory());
        this.busDriver = new AzureBlobBusDriver(driver);
        await(vm.bus().registerDriver(busDriver));
        this.version = await(vm.boot());
        if (b.typicalDeviceSet) {
            for (final DeviceType t : List.of(DeviceType.IDE, DeviceType.SCSI, DeviceType.NIC, DeviceType.KVP,
                    DeviceType.HB, DeviceType.SHUTDOWN, DeviceType.TS, DeviceType.BACKUP, DeviceType.DM,
                    DeviceType.KBD, DeviceType.MOUSE, DeviceType.FB)) {
                await(vm.host().offer(OfferSpec.of(t.classId(), instanceFor(t.ordinal() + 0x40))));
            }
        }
        for (int i = 0; i < b.devices; i++) {
            addDevice();
        }
        if (b.vpciShadow) {
            await(vm.host().offer(OfferSpec.of(DeviceType.PCIE.classId(), AzBlobProtocol.AZURE_BLOB_VPCI_INSTANCE)));
            waitFor(() -> events().stream().anyMatch(e -> e instanceof BusEvent.OfferIgnored),
                    "the VPCI shadow to be ignored");
        }
    }

    private void waitFor(final BooleanSupplier condition, final String what) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (scheduler instanceof DeterministicScheduler) {
                ((DeterministicScheduler) scheduler).runUntilIdleAdvancingTime(TimeUnit.MILLISECONDS.toNanos(10));
            } else {
                Thread.onSpinWait();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what + "; events: " + events());
            }
        }
    }

    private static Guid instanceFor(final int index) {
        return Guid.parse(INSTANCE_PREFIX + String.format("%02x", index & 0xFF) + "}");
    }

    /**
     * Starts building a bed.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    private synchronized void record(final BusEvent event) {
        events.add(event);
    }

    /**
     * Hot-adds one more Azure Blob device and waits until the driver has bound it.
     *
     * @return the new device's node path
     */
    public String addDevice() {
        final int before = devicePaths().size();
        final int relid = await(vm.host().offer(OfferSpec.of(AzBlobProtocol.HV_AZURE_BLOB_GUID,
                instanceFor(blobRelids.size() + 1))));
        blobRelids.add(relid);
        // The node appears once the driver has bound the device and published it.
        waitFor(() -> devicePaths().size() > before, "the Azure Blob driver to bind relid " + relid);
        return devicePaths().get(devicePaths().size() - 1);
    }

    /**
     * Waits for a future on the bed's scheduler (pumping a deterministic one), at most 30 s.
     *
     * @param future the future
     * @param <T>    its type
     * @return its value
     */
    public <T> T await(final CompletableFuture<T> future) {
        try {
            return scheduler.await(future, 30, TimeUnit.SECONDS);
        } catch (final ExecutionException e) {
            final Throwable cause = e.getCause();
            throw cause instanceof RuntimeException ? (RuntimeException) cause : new IllegalStateException(cause);
        } catch (final TimeoutException e) {
            throw new IllegalStateException("timed out after 30 s", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * A new simulated process (uid and gid 1000).
     *
     * @return the process
     */
    public SimProcess spawnProcess() {
        return vm.processes().spawn(Credentials.of(1000, 1000));
    }

    /**
     * Opens device {@code index} ({@code /dev/azure_blob}, {@code /dev/azure_blob1}, ...) read-write.
     *
     * @param process the opener
     * @param index   which device
     * @return the handle
     */
    public FileHandle open(final SimProcess process, final int index) {
        return vm.devfs().open(process, devicePaths().get(index), OpenFlags.O_RDWR);
    }

    /**
     * The node paths of the bound devices, in order.
     *
     * @return the paths
     */
    public List<String> devicePaths() {
        final List<String> paths = new ArrayList<>();
        for (final String p : vm.devfs().list()) {
            if (p.startsWith("/dev/" + AzureBlobConfig.DEFAULT_NODE_BASE_NAME)) {
                paths.add(p);
            }
        }
        return paths;
    }

    /**
     * The bound devices.
     *
     * @return the devices
     */
    public List<AzureBlobDevice> devices() {
        return driver.devices();
    }

    /**
     * Bus events so far, in order.
     *
     * @return a copy
     */
    public synchronized List<BusEvent> events() {
        return new ArrayList<>(events);
    }

    /**
     * The VMBus version the guest negotiated.
     *
     * @return the version
     */
    public VmbusVersion version() {
        return version;
    }

    /**
     * The relids of the Azure Blob devices, in the order offered.
     *
     * @return the relids
     */
    public List<Integer> blobRelids() {
        return List.copyOf(blobRelids);
    }

    /**
     * The VM (host, guest, memory, processes).
     *
     * @return the VM
     */
    public SimulatedVm vm() {
        return vm;
    }

    /**
     * The scheduler.
     *
     * @return the scheduler
     */
    public Scheduler scheduler() {
        return scheduler;
    }

    /**
     * The host's provider.
     *
     * @return the provider
     */
    public AzureBlobProvider provider() {
        return provider;
    }

    /**
     * The blob store behind the provider.
     *
     * @return the backend
     */
    public BlobBackend backend() {
        return backend;
    }

    /**
     * The guest's Azure Blob driver.
     *
     * @return the driver
     */
    public AzureBlobDriver driver() {
        return driver;
    }

    /**
     * Ends the processes, unbinds the driver (removing its devices), stops the provider, and closes what the bed
     * created (backend, scheduler).
     */
    @Override
    public void close() {
        vm.close();
        try {
            await(vm.bus().unregisterDriver(busDriver));
        } finally {
            provider.close();
            if (ownsBackend) {
                try {
                    backend.close();
                } catch (final Exception e) {
                    throw new IllegalStateException("closing the backend failed", e);
                }
            }
            if (ownsScheduler) {
                scheduler.close();
            }
        }
    }

    /** Builds an {@link AzureBlobTestBed}. */
    public static final class Builder {
        private Scheduler scheduler;
        private long seed = 1;
        private BlobBackend backend;
        private int memoryPages = 65_536;
        private int devices = 1;
        private boolean vpciShadow = true;
        private boolean typicalDeviceSet;
        private int providerWorkers = 2;
        private AzureBlobConfig vscConfig = AzureBlobConfig.builder().withoutJmx().build();
        private UnaryOperator<HostDeviceModel> hostModel = UnaryOperator.identity();

        private Builder() {
        }

        /**
         * Wraps the Azure Blob host model (the provider's glue) before the host uses it, e.g. in a model
         * that drops, holds or forges packets to play a hostile or silent host.
         *
         * @param value the wrapper; given the provider's model, returns the model the host uses
         * @return this
         */
        public Builder hostModel(final UnaryOperator<HostDeviceModel> value) {
            this.hostModel = Objects.requireNonNull(value, "hostModel");
            return this;
        }

        /**
         * The scheduler; by default the bed makes (and closes) a {@link DeterministicScheduler} with {@link #seed}.
         *
         * @param value the scheduler (the caller closes it)
         * @return this
         */
        public Builder scheduler(final Scheduler value) {
            this.scheduler = Objects.requireNonNull(value, "scheduler");
            return this;
        }

        /**
         * The seed of the default deterministic scheduler.
         *
         * @param value the seed
         * @return this
         */
        public Builder seed(final long value) {
            this.seed = value;
            return this;
        }

        /**
         * The blob store; by default a new in-memory store (closed with the bed).
         *
         * @param value the backend (the caller closes it)
         * @return this
         */
        public Builder backend(final BlobBackend value) {
            this.backend = Objects.requireNonNull(value, "backend");
            return this;
        }

        /**
         * Guest RAM in 4 KiB pages (default 65536: 256 MiB).
         *
         * @param value pages
         * @return this
         */
        public Builder memoryPages(final int value) {
            this.memoryPages = value;
            return this;
        }

        /**
         * How many Azure Blob devices the host offers at boot (default 1).
         *
         * @param value the count
         * @return this
         */
        public Builder devices(final int value) {
            this.devices = value;
            return this;
        }

        /**
         * Whether the host also offers the Azure Blob device's VPCI shadow (default true; the guest ignores it).
         *
         * @param value whether to offer it
         * @return this
         */
        public Builder vpciShadow(final boolean value) {
            this.vpciShadow = value;
            return this;
        }

        /**
         * Whether the host also offers a typical Azure VM's other devices (IDE, SCSI, NIC, KVP, heartbeat,
         * shutdown, time sync, VSS, dynamic memory, keyboard, mouse, video); no driver binds them here.
         *
         * @param value whether to offer them
         * @return this
         */
        public Builder typicalDeviceSet(final boolean value) {
            this.typicalDeviceSet = value;
            return this;
        }

        /**
         * Provider worker threads when the scheduler is threaded (default 2).
         *
         * @param value threads
         * @return this
         */
        public Builder providerWorkers(final int value) {
            this.providerWorkers = value;
            return this;
        }

        /**
         * The guest driver's settings (default: defaults without JMX).
         *
         * @param value the settings
         * @return this
         */
        public Builder vscConfig(final AzureBlobConfig value) {
            this.vscConfig = Objects.requireNonNull(value, "vscConfig");
            return this;
        }

        /**
         * Builds, boots and binds.
         *
         * @return the bed
         */
        public AzureBlobTestBed build() {
            return new AzureBlobTestBed(this);
        }
    }
}
