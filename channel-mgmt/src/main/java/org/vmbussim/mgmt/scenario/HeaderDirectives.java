package org.vmbussim.mgmt.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.vmbussim.mgmt.device.IsolationPolicy;
import org.vmbussim.mgmt.device.VpciIgnoreList;
import org.vmbussim.mgmt.message.VmbusProtocol;
import org.vmbussim.mgmt.sim.HostDeviceModel;
import org.vmbussim.wire.Guid;

/**
 * The header lines: {@code title}, {@code seed}, the guest's configuration ({@code isolated},
 * {@code isolation-policy}, {@code max-version}, {@code vpci-ignore}, {@code seed-vpci-defect}, {@code max-relids},
 * {@code timeout}), the host's ({@code host-max-version}, {@code host-model}) and the run's
 * ({@code memory-pages}, {@code end-settle}). They come before the first statement.
 */
final class HeaderDirectives {
    /** The words that start a header line. */
    static final Set<String> WORDS = Set.of("title", "seed", "isolated", "isolation-policy", "max-version",
            "host-max-version", "vpci-ignore", "seed-vpci-defect", "max-relids", "timeout", "memory-pages",
            "end-settle", "host-model");

    private static final Set<String> TIMEOUTS = Set.of("reply", "unload", "offer-wait", "drain", "probe");
    private static final int MIN_MEMORY_PAGES = 64;
    private static final int MAX_MEMORY_PAGES = 262_144;

    private HeaderDirectives() {
    }

    static void apply(final ScenarioLine line, final ParseState state) {
        final String word = line.word(0);
        final Scenario.Header h = state.header;
        switch (word) {
            case "title": {
                state.headerLine(line, word);
                if (line.size() < 2) {
                    throw line.error("expected: title TEXT");
                }
                // Every word, '=' or not: a title has no options.
                final StringBuilder title = new StringBuilder(line.word(1));
                for (int i = 2; i < line.size(); i++) {
                    title.append(' ').append(line.word(i));
                }
                h.title = title.toString();
                break;
            }
            case "seed": {
                final String v = setting(line, state, "seed NUMBER");
                h.seed = line.value(() -> {
                    try {
                        return Long.parseLong(v);
                    } catch (final NumberFormatException e) {
                        throw new IllegalArgumentException("bad seed '" + v + "' (expected: a whole number)", e);
                    }
                });
                break;
            }
            case "isolated": {
                final String v = setting(line, state, "isolated yes|no");
                h.guest.isolated(line.value(() -> Values.yesNo(v)));
                break;
            }
            case "isolation-policy": {
                final String v = setting(line, state, "isolation-policy 5.14|6.x");
                h.guest.isolationPolicy(switch (v) {
                    case "5.14" -> IsolationPolicy.LINUX_5_14;
                    case "6.x" -> IsolationPolicy.LINUX_6_X;
                    default -> throw line.error("unknown isolation policy '" + v + "' (expected: 5.14 or 6.x)");
                });
                break;
            }
            case "max-version": {
                final String v = setting(line, state, "max-version VERSION");
                h.guest.maxVersion(line.value(() -> Values.version(v)));
                break;
            }
            case "host-max-version": {
                final String v = setting(line, state, "host-max-version VERSION");
                h.hostConfig = h.hostConfig.withMaxVersion(line.value(() -> Values.version(v)));
                break;
            }
            case "vpci-ignore":
                state.headerLine(line, word);
                h.guest.vpciIgnore(vpciIgnore(line));
                break;
            case "seed-vpci-defect": {
                final String v = setting(line, state, "seed-vpci-defect yes|no");
                h.guest.seedVpciDefect(line.value(() -> Values.yesNo(v)));
                break;
            }
            case "max-relids": {
                final String v = setting(line, state, "max-relids NUMBER");
                final int n = line.value(() -> Values.integer(v));
                if (n < 2 || n > VmbusProtocol.MAX_CHANNEL_RELIDS) {
                    throw line.error("max-relids " + v + " (expected: 2 to "
                            + VmbusProtocol.MAX_CHANNEL_RELIDS + ")");
                }
                h.guest.maxRelids(n);
                break;
            }
            case "timeout":
                timeout(line, state);
                break;
            case "memory-pages": {
                final String v = setting(line, state, "memory-pages NUMBER");
                final int n = line.value(() -> Values.integer(v));
                if (n < MIN_MEMORY_PAGES || n > MAX_MEMORY_PAGES) {
                    throw line.error("memory-pages " + v + " (expected: " + MIN_MEMORY_PAGES + " to "
                            + MAX_MEMORY_PAGES + ")");
                }
                h.memoryPages = n;
                break;
            }
            case "end-settle": {
                final String v = setting(line, state, "end-settle DURATION");
                h.endSettleNanos = line.value(() -> Values.durationNanos(v));
                break;
            }
            case "host-model":
                hostModel(line, state);
                break;
            default:
                throw line.error("unknown header line '" + word + "'");
        }
    }

