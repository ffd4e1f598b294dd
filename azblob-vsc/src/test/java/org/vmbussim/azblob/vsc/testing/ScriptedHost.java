package org.vmbussim.azblob.vsc.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.vmbussim.azblob.protocol.AzBlobVspRequestLayout;
import org.vmbussim.azblob.protocol.AzBlobVspResponseLayout;
import org.vmbussim.core.channel.ChannelEnd;
import org.vmbussim.core.channel.PacketHandler;
import org.vmbussim.core.channel.RingPair;
import org.vmbussim.core.channel.SendResult;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.packet.Packet;
import org.vmbussim.core.packet.PacketFormatException;
import org.vmbussim.core.packet.PacketParser;
import org.vmbussim.core.ring.ReadResult;
import org.vmbussim.core.sched.Scheduler;
import org.vmbussim.wire.LittleEndian;

/**
 * A scriptable Azure Blob host (VSP stand-in) on the host end of a channel, for driving the guest driver
 * through every answer a real or hostile host could give. Reusable: it knows nothing of the driver's
 * classes, only the wire.
 *
 * <p>Every packet the host end reads is recorded as a {@link HostRequest} ({@link #received()}); packets
 * the host cannot parse are counted ({@link #unparsablePackets()}). What happens next is the
 * {@link Script}'s choice: {@link Script#hold()} (never answer; the default), {@link Script#status(int)},
 * {@link Script#echo()} (copy the request buffer into the response buffer), or any lambda. Tests can also
 * answer by hand, including with malformed answers: {@link #complete}, {@link #completeLater},
 * {@link #sendCompletionPayload} (any payload, e.g. too short), {@link #sendInBand} (the wrong packet
 * type) — each with any transaction id (unknown, zero, duplicate, sentinel).
 *
 * <p>Thread-safe: with a threaded scheduler the script runs on its worker threads.
 */
public final class ScriptedHost implements PacketHandler {
    /** Largest GPA-direct request: 8192 PFNs, 56 bytes of payload, rounded to 8 (96 + 8 * 8192). */
    public static final int MAX_REQUEST_PACKET_BYTES = 96 + 8 * 8192;

    /** What the host does with each request packet. */
    @FunctionalInterface
    public interface Script {
        /**
         * Reacts to a request (on the scheduler; the packet is already recorded).
         *
         * @param host    the host
         * @param request the request
         */
        void onRequest(ScriptedHost host, HostRequest request);

        /**
         * Records only; never answers.
         *
         * @return the script
         */
        static Script hold() {
            return (host, request) -> { };
        }

        /**
         * Completes at once with a status and nothing written.
         *
         * @param status the {@code error} field
         * @return the script
         */
        static Script status(final int status) {
            return (host, request) -> host.complete(request.transactionId(), 0, status, 0);
        }

        /**
         * Copies the request buffer into the response buffer (as much as fits), echoes the data buffer's
         * valid bytes back into it, and completes with status 0, {@code response_len} = bytes copied,
         * {@code length} = data bytes echoed.
         *
         * @return the script
         */
        static Script echo() {
            return (host, request) -> {
                final byte[] head = request.readRequestBuffer();
                final int fit = Math.min(head.length, request.field(
                        AzBlobVspRequestLayout.RESPONSE_BUFFER_LENGTH_OFFSET));
                request.writeResponseBuffer(Arrays.copyOf(head, fit));
                final byte[] body = request.readDataBuffer();
                request.writeDataBuffer(body);
                host.complete(request.transactionId(), body.length, 0, fit);
            };
        }

        /**
         * Runs another script after a delay on the scheduler's clock.
         *
         * @param inner the script
         * @param delay the delay
         * @param unit  its unit
         * @return the script
         */
        static Script later(final Script inner, final long delay, final TimeUnit unit) {
            return (host, request) -> host.end().scheduler().schedule(() -> inner.onRequest(host, request), delay,
                    unit);
        }
    }

    private final GuestMemory memory;
    private final AtomicReference<Script> script = new AtomicReference<>(Script.hold());
    private final List<HostRequest> received = new CopyOnWriteArrayList<>();
    private final List<String> unparsable = new CopyOnWriteArrayList<>();
    private volatile ChannelEnd end;

    /**
     * A host reading guest memory (for the buffers its requests name).
     *
     * @param memory the guest's memory
     */
    public ScriptedHost(final GuestMemory memory) {
        this.memory = Objects.requireNonNull(memory, "memory");
    }

