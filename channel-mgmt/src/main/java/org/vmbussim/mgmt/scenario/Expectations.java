package org.vmbussim.mgmt.scenario;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;
import org.vmbussim.mgmt.bus.BusEvent;
import org.vmbussim.mgmt.bus.ChannelState;
import org.vmbussim.mgmt.bus.DeviceState;
import org.vmbussim.mgmt.bus.IgnoreReason;
import org.vmbussim.mgmt.bus.RemoveReason;
import org.vmbussim.mgmt.bus.VmbusChannel;
import org.vmbussim.mgmt.bus.VmbusDevice;
import org.vmbussim.mgmt.bus.VmbusDriver;
import org.vmbussim.mgmt.guest.ConnectionState;
import org.vmbussim.mgmt.message.DropReason;
import org.vmbussim.mgmt.message.MessageDrops;
import org.vmbussim.mgmt.message.VmbusVersion;
import org.vmbussim.uapi.Errno;

/**
 * {@code expect ...}: checks of the state and of the events so far. Each holds or names what it found instead.
 * Labels must have been offered earlier in the file.
 */
final class Expectations {
    /** Counters that {@code expect NAME N} compares. */
    private static final Map<String, ToLongFunction<ScenarioRun>> COUNTERS = Map.of(
            "devices", run -> run.vm().bus().devices().size(),
            "bound-devices", run -> run.vm().bus().devices().stream()
                    .filter(d -> d.state() == DeviceState.BOUND).count(),
            "channels", run -> run.vm().guest().channels().size(),
            "host-channels", run -> run.vm().host().channels().size(),
            "offers-in-progress", run -> run.vm().guest().offersInProgress(),
            "ring-pages-kept", run -> run.vm().guest().ringPagesKept(),
            "rescind-waits-expired", run -> run.vm().guest().rescindWaitsExpired(),
            "unknown-guids", run -> run.vm().guest().unknownGuids());

    private Expectations() {
    }

    static Step parse(final ScenarioLine line, final ParseState state) {
        if (line.size() < 2) {
            throw line.error("expected: expect WHAT ... (see docs/scenarios.md)");
        }
        final String what = line.word(1);
        final ToLongFunction<ScenarioRun> counter = COUNTERS.get(what);
        if (counter != null) {
            final long want = count(line, line.args(2, "expect " + what + " N", 1, 1, Set.of(), Set.of()).word(0));
            return Step.expectation(line, run -> {
                final long got = counter.applyAsLong(run);
                return got == want ? null : what + " is " + got;
            });
        }
        return switch (what) {
            case "ok", "pending" -> lastOperation(line, what);
            case "errno" -> errno(line);
            case "bound" -> bound(line, state);
            case "unbound" -> deviceState(line, state, "unbound", DeviceState.UNBOUND);
            case "state" -> state(line, state);
            case "channel-state" -> channelState(line, state);
            case "ignored" -> ignored(line, state, "ignored", null);
            case "rejected-isolated" -> ignored(line, state, "rejected-isolated", IgnoreReason.REJECTED_ISOLATED);
            case "probe-failed" -> probeFailed(line, state);
            case "rescinded" -> seen(line, state, "rescinded", BusEvent.ChannelRescinded.class);
            case "released" -> seen(line, state, "released", BusEvent.RelidReleased.class);
            case "removed" -> removed(line, state);
            case "gone" -> gone(line, state);
            case "sub-channels" -> subChannels(line, state);
            case "relid" -> relid(line, state);
            case "connected" -> connected(line);
            case "disconnected" -> disconnected(line);
            case "memory-returned" -> memoryReturned(line);
            case "drops" -> drops(line);
            case "transcript" -> transcript(line, true);
            case "no-transcript" -> transcript(line, false);
            default -> throw line.error("unknown expectation '" + what + "' (see docs/scenarios.md for the list)");
        };
    }

    private static long count(final ScenarioLine line, final String word) {
        return line.value(() -> Values.integer(word)) & 0xFFFF_FFFFL;
    }

