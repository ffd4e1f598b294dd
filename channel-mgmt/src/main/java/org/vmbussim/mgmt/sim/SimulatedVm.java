package org.vmbussim.mgmt.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.vmbussim.core.devfs.Devfs;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.process.ProcessTable;
import org.vmbussim.core.sched.Scheduler;
import org.vmbussim.mgmt.bus.VmbusBus;
import org.vmbussim.mgmt.guest.GuestConfig;
import org.vmbussim.mgmt.guest.VmbusGuest;
import org.vmbussim.mgmt.host.HostConfig;
import org.vmbussim.mgmt.host.VmbusHost;
import org.vmbussim.mgmt.message.VmbusVersion;
import org.vmbussim.mgmt.spi.ControlExecutor;
import org.vmbussim.mgmt.spi.Side;
import org.vmbussim.wire.Guid;

/**
 * One simulated Hyper-V VM: guest memory, a scheduler, the host (simulated Hyper-V with its device models)
 * and the guest (its VMBus driver, bus, {@code /dev} and processes). Host and guest exchange channel messages
 * through the host's PostMessage and the guest's SynIC, and data through rings in guest pages. Several VMs
 * can live in one JVM; nothing here is static.
 *
 * <pre>{@code
 * try (SimulatedVm vm = SimulatedVm.builder().scheduler(new DeterministicScheduler(1)).build()) {
 *     vm.bus().registerDriver(myDriver);
 *     vm.scheduler().await(vm.boot(), 5, TimeUnit.SECONDS);
 *     vm.scheduler().await(vm.host().offer(OfferSpec.of(classId, instanceId)), 5, TimeUnit.SECONDS);
 * }
 * }</pre>
 */
public final class SimulatedVm implements AutoCloseable {
    private final GuestMemory memory;
    private final Scheduler scheduler;
    private final ControlExecutor control;
    private final CoreDataPaths dataPaths;
    private final VmbusHost host;
    private final VmbusGuest guest;
    private final Devfs devfs = new Devfs();
    private final ProcessTable processes;

    private SimulatedVm(final Builder b) {
        this.memory = b.memory != null ? b.memory : GuestMemory.builder().name(b.name).pageCount(b.memoryPages).build();
        this.scheduler = Objects.requireNonNull(b.scheduler, "scheduler");
        this.control = SchedulerControlExecutor.serialOver(scheduler);
        this.dataPaths = new CoreDataPaths(memory, scheduler, b.models);
        this.host = new VmbusHost(b.hostConfig, control, dataPaths.forSide(Side.HOST));
        this.guest = new VmbusGuest(b.guestConfig, control, new GuestMemoryRingPages(memory),
                dataPaths.forSide(Side.GUEST), host::postMessage);
        host.attachGuest(guest::deliverMessage);
        this.processes = new ProcessTable(memory);
    }

    /**
     * Starts building a VM.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Connects the guest's VMBus (version negotiation, offers) and completes when every offer was delivered.
     *
     * @return the negotiated version, once all offers are in
     */
    public CompletableFuture<VmbusVersion> boot() {
        return guest.connect().thenCompose(v -> guest.allOffersDelivered().thenApply(x -> v));
    }

    /**
     * Guest physical memory.
     *
     * @return the memory
     */
    public GuestMemory memory() {
        return memory;
    }

    /**
     * The scheduler callbacks and timers run on.
     *
     * @return the scheduler
     */
    public Scheduler scheduler() {
        return scheduler;
    }

    /**
     * The simulated Hyper-V host.
     *
     * @return the host
     */
    public VmbusHost host() {
        return host;
    }

    /**
     * The guest's VMBus driver.
     *
     * @return the guest
     */
    public VmbusGuest guest() {
        return guest;
    }

    /**
     * The guest's device bus (drivers register here).
     *
     * @return the bus
     */
    public VmbusBus bus() {
        return guest.bus();
    }

    /**
     * The guest's {@code /dev}.
     *
     * @return the device file system
     */
    public Devfs devfs() {
        return devfs;
    }

    /**
     * The guest's processes.
     *
     * @return the process table
     */
    public ProcessTable processes() {
        return processes;
    }

    /**
     * The data paths (diagnostics).
     *
     * @return the data paths
     */
    public CoreDataPaths dataPaths() {
        return dataPaths;
    }

    /** Ends every process of the guest (closing their files). The scheduler is the caller's to close. */
    @Override
    public void close() {
        processes.exitAll();
    }

    /** Builds a {@link SimulatedVm}. */
    public static final class Builder {
        private String name = "guest";
        private int memoryPages = 16_384;
        private GuestMemory memory;
        private Scheduler scheduler;
        private GuestConfig guestConfig = GuestConfig.builder().build();
        private HostConfig hostConfig = HostConfig.DEFAULTS;
        private final Map<Guid, HostDeviceModel> models = new HashMap<>();

        private Builder() {
        }

        /**
         * A name for the guest memory.
         *
         * @param value the name
         * @return this
         */
        public Builder name(final String value) {
            this.name = Objects.requireNonNull(value, "name");
            return this;
        }

        /**
         * Guest RAM in 4 KiB pages (default 16384: 64 MiB).
         *
         * @param value pages
         * @return this
         */
        public Builder memoryPages(final int value) {
            this.memoryPages = value;
            return this;
        }

        /**
         * Uses existing guest memory instead.
         *
         * @param value the memory
         * @return this
         */
        public Builder memory(final GuestMemory value) {
            this.memory = value;
            return this;
        }

        /**
         * The scheduler (deterministic for replays and tests, threaded for real use); required.
         *
         * @param value the scheduler
         * @return this
         */
        public Builder scheduler(final Scheduler value) {
            this.scheduler = value;
            return this;
        }

        /**
         * The guest's VMBus configuration.
         *
         * @param value the configuration
         * @return this
         */
        public Builder guestConfig(final GuestConfig value) {
            this.guestConfig = Objects.requireNonNull(value, "guestConfig");
            return this;
        }

        /**
         * The host's configuration.
         *
         * @param value the configuration
         * @return this
         */
        public Builder hostConfig(final HostConfig value) {
            this.hostConfig = Objects.requireNonNull(value, "hostConfig");
            return this;
        }

        /**
         * A host device model (VSP) for a device class.
         *
         * @param classId the class GUID
         * @param model   the model
         * @return this
         */
        public Builder hostModel(final Guid classId, final HostDeviceModel model) {
            models.put(Objects.requireNonNull(classId, "classId"), Objects.requireNonNull(model, "model"));
            return this;
        }

        /**
         * Builds the VM (not yet booted).
         *
         * @return the VM
         */
        public SimulatedVm build() {
            return new SimulatedVm(this);
        }
    }
}
