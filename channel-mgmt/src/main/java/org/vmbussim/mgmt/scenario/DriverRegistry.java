package org.vmbussim.mgmt.scenario;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.vmbussim.mgmt.bus.VmbusDriver;
import org.vmbussim.mgmt.sim.HostDeviceModel;

/**
 * The drivers a scenario can {@code guest register} by name, and the host device models a {@code host-model}
 * header line can name. An instance, never a static: build one (usually {@link #discover()}) and hand it to the
 * {@link ScenarioParser}. Thread-safe.
 *
 * <p>Built in ({@link #builtIns()}):
 * <ul>
 *   <li>{@code opening}: binds {@code classes=}, opens its channel with small rings and every sub-channel;
 *   <li>{@code passive}: binds {@code classes=}, opens nothing;
 *   <li>{@code hvsock}: binds hv_sock channels (by their flag), opens nothing;
 *   <li>{@code slow-probe}: asynchronous probe that opens its channel after {@code delay=};
 *   <li>{@code failing-probe}: probe fails with {@code errno=};
 *   <li>{@code pending-io}: opens, then keeps {@code requests=} I/O open through the device's I/O gate.
 * </ul>
 *
 * <p>Plugging in another driver: {@link #register(String, Supplier)} for a driver that needs nothing from the
 * replay, {@link #registerFactory(String, DriverFactory)} for one that takes options or needs the VM; or a
 * {@link ScenarioDriverProvider} listed in {@code META-INF/services}, which {@link #discover()} finds.
 */
public final class DriverRegistry {
    private final Map<String, DriverFactory> drivers = new TreeMap<>();
    private final Map<String, Supplier<? extends HostDeviceModel>> hostModels = new TreeMap<>();

    private DriverRegistry() {
    }

    /**
     * A registry with nothing in it.
     *
     * @return the registry
     */
    public static DriverRegistry empty() {
        return new DriverRegistry();
    }

    /**
     * A registry with the built-in scenario drivers.
     *
     * @return the registry
     */
    public static DriverRegistry builtIns() {
        return empty()
                .registerFactory("opening", OpeningDriver::prepare)
                .registerFactory("passive", PassiveDriver::preparePassive)
                .registerFactory("hvsock", PassiveDriver::prepareHvsock)
                .registerFactory("slow-probe", SlowProbeDriver::prepare)
                .registerFactory("failing-probe", FailingProbeDriver::prepare)
                .registerFactory("pending-io", PendingIoDriver::prepare);
    }

    /**
     * The built-in drivers plus those of every {@link ScenarioDriverProvider} on the class path.
     *
     * @return the registry
     */
    public static DriverRegistry discover() {
        return discover(DriverRegistry.class.getClassLoader());
    }

    /**
     * The built-in drivers plus those of every {@link ScenarioDriverProvider} a class loader sees.
     *
     * @param loader where to look for providers
     * @return the registry
     */
    public static DriverRegistry discover(final ClassLoader loader) {
        final DriverRegistry registry = builtIns();
        for (final ScenarioDriverProvider p : ServiceLoader.load(ScenarioDriverProvider.class, loader)) {
            p.registerDrivers(registry);
        }
        return registry;
    }

    /**
     * Registers a driver kind that takes options.
     *
     * @param name    the name scenarios use ({@code driver=NAME}, or the registered name itself)
     * @param factory checks the options and makes drivers
     * @return this
     * @throws IllegalArgumentException when the name is taken or not a plain word
     */
    public synchronized DriverRegistry registerFactory(final String name, final DriverFactory factory) {
        checkName(name, drivers.keySet());
        drivers.put(name, Objects.requireNonNull(factory, "factory"));
        return this;
    }

    /**
     * Registers a driver that takes no options: each replay gets {@code supplier.get()}, whose own
     * {@link VmbusDriver#name()} and id table are used on the bus.
     *
     * @param name     the name scenarios use
     * @param supplier makes a new driver for each replay
     * @return this
     * @throws IllegalArgumentException when the name is taken or not a plain word
     */
    public DriverRegistry register(final String name, final Supplier<? extends VmbusDriver> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        return registerFactory(name, spec -> {
            if (!spec.classes().isEmpty() || !spec.options().isEmpty()) {
                throw new IllegalArgumentException("driver '" + name + "' brings its own id table and takes no"
                        + " classes= or other options");
            }
            return env -> Objects.requireNonNull(supplier.get(), "driver supplier of " + name + " returned null");
        });
    }

    /**
     * Registers a host device model (VSP) that a {@code host-model NAME class=TYPE} header line can name.
     *
     * @param name     the name
     * @param supplier makes a new model for each replay
     * @return this
     * @throws IllegalArgumentException when the name is taken or not a plain word
     */
    public synchronized DriverRegistry registerHostModel(final String name,
            final Supplier<? extends HostDeviceModel> supplier) {
        checkName(name, hostModels.keySet());
        hostModels.put(name, Objects.requireNonNull(supplier, "supplier"));
        return this;
    }

    /**
     * A driver kind by name.
     *
     * @param name the name
     * @return the factory, or empty
     */
    public synchronized Optional<DriverFactory> driver(final String name) {
        return Optional.ofNullable(drivers.get(name));
    }

    /**
     * A host device model by name.
     *
     * @param name the name
     * @return its supplier, or empty
     */
    public synchronized Optional<Supplier<? extends HostDeviceModel>> hostModel(final String name) {
        return Optional.ofNullable(hostModels.get(name));
    }

    /**
     * The registered driver names.
     *
     * @return sorted
     */
    public synchronized List<String> driverNames() {
        return List.copyOf(drivers.keySet());
    }

    /**
     * The registered host model names.
     *
     * @return sorted
     */
    public synchronized List<String> hostModelNames() {
        return List.copyOf(hostModels.keySet());
    }

    private static void checkName(final String name, final Set<String> taken) {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("name '" + name + "' (expected: letters, digits, _ . -)");
        }
        if (taken.contains(name)) {
            throw new IllegalArgumentException("'" + name + "' is already registered");
        }
    }
}