    private static Step lastOperation(final ScenarioLine line, final String what) {
        line.args(2, "expect " + what, 0, 0, Set.of(), Set.of());
        return Step.expectation(line, run -> {
            final CompletableFuture<?> f = run.lastOperation();
            final String op = "'" + run.lastOperationText() + "'";
            if (what.equals("pending")) {
                return f.isDone() ? op + " has completed" : null;
            }
            if (!f.isDone()) {
                return op + " is still pending";
            }
            return f.isCompletedExceptionally() ? op + " failed: " + Outcome.describe(f.handle((v, e) -> e).join())
                    : null;
        });
    }

    private static Step errno(final ScenarioLine line) {
        final ScenarioLine.Args a = line.args(2, "expect errno ERRNO", 1, 1, Set.of(), Set.of());
        final Errno want = line.value(() -> Values.errno(a.word(0)));
        return Step.expectation(line, run -> {
            final CompletableFuture<?> f = run.lastOperation();
            final String op = "'" + run.lastOperationText() + "'";
            if (!f.isDone()) {
                return op + " is still pending";
            }
            if (!f.isCompletedExceptionally()) {
                return op + " succeeded";
            }
            final Throwable e = f.handle((v, x) -> x).join();
            return Outcome.errno(e) == want ? null : op + " failed with " + Outcome.describe(e);
        });
    }

    private static Step bound(final ScenarioLine line, final ParseState state) {
        final ScenarioLine.Args a = line.args(2, "expect bound LABEL [to DRIVER]", 1, 3, Set.of(), Set.of());
        final String label = state.label(line, a.word(0));
        final String driver;
        if (a.positional().size() == 1) {
            driver = null;
        } else if (a.positional().size() == 3 && a.word(1).equals("to")) {
            driver = a.word(2);
        } else {
            throw line.error("expected: expect bound LABEL [to DRIVER]");
        }
        return Step.expectation(line, run -> {
            final Optional<VmbusDevice> dev = run.device(run.ref(label));
            if (dev.isEmpty()) {
                return label + " is not on the bus";
            }
            final VmbusDriver bound = dev.get().driver();
            if (dev.get().state() != DeviceState.BOUND || bound == null) {
                return label + " is " + Values.name(dev.get().state());
            }
            if (driver == null) {
                return null;
            }
            final boolean same = run.knownDriver(driver).map(d -> d == bound).orElse(false)
                    || bound.name().equals(driver);
            return same ? null : label + " is bound to " + bound.name();
        });
    }

    private static Step deviceState(final ScenarioLine line, final ParseState state, final String what,
            final DeviceState want) {
        final ScenarioLine.Args a = line.args(2, "expect " + what + " LABEL", 1, 1, Set.of(), Set.of());
        return deviceStateStep(line, state.label(line, a.word(0)), want);
    }

    private static Step state(final ScenarioLine line, final ParseState state) {
        final ScenarioLine.Args a = line.args(2, "expect state LABEL STATE", 2, 2, Set.of(), Set.of());
        final String label = state.label(line, a.word(0));
        final DeviceState want = line.value(() -> Values.enumValue(DeviceState.class, a.word(1), "device state"));
        return deviceStateStep(line, label, want);
    }

    private static Step deviceStateStep(final ScenarioLine line, final String label, final DeviceState want) {
        return Step.expectation(line, run -> {
            final Optional<VmbusDevice> dev = run.device(run.ref(label));
            if (dev.isEmpty()) {
                return want == DeviceState.GONE ? null : label + " is not on the bus";
            }
            return dev.get().state() == want ? null : label + " is " + Values.name(dev.get().state());
        });
    }

    private static Step channelState(final ScenarioLine line, final ParseState state) {
        final ScenarioLine.Args a = line.args(2, "expect channel-state LABEL STATE", 2, 2, Set.of(), Set.of());
        final String label = state.label(line, a.word(0));
        final ChannelState want = line.value(() -> Values.enumValue(ChannelState.class, a.word(1), "channel state"));
        return Step.expectation(line, run -> {
            final Optional<VmbusChannel> ch = run.channel(run.ref(label));
            if (ch.isEmpty()) {
                return want == ChannelState.REMOVED ? null : label + " has no channel in the guest";
            }
            return ch.get().state() == want ? null : label + "'s channel is " + Values.name(ch.get().state());
        });
    }