    /**
     * Allocates the rings in guest memory and connects a guest end (with the given requestor size and
     * handler) to a host end driven by this host. The host end copies packets up to
     * {@link #MAX_REQUEST_PACKET_BYTES}, so the largest request arrives whole.
     *
     * @param name          a name for both ends
     * @param scheduler     where callbacks run
     * @param ringBytes     each ring's size, header page included
     * @param requestorSize the guest's requestor size
     * @param guestHandler  the guest's packet handler (the driver's channel callback)
     * @return the channel
     */
    public HostedChannel open(final String name, final Scheduler scheduler, final int ringBytes,
            final int requestorSize, final PacketHandler guestHandler) {
        final RingPair rings = RingPair.allocate(memory, ringBytes, ringBytes);
        final ChannelEnd guest = ChannelEnd.builder(name + " guest").scheduler(scheduler)
                .outgoing(rings.guestToHost()).incoming(rings.hostToGuest()).requestorSize(requestorSize)
                .handler(guestHandler).build();
        // The host maps the same pages through the GPADL page list, as a real host does.
        final RingPair hostView = RingPair.attach(memory, rings.gpadlPfns(), rings.downstreamPageOffset());
        final ChannelEnd host = ChannelEnd.builder(name + " host").scheduler(scheduler)
                .outgoing(hostView.hostToGuest()).incoming(hostView.guestToHost())
                .maxPacketSize(MAX_REQUEST_PACKET_BYTES).handler(this).build();
        ChannelEnd.connect(guest, host);
        this.end = host;
        return new HostedChannel(rings, guest, host, this);
    }

    /**
     * Replaces the script (for packets read from now on).
     *
     * @param next the script
     */
    public void script(final Script next) {
        script.set(Objects.requireNonNull(next, "next"));
    }

    /**
     * The host end.
     *
     * @return the end
     */
    public ChannelEnd end() {
        return end;
    }

    /**
     * Every packet read so far, in order.
     *
     * @return a copy
     */
    public List<HostRequest> received() {
        return new ArrayList<>(received);
    }

    /**
     * The number of packets read.
     *
     * @return the count
     */
    public int receivedCount() {
        return received.size();
    }

    /**
     * The latest packet read.
     *
     * @return the request
     * @throws IllegalStateException when none was read
     */
    public HostRequest last() {
        if (received.isEmpty()) {
            throw new IllegalStateException("the host has received nothing");
        }
        return received.get(received.size() - 1);
    }

    /**
     * Why packets could not be parsed (the guest sent something malformed).
     *
     * @return the reasons
     */
    public List<String> unparsablePackets() {
        return new ArrayList<>(unparsable);
    }

    @Override
    public void onPacket(final ChannelEnd channel, final ByteBuf packet, final ReadResult.Packet info) {
        final byte[] bytes = new byte[info.length()];
        packet.getBytes(0, bytes);
        final Packet parsed;
        try {
            parsed = PacketParser.parse(Unpooled.wrappedBuffer(bytes), 0, bytes.length);
        } catch (final PacketFormatException e) {
            unparsable.add(e.getMessage());
            return;
        }
        final HostRequest request = new HostRequest(bytes, parsed, memory);
        received.add(request);
        script.get().onRequest(this, request);
    }

    /**
     * Sends a well-formed completion.
     *
     * @param transactionId the id to echo (any value)
     * @param length        {@code length}: body bytes written
     * @param error         {@code error}: the status
     * @param responseLen   {@code response_len}
     * @return what the send did
     */
    public SendResult complete(final long transactionId, final int length, final int error, final int responseLen) {
        final byte[] payload = new byte[AzBlobVspResponseLayout.LENGTH];
        LittleEndian.putInt(payload, AzBlobVspResponseLayout.LENGTH_OFFSET, length);
        LittleEndian.putInt(payload, AzBlobVspResponseLayout.ERROR_OFFSET, error);
        LittleEndian.putInt(payload, AzBlobVspResponseLayout.RESPONSE_LEN_OFFSET, responseLen);
        return sendCompletionPayload(transactionId, payload);
    }

    /**
     * Sends a well-formed completion after a delay on the scheduler's clock.
     *
     * @param transactionId the id
     * @param error         the status
     * @param delay         the delay
     * @param unit          its unit
     */
    public void completeLater(final long transactionId, final int error, final long delay, final TimeUnit unit) {
        end.scheduler().schedule(() -> complete(transactionId, 0, error, 0), delay, unit);
    }

    /**
     * Sends a completion packet with any payload (too short, too long, garbage).
     *
     * @param transactionId the id
     * @param payload       the payload
     * @return what the send did
     */
    public SendResult sendCompletionPayload(final long transactionId, final byte[] payload) {
        return end.sendCompletion(transactionId, Unpooled.wrappedBuffer(payload), 0, payload.length);
    }

    /**
     * Sends an in-band data packet (the wrong type for an answer) carrying an id and a response-shaped
     * payload.
     *
     * @param transactionId the id in the descriptor
     * @param error         the {@code error} field of the payload
     * @return what the send did
     */
    public SendResult sendInBand(final long transactionId, final int error) {
        final byte[] payload = new byte[AzBlobVspResponseLayout.LENGTH];
        LittleEndian.putInt(payload, AzBlobVspResponseLayout.ERROR_OFFSET, error);
        return end.sendInBand(Unpooled.wrappedBuffer(payload), 0, payload.length, false, transactionId);
    }

    @Override
    public String toString() {
        return "ScriptedHost[" + received.size() + " packets]";
    }
}
