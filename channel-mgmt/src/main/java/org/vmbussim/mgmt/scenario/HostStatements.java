package org.vmbussim.mgmt.scenario;

import java.util.Arrays;
import java.util.Set;
import org.vmbussim.mgmt.host.OfferSpec;
import org.vmbussim.mgmt.host.VmbusHost;
import org.vmbussim.mgmt.message.ChannelMessageType;
import org.vmbussim.mgmt.message.ChannelOffer;
import org.vmbussim.mgmt.message.MessageDirection;
import org.vmbussim.mgmt.message.OfferChannel;
import org.vmbussim.mgmt.message.RescindChannelOffer;
import org.vmbussim.wire.Guid;

/**
 * {@code host ...}: what the simulated Hyper-V does. {@code offer} (before {@code guest boot} the device waits for
 * the guest's request; after it, a hot-add), {@code offer-sub}, {@code rescind}, the faults {@code fail-open} and
 * {@code ignore}, and raw messages ({@code raw-offer}, {@code raw-rescind}, {@code raw}) that bypass the host's
 * own bookkeeping, as a buggy or hostile host would send them.
 */
final class HostStatements {
    private static final String OFFER = "host offer LABEL TYPE|{CLASS} [instance={GUID}] [mmio=MIB] [flags=N]"
            + " [user=HEX] [hvsock] [unmonitored] [no-dedicated-interrupt]";
    private static final String OFFER_SUB = "host offer-sub LABEL of=PRIMARY index=N";
    private static final String RAW_OFFER = "host raw-offer LABEL TYPE|{CLASS} relid=N [instance={GUID}]"
            + " [sub-channel=N] [flags=N] [hvsock] [length=BYTES]";
    private static final int MAX_RAW_LENGTH = 4096;

    private HostStatements() {
    }

    static Step parse(final ScenarioLine line, final ParseState state) {
        if (line.size() < 2) {
            throw line.error("expected: host offer|offer-sub|rescind|fail-open|ignore|raw-offer|raw-rescind|raw ...");
        }
        return switch (line.word(1)) {
            case "offer" -> offer(line, state);
            case "offer-sub" -> offerSub(line, state);
            case "rescind" -> rescind(line, state);
            case "fail-open" -> failOpen(line, state);
            case "ignore" -> ignore(line);
            case "raw-offer" -> rawOffer(line, state);
            case "raw-rescind" -> rawRescind(line, state);
            case "raw" -> raw(line);
            default -> throw line.error("unknown host action '" + line.word(1) + "' (expected: offer, offer-sub,"
                    + " rescind, fail-open, ignore, raw-offer, raw-rescind, raw)");
        };
    }

    private static Step offer(final ScenarioLine line, final ParseState state) {
        final ScenarioLine.Args a = line.args(2, OFFER, 2, 2, Set.of("instance", "mmio", "flags", "user"),
                Set.of("hvsock", "unmonitored", "no-dedicated-interrupt"));
        final String label = state.defineLabel(line, a.word(0));
        final Guid classId = line.value(() -> Values.classId(a.word(1)));
        final Guid instance = a.option("instance") == null ? null : line.value(() -> Values.guid(a.option("instance")));
        final int mmio = a.option("mmio") == null ? 0 : line.value(() -> Values.integer(a.option("mmio")));
        final int flags = a.option("flags") == null ? 0 : line.value(() -> Values.integer(a.option("flags")));
        final byte[] user = a.option("user") == null ? null : line.value(() -> Values.hex(a.option("user")));
        final boolean hvsock = a.flag("hvsock");
        final boolean monitored = !hvsock && !a.flag("unmonitored");
        final boolean dedicated = !hvsock && !a.flag("no-dedicated-interrupt");
        // Check the ranges now, with a stand-in instance, so a bad value is a parse error.
        line.value(() -> spec(classId, Guid.NIL, hvsock, flags, mmio, user, monitored, dedicated));
        return Step.action(line, run -> {
            final Guid inst = instance != null ? instance : run.newInstance();
            final DeviceRef ref = run.define(label, classId, inst, null);
            final OfferSpec spec = spec(classId, inst, hvsock, flags, mmio, user, monitored, dedicated);
            run.track(run.vm().host().offer(spec).thenApply(relid -> {
                ref.relid(relid);
                return relid;
            }), relid -> "relid " + relid + " instance " + inst.toBracedString());
        });
    }

    private static OfferSpec spec(final Guid classId, final Guid instance, final boolean hvsock, final int flags,
            final int mmio, final byte[] user, final boolean monitored, final boolean dedicated) {
        final OfferSpec base = hvsock ? OfferSpec.hvsock(classId, instance) : OfferSpec.of(classId, instance);
        return new OfferSpec(classId, instance, base.chnFlags() | flags, mmio, user != null ? user
                : base.userDefined(), monitored, dedicated);
    }

    private static Step offerSub(final ScenarioLine line, final ParseState state) {
        final ScenarioLine.Args a = line.args(2, OFFER_SUB, 1, 1, Set.of("of", "index"), Set.of());
        final String label = state.defineLabel(line, a.word(0));
        if (a.option("of") == null || a.option("index") == null) {
            throw line.error("expected: " + OFFER_SUB);
        }
        final String primary = state.label(line, a.option("of"));
        final int index = line.value(() -> Values.integer(a.option("index")));
        if (index < 1 || index > 0xFFFF) {
            throw line.error("index=" + a.option("index") + " (expected: 1 to 65535)");
        }
        return Step.action(line, run -> {
            final DeviceRef p = run.ref(primary);
            final DeviceRef ref = run.define(label, p.classId(), p.instanceId(), null);
            run.track(run.vm().host().offerSubChannel(p.relid(), index).thenApply(relid -> {
                ref.relid(relid);
                return relid;
            }), relid -> "relid " + relid);
        });
    }

