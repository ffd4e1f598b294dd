package org.vmbussim.mgmt.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.vmbussim.mgmt.bus.VmbusChannel;
import org.vmbussim.mgmt.bus.VmbusDevice;
import org.vmbussim.mgmt.bus.VmbusDriver;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;
import org.vmbussim.wire.Guid;

/**
 * {@code guest ...}: what the Linux guest does. {@code boot} (connect and take the offers), {@code register} and
 * {@code unregister} a driver, {@code probe} and {@code unbind} one device (sysfs {@code drivers_probe} and
 * {@code unbind}), {@code open} and {@code close} a channel without a driver, and {@code unload}.
 */
final class GuestStatements {
    private static final String REGISTER = "guest register NAME [driver=KIND] [classes=TYPE,...] [OPTION=VALUE...]";

    private GuestStatements() {
    }

    static Step parse(final ScenarioLine line, final ParseState state) {
        if (line.size() < 2) {
            throw line.error("expected: guest boot|register|unregister|probe|unbind|open|close|unload ...");
        }
        return switch (line.word(1)) {
            case "boot" -> noArgs(line, "guest boot", run -> run.track(run.vm().boot(),
                    v -> "version " + Values.versionNumber(v)));
            case "unload" -> noArgs(line, "guest unload", run -> run.track(run.vm().guest().unload(), v -> "ok"));
            case "register" -> register(line, state);
            case "unregister" -> unregister(line, state);
            case "probe" -> onDevice(line, state, "probe", (run, d) -> run.vm().bus().probeDevice(d));
            case "unbind" -> onDevice(line, state, "unbind", (run, d) -> run.vm().bus().unbindDevice(d));
            case "open" -> open(line, state);
            case "close" -> onChannel(line, state, "close", ch -> ch.close());
            default -> throw line.error("unknown guest action '" + line.word(1) + "' (expected: boot, register,"
                    + " unregister, probe, unbind, open, close, unload)");
        };
    }

    private static Step noArgs(final ScenarioLine line, final String usage, final Step.Action action) {
        line.args(2, usage, 0, 0, Set.of(), Set.of());
        return Step.action(line, action);
    }

    private static Step register(final ScenarioLine line, final ParseState state) {
        final ScenarioLine.Args a = line.args(2, REGISTER, 1, 1, null, Set.of());
        final String name = a.word(0);
        final Integer earlier = state.driverLine(name);
        if (earlier != null) {
            // The same driver object again: what re-registering after an unregister means.
            if (!a.options().isEmpty()) {
                throw line.error("driver '" + name + "' was set up at line " + earlier
                        + "; register it again without options");
            }
            return Step.action(line, run -> run.track(run.vm().bus().registerDriver(run.driver(name, null)),
                    v -> "ok"));
        }
        final Map<String, String> options = new LinkedHashMap<>(a.options());
        final String kind = options.containsKey("driver") ? options.remove("driver") : name;
        final List<Guid> classes = options.containsKey("classes")
                ? line.value(() -> Values.classIds(options.remove("classes"))) : List.of();
        final DriverFactory factory = state.registry.driver(kind).orElseThrow(() -> line.error("unknown driver '"
                + kind + "' (registered: " + String.join(", ", state.registry.driverNames()) + ")"));
        final DriverRecipe recipe = line.value(() -> factory.prepare(new DriverSpec(name, classes, options)));
        state.defineDriver(line, name);
        return Step.action(line, run -> run.track(run.vm().bus().registerDriver(run.driver(name, recipe)),
                v -> "ok"));
    }

    private static Step unregister(final ScenarioLine line, final ParseState state) {
        final ScenarioLine.Args a = line.args(2, "guest unregister NAME", 1, 1, Set.of(), Set.of());
        final String name = a.word(0);
        if (state.driverLine(name) == null) {
            throw line.error("unknown driver '" + name + "' (register it first with: guest register " + name + ")");
        }
        return Step.action(line, run -> {
            final VmbusDriver d = run.knownDriver(name).orElseThrow(() -> new StepFailure("driver '" + name
                    + "' was not made in this run"));
            run.track(run.vm().bus().unregisterDriver(d), v -> "ok");
        });
    }

    private static Step onDevice(final ScenarioLine line, final ParseState state, final String verb,
            final DeviceOp op) {
        final ScenarioLine.Args a = line.args(2, "guest " + verb + " LABEL", 1, 1, Set.of(), Set.of());
        final String label = state.label(line, a.word(0));
        return Step.action(line, run -> {
            final DeviceRef ref = run.ref(label);
            final VmbusDevice device = run.device(ref).orElse(null);
            run.track(device == null ? CompletableFuture.failedFuture(new ErrnoException(
                    Errno.ENODEV, label + " is not on the bus")) : op.start(run, device), v -> "ok");
        });
    }

    private static Step open(final ScenarioLine line, final ParseState state) {
        final ScenarioLine.Args a = line.args(2, "guest open LABEL [ring-pages=N]", 1, 1, Set.of("ring-pages"),
                Set.of());
        final int pages = line.value(() -> ScenarioDriver.ringPages(new DriverSpec("guest open", List.of(),
                a.options())));
        return channelStep(line, state.label(line, a.word(0)), ch -> ScenarioDriver.open(ch, pages));
    }

    private static Step onChannel(final ScenarioLine line, final ParseState state, final String verb,
            final Function<VmbusChannel, CompletableFuture<Void>> op) {
        final ScenarioLine.Args a = line.args(2, "guest " + verb + " LABEL", 1, 1, Set.of(), Set.of());
        return channelStep(line, state.label(line, a.word(0)), op);
    }

    private static Step channelStep(final ScenarioLine line, final String label,
            final Function<VmbusChannel, CompletableFuture<Void>> op) {
        return Step.action(line, run -> {
            final VmbusChannel ch = run.channel(run.ref(label)).orElse(null);
            run.track(ch == null ? CompletableFuture.failedFuture(new ErrnoException(
                    Errno.ENODEV, label + " has no channel in the guest")) : op.apply(ch), v -> "ok");
        });
    }

    /** An operation on a device of the bus. */
    @FunctionalInterface
    private interface DeviceOp {
        CompletableFuture<Void> start(ScenarioRun run, VmbusDevice device);
    }
}