    /** The one value of a directive that takes one, checking that it is set only once and before statements. */
    private static String setting(final ScenarioLine line, final ParseState state, final String usage) {
        state.headerLine(line, line.word(0));
        return line.args(1, usage, 1, 1, Set.of(), Set.of()).word(0);
    }

    private static VpciIgnoreList vpciIgnore(final ScenarioLine line) {
        final ScenarioLine.Args a = line.args(1, "vpci-ignore default|none|{GUID}...", 1, Integer.MAX_VALUE,
                Set.of(), Set.of());
        final String first = a.word(0);
        if (a.positional().size() == 1 && first.equals("default")) {
            return VpciIgnoreList.defaults();
        }
        if (a.positional().size() == 1 && first.equals("none")) {
            return VpciIgnoreList.none();
        }
        final List<Guid> instances = new ArrayList<>();
        for (final String w : a.positional()) {
            instances.add(line.value(() -> Values.guid(w)));
        }
        return VpciIgnoreList.of(instances);
    }

    private static void timeout(final ScenarioLine line, final ParseState state) {
        final ScenarioLine.Args a = line.args(1, "timeout reply|unload|offer-wait|drain|probe DURATION", 2, 2,
                Set.of(), Set.of());
        final String kind = a.word(0);
        if (!TIMEOUTS.contains(kind)) {
            throw line.error("unknown timeout '" + kind + "' (expected: reply, unload, offer-wait, drain, probe)");
        }
        state.headerLine(line, "timeout " + kind);
        final long nanos = line.value(() -> Values.durationNanos(a.word(1)));
        if (nanos <= 0 && !kind.equals("drain")) {
            throw line.error("timeout " + kind + " must be more than 0");
        }
        final Scenario.Header h = state.header;
        switch (kind) {
            case "reply" -> h.guest.replyTimeout(Duration.ofNanos(nanos));
            case "unload" -> h.guest.unloadTimeout(Duration.ofNanos(nanos));
            case "offer-wait" -> h.guest.offerWaitTimeout(Duration.ofNanos(nanos));
            case "drain" -> h.drainTimeoutNanos = nanos;
            default -> h.probeTimeoutNanos = nanos;
        }
    }

    private static void hostModel(final ScenarioLine line, final ParseState state) {
        final ScenarioLine.Args a = line.args(1, "host-model NAME class=TYPE", 1, 1, Set.of("class"), Set.of());
        final String name = a.word(0);
        final Supplier<? extends HostDeviceModel> model = state.registry.hostModel(name).orElseThrow(
                () -> line.error("unknown host model '" + name + "' (registered: "
                        + String.join(", ", state.registry.hostModelNames()) + ")"));
        if (a.option("class") == null) {
            throw line.error("host-model " + name + " needs class=TYPE");
        }
        final Guid classId = line.value(() -> Values.classId(a.option("class")));
        state.headerLine(line, "host-model " + classId);
        state.header.hostModels.put(classId, model);
    }
}