    private static Step rescind(final ScenarioLine line, final ParseState state) {
        final ScenarioLine.Args a = line.args(2, "host rescind LABEL|RELID", 1, 1, Set.of(), Set.of());
        final Target target = Target.parse(line, state, a.word(0));
        return Step.action(line, run -> run.track(run.vm().host().rescind(target.relid(run)),
                v -> "released by the guest"));
    }

    private static Step failOpen(final ScenarioLine line, final ParseState state) {
        final ScenarioLine.Args a = line.args(2, "host fail-open LABEL|RELID [count=N] [status=N]", 1, 1,
                Set.of("count", "status"), Set.of());
        final Target target = Target.parse(line, state, a.word(0));
        final int count = a.option("count") == null ? 1 : line.value(() -> Values.integer(a.option("count")));
        final int status = a.option("status") == null ? VmbusHost.STATUS_UNSUCCESSFUL
                : line.value(() -> Values.integer(a.option("status")));
        if (status == 0) {
            throw line.error("status=0 is success; give a failure status such as 0xC0000001");
        }
        return Step.action(line, run -> run.track(run.vm().host().failNextOpens(target.relid(run), count, status),
                v -> "armed"));
    }

    private static Step ignore(final ScenarioLine line) {
        final ScenarioLine.Args a = line.args(2, "host ignore MESSAGE_TYPE [count=N]", 1, 1, Set.of("count"),
                Set.of());
        final ChannelMessageType type = line.value(() -> Values.enumValue(ChannelMessageType.class, a.word(0),
                "message type"));
        if (type.direction() != MessageDirection.GUEST_TO_HOST) {
            throw line.error(Values.name(type) + " is not a message the guest sends to the host");
        }
        final int count = a.option("count") == null ? 1 : line.value(() -> Values.integer(a.option("count")));
        return Step.action(line, run -> run.vm().host().ignoreNext(type, count));
    }

    private static Step rawOffer(final ScenarioLine line, final ParseState state) {
        final ScenarioLine.Args a = line.args(2, RAW_OFFER, 2, 2, Set.of("relid", "instance", "sub-channel", "flags",
                "length"), Set.of("hvsock"));
        final String label = state.defineLabel(line, a.word(0));
        final Guid classId = line.value(() -> Values.classId(a.word(1)));
        if (a.option("relid") == null) {
            throw line.error("expected: " + RAW_OFFER);
        }
        final int relid = line.value(() -> Values.integer(a.option("relid")));
        final Guid instance = a.option("instance") == null ? null : line.value(() -> Values.guid(a.option("instance")));
        final int sub = a.option("sub-channel") == null ? 0 : line.value(() -> Values.integer(a.option("sub-channel")));
        final int flags = a.option("flags") == null ? 0 : line.value(() -> Values.integer(a.option("flags")));
        final Integer length = a.option("length") == null ? null : line.value(() -> Values.integer(a.option("length")));
        if (length != null && length > MAX_RAW_LENGTH) {
            throw line.error("length=" + length + " (expected: at most " + MAX_RAW_LENGTH + ")");
        }
        final boolean hvsock = a.flag("hvsock");
        line.value(() -> offerBytes(classId, Guid.NIL, hvsock, flags, sub, relid));
        return Step.action(line, run -> {
            final Guid inst = instance != null ? instance : run.newInstance();
            run.define(label, classId, inst, relid);
            final byte[] bytes = offerBytes(classId, inst, hvsock, flags, sub, relid);
            run.vm().host().sendRaw(length == null ? bytes : Arrays.copyOf(bytes, length));
        });
    }

    private static byte[] offerBytes(final Guid classId, final Guid instance, final boolean hvsock, final int flags,
            final int sub, final int relid) {
        final OfferSpec base = hvsock ? OfferSpec.hvsock(classId, instance) : OfferSpec.of(classId, instance);
        final ChannelOffer offer = new ChannelOffer(classId, instance, base.chnFlags() | flags, 0, base.userDefined(),
                sub);
        // Connection ids as the host numbers them (16 + relid); no monitor id.
        return new OfferChannel(offer, relid, 0, false, false, 16 + relid).encode();
    }

    private static Step rawRescind(final ScenarioLine line, final ParseState state) {
        final ScenarioLine.Args a = line.args(2, "host raw-rescind LABEL|RELID", 1, 1, Set.of(), Set.of());
        final Target target = Target.parse(line, state, a.word(0));
        return Step.action(line, run -> run.vm().host().sendRaw(new RescindChannelOffer(target.relid(run)).encode()));
    }

    private static Step raw(final ScenarioLine line) {
        final ScenarioLine.Args a = line.args(2, "host raw HEX...", 1, Integer.MAX_VALUE, Set.of(), Set.of());
        final byte[] bytes = line.value(() -> Values.hex(String.join("", a.positional())));
        if (bytes.length > MAX_RAW_LENGTH) {
            throw line.error(bytes.length + " bytes (expected: at most " + MAX_RAW_LENGTH + ")");
        }
        return Step.action(line, run -> run.vm().host().sendRaw(bytes));
    }
}
