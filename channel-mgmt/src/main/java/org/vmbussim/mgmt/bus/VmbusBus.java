package org.vmbussim.mgmt.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.mgmt.spi.Cancellable;
import org.vmbussim.mgmt.spi.ControlExecutor;
import org.vmbussim.mgmt.support.BoundedWait;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

/**
 * The VMBus bus of one guest ({@code hv_bus}): its drivers and devices, matching, probe and removal. The guest's
 * channel manager adds a device per primary channel and removes it on rescind or unload; embedders register and
 * unregister drivers.
 *
 * <p>All state is confined to the control executor; the public methods hop onto it and return futures, so they
 * may be called from any thread. {@link #devices()} and {@link #drivers()} return snapshots.
 */
public final class VmbusBus {
    private static final Logger LOG = LoggerFactory.getLogger(VmbusBus.class);

    private final ControlExecutor executor;
    private final BusConfig config;
    private final List<BusListener> listeners = new CopyOnWriteArrayList<>();
    private final List<VmbusDriver> drivers = new ArrayList<>();
    private final List<VmbusDevice> devices = new ArrayList<>();
    private volatile List<VmbusDriver> driverSnapshot = List.of();
    private volatile List<VmbusDevice> deviceSnapshot = List.of();

    /**
     * Creates an empty bus.
     *
     * @param executor the control executor
     * @param config   the bounds on waiting for drivers
     */
    public VmbusBus(final ControlExecutor executor, final BusConfig config) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Adds a listener for bus events.
     *
     * @param listener the listener
     */
    public void addListener(final BusListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Removes a listener.
     *
     * @param listener the listener
     */
    public void removeListener(final BusListener listener) {
        listeners.remove(listener);
    }

    /**
     * Reports an event to the listeners; for the channel manager, on the control executor.
     *
     * @param event the event
     */
    public void emit(final BusEvent event) {
        LOG.debug("bus event {}", event);
        for (final BusListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (final RuntimeException e) {
                LOG.warn("bus listener {} failed on {}", l, event, e);
            }
        }
    }

    /**
     * The devices on the bus.
     *
     * @return a snapshot
     */
    public List<VmbusDevice> devices() {
        return deviceSnapshot;
    }

    /**
     * The registered drivers.
     *
     * @return a snapshot
     */
    public List<VmbusDriver> drivers() {
        return driverSnapshot;
    }

    /**
     * Registers a driver and probes every unbound device it matches ({@code vmbus_driver_register}).
     *
     * @param driver the driver
     * @return completes when registered and those probes have settled; fails with EEXIST when a driver of that
     *         name is registered
     */
    public CompletableFuture<Void> registerDriver(final VmbusDriver driver) {
        Objects.requireNonNull(driver, "driver");
        final CompletableFuture<Void> done = new CompletableFuture<>();
        executor.execute(() -> {
            for (final VmbusDriver d : drivers) {
                if (d.name().equals(driver.name())) {
                    done.completeExceptionally(new ErrnoException(Errno.EEXIST, "driver " + driver.name()
                            + " is already registered"));
                    return;
                }
            }
            drivers.add(driver);
            driverSnapshot = List.copyOf(drivers);
            final List<CompletableFuture<Void>> probes = new ArrayList<>();
            for (final VmbusDevice dev : devices) {
                if (dev.state() == DeviceState.UNBOUND) {
                    final DeviceId id = match(driver, dev);
                    if (id != null) {
                        probes.add(probe(dev, driver, id).settled);
                    }
                }
            }
            CompletableFuture.allOf(probes.toArray(new CompletableFuture<?>[0]))
                    .whenComplete((v, e) -> done.complete(null));
        });
        return done;
    }

    /**
     * Unregisters a driver: every device it has bound is removed from it (I/O stopped, drained with a bound, the
     * driver's remove called, channels closed) and stays on the bus unbound.
     *
     * @param driver the driver
     * @return completes when every such device is unbound; fails with ENOENT when the driver is not registered
     */
    public CompletableFuture<Void> unregisterDriver(final VmbusDriver driver) {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        executor.execute(() -> {
            if (!drivers.remove(driver)) {
                done.completeExceptionally(new ErrnoException(Errno.ENOENT, "driver " + driver.name()
                        + " is not registered"));
                return;
            }
            driverSnapshot = List.copyOf(drivers);
            final List<CompletableFuture<Void>> removals = new ArrayList<>();
            for (final VmbusDevice dev : List.copyOf(devices)) {
                if (dev.driver() == driver) {
                    removals.add(unbind(dev, RemoveReason.DRIVER_UNREGISTERED));
                }
            }
            CompletableFuture.allOf(removals.toArray(new CompletableFuture<?>[0]))
                    .whenComplete((v, e) -> done.complete(null));
        });
        return done;
    }

    /**
     * Binds an unbound device to the first registered driver that matches it, as writing its name to sysfs
     * {@code drivers_probe} does (after a failed probe or an {@link #unbindDevice unbind}).
     *
     * @param device the device
     * @return completes when the device is bound; fails with ENODEV when it is not (or no longer) on the bus,
     *         EBUSY when a driver is bound or probing, ENOENT when no registered driver matches, and the probe's
     *         errno when the probe failed
     */
    public CompletableFuture<Void> probeDevice(final VmbusDevice device) {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        executor.execute(() -> {
            if (!onBus(device, done)) {
                return;
            }
            if (device.state() != DeviceState.UNBOUND) {
                done.completeExceptionally(new ErrnoException(Errno.EBUSY, device.name() + " is " + device.state()));
                return;
            }
            for (final VmbusDriver d : drivers) {
                final DeviceId id = match(d, device);
                if (id != null) {
                    final ProbeAttempt attempt = probe(device, d, id);
                    attempt.settled.whenComplete((v, e) -> {
                        if (device.state() == DeviceState.BOUND && device.driver() == d) {
                            done.complete(null);
                        } else {
                            done.completeExceptionally(new ErrnoException(attempt.failure != null ? attempt.failure
                                    : Errno.ENODEV, "probe of " + device.name() + " by " + d.name() + " failed"));
                        }
                    });
                    return;
                }
            }
            done.completeExceptionally(new ErrnoException(Errno.ENOENT, "no registered driver matches "
                    + device.name()));
        });
        return done;
    }

    /**
     * Unbinds a device from its driver on request, as writing its name to sysfs {@code unbind} does: new I/O is
     * stopped, what is in flight is drained (bounded) or failed with ENODEV, the driver's remove runs and the
     * channels are closed. The device stays on the bus, unbound. A probe in progress is waited for first.
     *
     * @param device the device
     * @return completes when unbound; fails with ENODEV when the device is not (or no longer) on the bus, EINVAL
     *         when no driver is bound to it
     */
    public CompletableFuture<Void> unbindDevice(final VmbusDevice device) {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        executor.execute(() -> {
            if (!onBus(device, done)) {
                return;
            }
            device.probeSettled().whenComplete((v0, e0) -> {
                if (device.leaving() != null) {
                    done.completeExceptionally(new ErrnoException(Errno.ENODEV, device.name() + " is leaving the bus"));
                    return;
                }
                if (device.driver() == null) {
                    done.completeExceptionally(new ErrnoException(Errno.EINVAL, device.name() + " has no driver"));
                    return;
                }
                unbind(device, RemoveReason.UNBIND).whenComplete((v, e) -> done.complete(null));
            });
        });
        return done;
    }

    /** Whether a device is on the bus and not leaving it; if not, fails {@code done} with ENODEV. */
    private boolean onBus(final VmbusDevice device, final CompletableFuture<Void> done) {
        if (devices.contains(device) && device.leaving() == null) {
            return true;
        }
        done.completeExceptionally(new ErrnoException(Errno.ENODEV, device.name() + " is not on the bus"));
        return false;
    }

    /**
     * For the channel manager, on the control executor: puts a device on the bus for a primary channel and probes
     * the first matching driver ({@code vmbus_device_register}).
     *
     * @param primary the primary channel
     * @return the device
     */
    public VmbusDevice addDevice(final VmbusChannel primary) {
        final VmbusDevice dev = new VmbusDevice(primary);
        devices.add(dev);
        deviceSnapshot = List.copyOf(devices);
        emit(new BusEvent.DeviceAdded(primary.relid(), dev.classId(), dev.instanceId(), dev.deviceType()));
        for (final VmbusDriver d : drivers) {
            final DeviceId id = match(d, dev);
            if (id != null) {
                probe(dev, d, id);
                break;
            }
        }
        return dev;
    }

    /**
     * For the channel manager, on the control executor: completes once no probe of the device is running (the
     * probe is itself bounded by the probe timeout).
     *
     * @param device the device
     * @return the future
     */
    public CompletableFuture<Void> probeSettled(final VmbusDevice device) {
        return device.probeSettled();
    }

    /**
     * For the channel manager, on the control executor: removes a device from its driver and from the bus
     * (rescind or unload; {@code vmbus_device_unregister}). Idempotent.
     *
     * @param device the device
     * @param reason why
     * @return completes when the device is gone and its channels are closed
     */
    public CompletableFuture<Void> removeDevice(final VmbusDevice device, final RemoveReason reason) {
        if (device.leaving() != null) {
            return device.leaving();
        }
        final CompletableFuture<Void> gone = unbind(device, reason).thenRun(() -> {
            device.setState(DeviceState.GONE);
            devices.remove(device);
            deviceSnapshot = List.copyOf(devices);
        });
        device.setLeaving(gone);
        return gone;
    }

    /**
     * For the channel manager, on the control executor: stops new I/O on a channel, waits for the I/O in flight up
     * to the drain bound, fails the rest with ENODEV, and closes the channel if it is open (a sub-channel
     * rescinded on its own, or a channel of an unbound device at unload).
     *
     * @param channel the channel
     * @return how many I/O were aborted, once the channel is closed
     */
    public CompletableFuture<Integer> quiesce(final VmbusChannel channel) {
        return drain(List.of(channel)).thenCompose(aborted -> channel.shutdown().handle((v, e) -> aborted));
    }

    private static DeviceId match(final VmbusDriver driver, final VmbusDevice dev) {
        // vmbus_match: hv_sock channels match only hv_sock drivers, whatever their id table says.
        if (dev.channel().offer().offer().isHvsock()) {
            return driver.handlesHvsock() ? DeviceId.of(dev.classId()) : null;
        }
        for (final DeviceId id : driver.idTable()) {
            if (id.classId().equals(dev.classId())) {
                return id;
            }
        }
        return null;
    }

    private ProbeAttempt probe(final VmbusDevice dev, final VmbusDriver driver, final DeviceId id) {
        dev.bind(driver, id);
        for (final VmbusChannel ch : dev.channelsSubFirst()) {
            ch.ioGate().reopen();
        }
        final ProbeAttempt attempt = new ProbeAttempt(dev, driver);
        dev.setProbeSettled(attempt.settled);
        final Runnable call = () -> {
            if (dev.driver() != driver || dev.state() != DeviceState.PROBING) {
                attempt.settled.complete(null);
                return;
            }
            attempt.timer = executor.schedule(() -> {
                attempt.timedOut = true;
                finishProbe(attempt, new ErrnoException(Errno.ETIMEDOUT, "probe did not finish within "
                        + config.probeTimeoutNanos() + " ns"));
            }, config.probeTimeoutNanos(), TimeUnit.NANOSECONDS);
            CompletionStage<Void> stage;
            try {
                stage = driver.probe(dev, id);
                if (stage == null) {
                    stage = CompletableFuture.failedFuture(new IllegalStateException("probe returned null"));
                }
            } catch (final RuntimeException e) {
                stage = CompletableFuture.failedFuture(e);
            }
            stage.whenComplete((v, e) -> executor.execute(() -> finishProbe(attempt, e)));
        };
        if (driver.probeType() == ProbeType.PREFER_ASYNCHRONOUS) {
            executor.execute(call);
        } else {
            call.run();
        }
        return attempt;
    }

    private void finishProbe(final ProbeAttempt attempt, final Throwable error) {
        final VmbusDevice dev = attempt.device;
        final Throwable cause = error == null ? null : BoundedWait.unwrap(error);
        if (attempt.finished) {
            // A probe that succeeds after its timeout: the driver believes it is bound, so let it go again.
            if (cause == null && attempt.timedOut) {
                LOG.warn("driver {} finished probing {} after the bus gave up; removing it", attempt.driver.name(),
                        dev.name());
                safeRemove(attempt.driver, dev);
                for (final VmbusChannel ch : dev.channelsSubFirst()) {
                    quiesce(ch);
                }
            }
            return;
        }
        attempt.finished = true;
        if (attempt.timer != null) {
            attempt.timer.cancel();
        }
        final VmbusChannel ch = dev.channel();
        if (cause == null && dev.state() == DeviceState.PROBING) {
            dev.setState(DeviceState.BOUND);
            emit(new BusEvent.DeviceProbed(ch.relid(), dev.classId(), dev.instanceId(), attempt.driver.name()));
            attempt.settled.complete(null);
            return;
        }
        final Errno errno = cause instanceof ErrnoException ee ? ee.errno() : Errno.EIO;
        if (errno == Errno.ENODEV) {
            // The device went away under the probe (a rescind): expected, and reported as an event.
            LOG.debug("probe of {} by {} ended: {}", dev.name(), attempt.driver.name(), String.valueOf(cause));
        } else {
            LOG.warn("probe of {} by {} failed: {}", dev.name(), attempt.driver.name(), String.valueOf(cause));
        }
        attempt.failure = errno;
        dev.unbind();
        emit(new BusEvent.ProbeFailed(ch.relid(), dev.classId(), dev.instanceId(), attempt.driver.name(), errno));
        // The bus, not the driver, makes sure nothing stays open after a failed probe.
        drain(dev.channelsSubFirst()).thenCompose(aborted -> shutdownAll(dev))
                .whenComplete((v, e) -> attempt.settled.complete(null));
    }

    private CompletableFuture<Void> unbind(final VmbusDevice dev, final RemoveReason reason) {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        dev.probeSettled().whenComplete((ignored, e0) -> {
            final VmbusDriver driver = dev.driver();
            if (driver != null) {
                dev.setState(DeviceState.REMOVING);
            }
            drain(dev.channelsSubFirst()).thenCompose(aborted -> {
                if (driver != null) {
                    safeRemove(driver, dev);
                }
                return shutdownAll(dev).thenApply(v -> aborted);
            }).whenComplete((aborted, e) -> {
                dev.unbind();
                if (driver != null || reason != RemoveReason.DRIVER_UNREGISTERED) {
                    emit(new BusEvent.DeviceRemoved(dev.channel().relid(), dev.classId(), dev.instanceId(),
                            driver == null ? null : driver.name(), reason, aborted == null ? 0 : aborted));
                }
                done.complete(null);
            });
        });
        return done;
    }

    private void safeRemove(final VmbusDriver driver, final VmbusDevice dev) {
        try {
            driver.remove(dev);
        } catch (final RuntimeException e) {
            LOG.warn("driver {} failed to remove {}", driver.name(), dev.name(), e);
        }
    }

    /** Closes every gate, waits (bounded) for the I/O in flight, aborts the rest; yields the aborted count. */
    private CompletableFuture<Integer> drain(final List<VmbusChannel> channels) {
        final List<CompletableFuture<Void>> idle = new ArrayList<>();
        for (final VmbusChannel ch : channels) {
            ch.ioGate().close();
            idle.add(ch.ioGate().whenIdle());
        }
        return BoundedWait.within(executor, CompletableFuture.allOf(idle.toArray(new CompletableFuture<?>[0])),
                config.drainTimeoutNanos(), () -> new ErrnoException(Errno.ETIMEDOUT, "drain"))
                .handle((v, e) -> {
                    if (e == null) {
                        return 0;
                    }
                    int aborted = 0;
                    for (final VmbusChannel ch : channels) {
                        aborted += ch.ioGate().abortAll();
                    }
                    LOG.warn("{} I/O still in flight after {} ns on relid {}; failed with ENODEV", aborted,
                            config.drainTimeoutNanos(), channels.get(channels.size() - 1).relid());
                    return aborted;
                });
    }

    private static CompletableFuture<Void> shutdownAll(final VmbusDevice dev) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (final VmbusChannel ch : dev.channelsSubFirst()) {
            chain = chain.thenCompose(v -> ch.shutdown().handle((x, e) -> null));
        }
        return chain;
    }

    /** One call of a driver's probe; confined to the control executor. */
    private static final class ProbeAttempt {
        private final VmbusDevice device;
        private final VmbusDriver driver;
        private final CompletableFuture<Void> settled = new CompletableFuture<>();
        private Cancellable timer;
        private boolean finished;
        private boolean timedOut;
        private Errno failure;

        private ProbeAttempt(final VmbusDevice device, final VmbusDriver driver) {
            this.device = device;
            this.driver = driver;
        }
    }
}
