package org.vmbussim.mgmt.scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.vmbussim.core.sched.DeterministicScheduler;
import org.vmbussim.mgmt.bus.BusEvent;
import org.vmbussim.mgmt.bus.DeviceState;
import org.vmbussim.mgmt.bus.VmbusChannel;
import org.vmbussim.mgmt.bus.VmbusDevice;
import org.vmbussim.mgmt.bus.VmbusDriver;
import org.vmbussim.mgmt.message.VmbusProtocol;
import org.vmbussim.mgmt.sim.SimulatedVm;
import org.vmbussim.wire.Guid;

/**
 * One replay in progress: the VM, the transcript, what the scenario's labels and driver names stand for in this
 * run, the bus events seen, the operations started and the failures found. Confined to the thread that owns the
 * deterministic scheduler (bus listeners and future callbacks run on it too).
 */
final class ScenarioRun {
    private final Scenario scenario;
    private final DeterministicScheduler scheduler;
    private final SimulatedVm vm;
    private final Random random;
    private final List<String> transcript = new ArrayList<>();
    /** The transcript lines that report what happened (not statement echoes): what {@code expect transcript} reads. */
    private final List<String> observations = new ArrayList<>();
    private final Map<String, DeviceRef> labels = new LinkedHashMap<>();
    private final Map<String, VmbusDriver> drivers = new HashMap<>();
    private final List<BusEvent> events = new ArrayList<>();
    private final List<Op> ops = new ArrayList<>();
    private final List<ExpectationFailure> failures = new ArrayList<>();
    private final int initialFreePages;
    private Step current;
    private Op lastOp;
    private int uncaughtSeen;

    ScenarioRun(final Scenario scenario, final DeterministicScheduler scheduler, final SimulatedVm vm) {
        this.scenario = scenario;
        this.scheduler = scheduler;
        this.vm = vm;
        this.random = new Random(scenario.seed());
        this.initialFreePages = vm.memory().freePageCount();
    }

    // ---------------------------------------------------------------- driven by the runner

    void begin() {
        transcript.add("scenario " + scenario.name() + " (seed " + scenario.seed() + ")"
                + scenario.title().map(t -> ": " + t).orElse(""));
        vm.bus().addListener(e -> {
            events.add(e);
            log(EventText.format(e, this::nameOf));
        });
    }

    void execute(final Step step) {
        current = step;
        try {
            if (step.isExpectation()) {
                final String failure = step.check().failure(this);
                logStatement(step.text() + (failure == null ? " -> ok" : " -> FAILED: " + failure));
                if (failure != null) {
                    fail(failure);
                }
            } else {
                logStatement("> " + step.text());
                step.action().run(this);
                scheduler.runUntilIdle();
            }
        } catch (final StepFailure e) {
            logStatement(step.text() + " -> FAILED: " + e.getMessage());
            fail(e.getMessage());
        } catch (final RuntimeException e) {
            // A statement must never throw out of a replay; if one does, it is a failure of this line.
            logStatement(step.text() + " -> FAILED: threw " + e);
            fail("threw " + e);
        }
        noteUncaught();
    }

    ScenarioResult finish() {
        current = null;
        scheduler.runUntilIdleAdvancingTime(scenario.endSettleNanos());
        noteUncaught();
        final List<VmbusDevice> devices = vm.bus().devices();
        log("end devices=" + devices.size()
                + " bound=" + devices.stream().filter(d -> d.state() == DeviceState.BOUND).count()
                + " channels=" + vm.guest().channels().size()
                + " host-channels=" + vm.host().channels().size()
                + " offers-in-progress=" + vm.guest().offersInProgress()
                + " ring-pages-kept=" + vm.guest().ringPagesKept()
                + " guest-drops=" + vm.guest().drops().total()
                + " host-drops=" + vm.host().drops().total());
        for (final Op op : ops) {
            if (!op.future.isDone()) {
                log("end still pending: " + op.step.text() + " (line " + op.step.line() + ")");
            }
        }
        return new ScenarioResult(scenario.name(), scenario.source(), transcript, failures);
    }

    // ---------------------------------------------------------------- for statements

    SimulatedVm vm() {
        return vm;
    }

    DeterministicScheduler scheduler() {
        return scheduler;
    }

    /** Appends a line at the current simulated time (after any task failure not yet reported). */
    void log(final String text) {
        noteUncaught();
        observations.add(append(text));
    }

    /** Appends a statement's echo or an expectation's verdict: in the transcript, not among the observations. */
    private void logStatement(final String text) {
        noteUncaught();
        append(text);
    }

    /**
     * Records an operation of the current statement: its outcome is written when it completes, and it is what
     * {@code expect ok}, {@code expect errno} and {@code expect pending} look at until the next operation.
     */
    <T> void track(final CompletableFuture<T> future, final Function<? super T, String> describe) {
        final Op op = new Op(current, future);
        ops.add(op);
        lastOp = op;
        final String what = current.subject();
        future.whenComplete((v, e) -> log("= " + what + " -> " + (e == null ? describe.apply(v)
                : Outcome.describe(e))));
    }