    private static Step ignored(final ScenarioLine line, final ParseState state, final String what,
            final IgnoreReason fixed) {
        final ScenarioLine.Args a = line.args(2, "expect " + what + " LABEL" + (fixed == null ? " [REASON]" : ""), 1,
                fixed == null ? 2 : 1, Set.of(), Set.of());
        final String label = state.label(line, a.word(0));
        final IgnoreReason want = fixed != null || !a.has(1) ? fixed
                : line.value(() -> Values.enumValue(IgnoreReason.class, a.word(1), "ignore reason"));
        return Step.expectation(line, run -> {
            final List<BusEvent.OfferIgnored> seen = run.events(BusEvent.OfferIgnored.class, run.ref(label));
            if (seen.isEmpty()) {
                return "the guest did not ignore " + label;
            }
            final IgnoreReason got = seen.get(seen.size() - 1).reason();
            return want == null || got == want ? null : label + " was ignored for " + Values.name(got);
        });
    }

    private static Step probeFailed(final ScenarioLine line, final ParseState state) {
        final ScenarioLine.Args a = line.args(2, "expect probe-failed LABEL [ERRNO]", 1, 2, Set.of(), Set.of());
        final String label = state.label(line, a.word(0));
        final Errno want = a.has(1) ? line.value(() -> Values.errno(a.word(1))) : null;
        return Step.expectation(line, run -> {
            final List<BusEvent.ProbeFailed> seen = run.events(BusEvent.ProbeFailed.class, run.ref(label));
            if (seen.isEmpty()) {
                return "no probe of " + label + " failed";
            }
            final Errno got = seen.get(seen.size() - 1).errno();
            return want == null || got == want ? null : "the probe of " + label + " failed with " + got.name();
        });
    }

    private static Step seen(final ScenarioLine line, final ParseState state, final String what,
            final Class<? extends BusEvent> type) {
        final ScenarioLine.Args a = line.args(2, "expect " + what + " LABEL", 1, 1, Set.of(), Set.of());
        final String label = state.label(line, a.word(0));
        return Step.expectation(line, run -> run.events(type, run.ref(label)).isEmpty()
                ? "no " + what + " event for " + label : null);
    }

    private static Step removed(final ScenarioLine line, final ParseState state) {
        final ScenarioLine.Args a = line.args(2, "expect removed LABEL [reason=REASON] [driver=NAME] [aborted-io=N]",
                1, 1, Set.of("reason", "driver", "aborted-io"), Set.of());
        final String label = state.label(line, a.word(0));
        final RemoveReason reason = a.option("reason") == null ? null
                : line.value(() -> Values.enumValue(RemoveReason.class, a.option("reason"), "remove reason"));
        final String driver = a.option("driver");
        final Long aborted = a.option("aborted-io") == null ? null : count(line, a.option("aborted-io"));
        return Step.expectation(line, run -> {
            final List<BusEvent.DeviceRemoved> seen = run.events(BusEvent.DeviceRemoved.class, run.ref(label));
            if (seen.isEmpty()) {
                return label + " was not removed";
            }
            final BusEvent.DeviceRemoved e = seen.get(seen.size() - 1);
            if (reason != null && e.reason() != reason) {
                return label + " was removed for " + Values.name(e.reason());
            }
            if (driver != null && !driver.equals(e.driverName())) {
                return label + " was removed from " + (e.driverName() == null ? "no driver" : e.driverName());
            }
            if (aborted != null && e.abortedIo() != aborted) {
                return label + " was removed with " + e.abortedIo() + " I/O aborted";
            }
            return null;
        });
    }

    private static Step gone(final ScenarioLine line, final ParseState state) {
        final ScenarioLine.Args a = line.args(2, "expect gone LABEL", 1, 1, Set.of(), Set.of());
        final String label = state.label(line, a.word(0));
        return Step.expectation(line, run -> {
            final DeviceRef ref = run.ref(label);
            if (run.device(ref).isPresent()) {
                return label + " is still on the bus";
            }
            if (run.channel(ref).isPresent()) {
                return label + " still has a channel in the guest";
            }
            return ref.hasRelid() && run.vm().host().channel(ref.relid()).map(c -> c.offer().offer()
                    .interfaceInstance().equals(ref.instanceId())).orElse(false)
                    ? "the host still has " + label + "'s relid " + ref.relid() : null;
        });
    }

