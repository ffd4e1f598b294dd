package org.vmbussim.mgmt.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.vmbussim.mgmt.bus.BusConfig;
import org.vmbussim.mgmt.guest.GuestConfig;
import org.vmbussim.mgmt.host.HostConfig;
import org.vmbussim.mgmt.sim.HostDeviceModel;
import org.vmbussim.wire.Guid;

/**
 * A parsed scenario: its header (seed, guest and host configuration, memory, host models) and its statements.
 * Immutable and free of per-run state, so it can be replayed any number of times, each replay on its own VM.
 * Made by {@link ScenarioParser}; replayed by {@link ScenarioRunner}.
 */
public final class Scenario {
    /** Default guest RAM: 4 MiB, room for the rings of dozens of channels. */
    static final int DEFAULT_MEMORY_PAGES = 1024;
    /** Default time allowed to settle after the last statement: 60 s. */
    static final long DEFAULT_END_SETTLE_NANOS = 60_000_000_000L;

    private final String name;
    private final String source;
    private final String title;
    private final long seed;
    private final GuestConfig guestConfig;
    private final HostConfig hostConfig;
    private final int memoryPages;
    private final long endSettleNanos;
    private final Map<Guid, Supplier<? extends HostDeviceModel>> hostModels;
    private final List<Step> steps;

    Scenario(final Header header, final List<Step> steps) {
        this.name = header.name;
        this.source = header.source;
        this.title = header.title;
        this.seed = header.seed;
        this.guestConfig = header.guestConfig();
        this.hostConfig = header.hostConfig;
        this.memoryPages = header.memoryPages;
        this.endSettleNanos = header.endSettleNanos;
        this.hostModels = Map.copyOf(header.hostModels);
        this.steps = List.copyOf(steps);
    }

    /**
     * The name: the file name without {@code .scenario}.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Where it was read from, as errors and failures name it.
     *
     * @return the file name
     */
    public String source() {
        return source;
    }

    /**
     * The {@code title} header line.
     *
     * @return the title, or empty
     */
    public Optional<String> title() {
        return Optional.ofNullable(title);
    }

    /**
     * The {@code seed} header line (default 1): seeds the scheduler and the instance GUIDs the runner makes up.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * The guest's configuration from the header.
     *
     * @return the configuration
     */
    public GuestConfig guestConfig() {
        return guestConfig;
    }

    /**
     * The host's configuration from the header.
     *
     * @return the configuration
     */
    public HostConfig hostConfig() {
        return hostConfig;
    }

    /**
     * Guest RAM in pages ({@code memory-pages}, default 1024).
     *
     * @return pages
     */
    public int memoryPages() {
        return memoryPages;
    }

    /**
     * How far simulated time may run after the last statement ({@code end-settle}, default 60 s).
     *
     * @return nanoseconds
     */
    public long endSettleNanos() {
        return endSettleNanos;
    }

    /**
     * Host device models by class ({@code host-model} header lines).
     *
     * @return the suppliers
     */
    public Map<Guid, Supplier<? extends HostDeviceModel>> hostModels() {
        return hostModels;
    }

    /**
     * How many statements (actions and expectations) it has.
     *
     * @return the count
     */
    public int statementCount() {
        return steps.size();
    }

    List<Step> steps() {
        return steps;
    }

    @Override
    public String toString() {
        return "Scenario[" + source + ", seed=" + seed + ", " + steps.size() + " statements]";
    }

    /** The header as it is being parsed. */
    static final class Header {
        final String name;
        final String source;
        final GuestConfig.Builder guest = GuestConfig.builder();
        final Map<Guid, Supplier<? extends HostDeviceModel>> hostModels = new LinkedHashMap<>();
        String title;
        long seed = 1;
        HostConfig hostConfig = HostConfig.DEFAULTS;
        int memoryPages = DEFAULT_MEMORY_PAGES;
        long endSettleNanos = DEFAULT_END_SETTLE_NANOS;
        long drainTimeoutNanos = BusConfig.DEFAULTS.drainTimeoutNanos();
        long probeTimeoutNanos = BusConfig.DEFAULTS.probeTimeoutNanos();

        Header(final String name, final String source) {
            this.name = Objects.requireNonNull(name, "name");
            this.source = Objects.requireNonNull(source, "source");
        }

        GuestConfig guestConfig() {
            return guest.bus(new BusConfig(drainTimeoutNanos, probeTimeoutNanos)).build();
        }
    }
}