    CompletableFuture<?> lastOperation() {
        if (lastOp == null) {
            throw new StepFailure("no operation was started before this expectation");
        }
        return lastOp.future;
    }

    String lastOperationText() {
        return lastOp == null ? "" : lastOp.step.text();
    }

    /** Defines a label for this run. */
    DeviceRef define(final String label, final Guid classId, final Guid instanceId, final Integer relid) {
        final DeviceRef ref = new DeviceRef(label, classId, instanceId, relid);
        labels.put(label, ref);
        return ref;
    }

    /** A label defined by an earlier statement. */
    DeviceRef ref(final String label) {
        final DeviceRef ref = labels.get(label);
        if (ref == null) {
            throw new StepFailure("'" + label + "' was not offered in this run");
        }
        return ref;
    }

    /** A made-up instance GUID from the scenario's seed (random, version 4). */
    Guid newInstance() {
        final byte[] wire = new byte[Guid.LENGTH];
        random.nextBytes(wire);
        wire[7] = (byte) (wire[7] & 0x0F | 0x40);
        wire[8] = (byte) (wire[8] & 0x3F | 0x80);
        return Guid.fromWire(wire);
    }

    /** The driver a name stands for in this run, made from its recipe the first time. */
    VmbusDriver driver(final String name, final DriverRecipe recipe) {
        VmbusDriver d = drivers.get(name);
        if (d == null) {
            if (recipe == null) {
                throw new StepFailure("driver '" + name + "' was not registered in this run");
            }
            try {
                d = recipe.create(new DriverEnvironment(name, vm, this::log));
            } catch (final RuntimeException e) {
                throw new StepFailure("driver '" + name + "' could not be made: " + e);
            }
            drivers.put(name, d);
        }
        return d;
    }

    /** The driver a name stands for, if it was made. */
    Optional<VmbusDriver> knownDriver(final String name) {
        return Optional.ofNullable(drivers.get(name));
    }

    /** The guest's device of a label. */
    Optional<VmbusDevice> device(final DeviceRef ref) {
        if (!ref.hasRelid()) {
            return Optional.empty();
        }
        for (final VmbusDevice d : vm.bus().devices()) {
            if (ref.is(d.channel().relid(), d.instanceId())) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** The guest's channel of a label. */
    Optional<VmbusChannel> channel(final DeviceRef ref) {
        if (!ref.hasRelid()) {
            return Optional.empty();
        }
        return vm.guest().channel(ref.relid()).filter(ch -> ch.offer().offer().interfaceInstance()
                .equals(ref.instanceId()));
    }

    /** The events of one kind about a label, in order. */
    <T extends BusEvent> List<T> events(final Class<T> type, final DeviceRef ref) {
        final List<T> out = new ArrayList<>();
        for (final BusEvent e : events) {
            if (type.isInstance(e) && ref.is(e.relid(), e.instanceId())) {
                out.add(type.cast(e));
            }
        }
        return out;
    }

    /** The lines so far that report what happened: events, outcomes, driver lines; not statement echoes. */
    List<String> observations() {
        return observations;
    }

    int initialFreePages() {
        return initialFreePages;
    }

    // ---------------------------------------------------------------- internals

    private String nameOf(final int relid, final Guid instance) {
        final List<DeviceRef> refs = new ArrayList<>(labels.values());
        // The latest label wins: a relid may be reused by a later offer of the same instance.
        for (int i = refs.size() - 1; i >= 0; i--) {
            if (refs.get(i).is(relid, instance)) {
                return refs.get(i).label();
            }
        }
        return Integer.compareUnsigned(relid, VmbusProtocol.MAX_CHANNEL_RELIDS) < 0 ? instance.toBracedString()
                : "(bad relid) " + instance.toBracedString();
    }

    private void fail(final String message) {
        failures.add(current == null
                ? new ExpectationFailure(scenario.source(), 0, "(end of scenario)", message)
                : new ExpectationFailure(scenario.source(), current.line(), current.text(), message));
    }

    /** Reports task failures of the scheduler: a scenario must never make the simulator throw. */
    private void noteUncaught() {
        final List<Throwable> errors = scheduler.uncaughtErrors();
        while (uncaughtSeen < errors.size()) {
            final Throwable t = errors.get(uncaughtSeen++);
            observations.add(append("uncaught " + t));
            fail("uncaught " + t);
        }
    }

    /** One line: the simulated time in milliseconds (microsecond digits), then the text. */
    private String append(final String text) {
        final long nanos = scheduler.nanoTime();
        final String line = String.format(Locale.ROOT, "%7d.%03d ms  %s", nanos / 1_000_000, nanos / 1_000 % 1_000,
                text);
        transcript.add(line);
        return line;
    }

    /** An operation a statement started. */
    private record Op(Step step, CompletableFuture<?> future) {
    }
}