    private static Step subChannels(final ScenarioLine line, final ParseState state) {
        final ScenarioLine.Args a = line.args(2, "expect sub-channels LABEL N", 2, 2, Set.of(), Set.of());
        final String label = state.label(line, a.word(0));
        final long want = count(line, a.word(1));
        return Step.expectation(line, run -> {
            final Optional<VmbusChannel> ch = run.channel(run.ref(label));
            if (ch.isEmpty()) {
                return label + " has no channel in the guest";
            }
            final int got = ch.get().subChannels().size();
            return got == want ? null : label + " has " + got + " sub-channels";
        });
    }

    private static Step relid(final ScenarioLine line, final ParseState state) {
        final ScenarioLine.Args a = line.args(2, "expect relid LABEL N", 2, 2, Set.of(), Set.of());
        final String label = state.label(line, a.word(0));
        final long want = count(line, a.word(1));
        return Step.expectation(line, run -> {
            final DeviceRef ref = run.ref(label);
            if (!ref.hasRelid()) {
                return label + " has no relid";
            }
            return Integer.toUnsignedLong(ref.relid()) == want ? null : label + " has relid " + ref.relid();
        });
    }

    private static Step connected(final ScenarioLine line) {
        final ScenarioLine.Args a = line.args(2, "expect connected [VERSION]", 0, 1, Set.of(), Set.of());
        final VmbusVersion want = a.has(0) ? line.value(() -> Values.version(a.word(0))) : null;
        return Step.expectation(line, run -> {
            final ConnectionState st = run.vm().guest().connectionState();
            if (st != ConnectionState.CONNECTED) {
                return "the guest is " + Values.name(st);
            }
            final VmbusVersion got = run.vm().guest().version().orElseThrow();
            return want == null || got == want ? null : "the guest speaks " + Values.versionNumber(got);
        });
    }

    private static Step disconnected(final ScenarioLine line) {
        line.args(2, "expect disconnected", 0, 0, Set.of(), Set.of());
        return Step.expectation(line, run -> run.vm().guest().connectionState() == ConnectionState.DISCONNECTED
                ? null : "the guest is " + Values.name(run.vm().guest().connectionState()));
    }

    private static Step memoryReturned(final ScenarioLine line) {
        line.args(2, "expect memory-returned", 0, 0, Set.of(), Set.of());
        return Step.expectation(line, run -> {
            final int free = run.vm().memory().freePageCount();
            final int pinned = run.vm().memory().pinnedPageCount();
            if (free != run.initialFreePages()) {
                return (run.initialFreePages() - free) + " guest pages are still allocated";
            }
            return pinned == 0 ? null : pinned + " guest pages are still pinned";
        });
    }

    private static Step drops(final ScenarioLine line) {
        final ScenarioLine.Args a = line.args(2, "expect drops guest|host [REASON] N", 2, 3, Set.of(), Set.of());
        final String side = a.word(0);
        if (!side.equals("guest") && !side.equals("host")) {
            throw line.error("expected: expect drops guest|host [REASON] N (got side '" + side + "')");
        }
        final DropReason reason = a.positional().size() == 3
                ? line.value(() -> Values.enumValue(DropReason.class, a.word(1), "drop reason")) : null;
        final long want = count(line, a.word(a.positional().size() - 1));
        return Step.expectation(line, run -> {
            final MessageDrops drops = side.equals("guest") ? run.vm().guest().drops() : run.vm().host().drops();
            final long got = reason == null ? drops.total() : drops.count(reason);
            return got == want ? null : side + " dropped " + got + (reason == null ? "" : " " + Values.name(reason))
                    + " messages";
        });
    }

    private static Step transcript(final ScenarioLine line, final boolean present) {
        final String what = present ? "transcript" : "no-transcript";
        final ScenarioLine.Args a = line.args(2, "expect " + what + " \"TEXT\"", 1, 1, Set.of(), Set.of());
        final String text = a.word(0);
        return Step.expectation(line, run -> {
            final boolean found = run.observations().stream().anyMatch(l -> l.contains(text));
            if (found == present) {
                return null;
            }
            return present ? "no transcript line contains \"" + text + "\"" : "a transcript line contains \"" + text
                    + "\"";
        });
    }
}
