package org.vmbussim.mgmt.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import org.vmbussim.mgmt.support.RateLimitedLog;
import org.vmbussim.wire.Guid;
import org.vmbussim.wire.HexDump;
import org.vmbussim.wire.LittleEndian;

/** Every channel message both ways: the typed records against the independently computed golden bytes. */
class ChannelMessagesTest {
    private static final Path GOLDEN = Paths.get("..", "src-test-fixtures", "src", "main", "resources", "golden");
    private static final Guid BLOB = Guid.parse("{0590b792-db64-45cc-81db-b8d70c577c9e}");

    static List<Path> goldenMessageVectors() throws IOException {
        final List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(GOLDEN)) {
            files.filter(p -> p.getParent().getFileName().toString().startsWith("vmbus_channel_")
                    && !p.getParent().getFileName().toString().equals("vmbus_channel_offer")
                    && p.toString().endsWith(".vec")).sorted().forEach(out::add);
        }
        if (out.size() < 25) {
            throw new IllegalStateException("expected the channel-message vectors under " + GOLDEN.toAbsolutePath()
                    + ", found " + out.size());
        }
        return out;
    }

    private static byte[] hexOf(final Path vec) throws IOException {
        final String text = Files.readString(vec);
        final StringBuilder hex = new StringBuilder();
        boolean inHex = false;
        for (final String line : text.split("\n")) {
            final String l = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
            if (inHex) {
                hex.append(l);
            } else if (l.trim().equals("hex")) {
                inHex = true;
            }
        }
        return HexDump.parse(hex.toString());
    }

    private static ChannelMessageDecoder decoder(final MessageDirection receiver) {
        return new ChannelMessageDecoder(receiver, new MessageDrops("test",
                new RateLimitedLog(LoggerFactory.getLogger(ChannelMessagesTest.class), System::nanoTime)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenMessageVectors")
    void goldenBytesDecodeToARecordThatEncodesToTheSameBytes(final Path vec) throws IOException {
        final byte[] bytes = hexOf(vec);
        final ChannelMessageType type = ChannelMessageType.fromWire(LittleEndian.getInt(bytes, 0));
        final ChannelMessageDecoder d = decoder(type.direction());
        final ChannelMessage m = d.decode(bytes).orElseThrow(() -> new AssertionError(vec + " dropped: "
                + d.drops().snapshot()));
        assertEquals(type, m.type());
        assertArrayEquals(bytes, m.encode(), () -> HexDump.compare(bytes, m.encode()));
    }

    @Test
    void theOfferVectorDecodesToTheAzureBlobClass() throws IOException {
        final byte[] bytes = hexOf(GOLDEN.resolve("vmbus_channel_offer_channel").resolve("azure-blob.vec"));
        final OfferChannel m = (OfferChannel) decoder(MessageDirection.HOST_TO_GUEST).decode(bytes).orElseThrow();
        assertEquals(BLOB, m.offer().interfaceType());
        assertEquals(5, m.childRelid());
        assertEquals(3, m.monitorId());
        assertTrue(m.monitorAllocated());
        assertTrue(m.dedicatedInterrupt());
        assertEquals(21, m.connectionId());
        final byte[] hv = hexOf(GOLDEN.resolve("vmbus_channel_offer").resolve("hvsock-pipe.vec"));
        final ChannelOffer offer = ChannelOffer.read(hv, 0);
        assertTrue(offer.isHvsock());
        assertEquals(ChannelFlags.PIPE_MODE_MESSAGE, offer.pipeMode());
        final byte[] again = new byte[ChannelOfferLayout.LENGTH];
        offer.write(again, 0);
        assertArrayEquals(hv, again);
    }

    static List<ChannelMessage> samples() {
        final byte[] user = {1, 2, 3};
        return List.of(
                new OfferChannel(new ChannelOffer(BLOB, Guid.parse("{11111111-2222-3333-4444-555555555555}"),
                        ChannelFlags.REQUEST_MONITORED_NOTIFICATION, 16, user, 3), 7, 200, true, false, 23),
                new RescindChannelOffer(7), new RequestOffers(), new AllOffersDelivered(),
                new OpenChannel(7, 7, 0xE1E10, 1, 32, user), new OpenChannelResult(7, 7, 0xC0000001),
                new CloseChannel(7), new GpadlHeader(7, 0xE1E10, 24, 1, new byte[16]),
                new GpadlBody(0, 0xE1E10, new long[] {1, 2, 3}), new GpadlCreated(7, 0xE1E10, 0),
                new GpadlTeardown(7, 0xE1E10), new GpadlTorndown(0xE1E10), new RelidReleased(7),
                InitiateContact.forVersion(VmbusVersion.WIN10_V5_3, 0, 2, 0xdead000, 1, 2),
                new VersionResponse(true, 0, 4), new Unload(), new UnloadResponse(), new ModifyChannel(7, 3),
                new ModifyChannelResponse(7, 0), new TlConnectRequest(BLOB, Guid.NIL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyRecordRoundTrips(final ChannelMessage m) {
        final byte[] bytes = m.encode();
        assertTrue(bytes.length <= VmbusProtocol.MAX_MESSAGE_PAYLOAD);
        assertEquals(m.type().wireId(), LittleEndian.getInt(bytes, 0));
        final ChannelMessage back = decoder(m.type().direction()).decode(bytes).orElseThrow();
        assertEquals(m, back);
        assertEquals(m.hashCode(), back.hashCode());
    }

    @Test
    void everyHandledTypeHasASample() {
        final List<ChannelMessageType> covered = samples().stream().map(ChannelMessage::type).toList();
        for (final ChannelMessageType t : ChannelMessageType.values()) {
            final boolean handled = t.isHandledBy(MessageDirection.HOST_TO_GUEST)
                    || t.isHandledBy(MessageDirection.GUEST_TO_HOST);
            assertEquals(handled, covered.contains(t), t.name());
        }
    }

    @Test
    void initiateContactKeepsTheUnionRaw() {
        final InitiateContact v5 = InitiateContact.forVersion(VmbusVersion.WIN10_V5, 0, 2, 0x1234000, 0, 0);
        assertEquals(2, v5.msgSint());
        assertEquals(0, v5.msgVtl());
        assertEquals(2, v5.interruptPage());
        final InitiateContact v4 = InitiateContact.forVersion(VmbusVersion.WIN10, 0, 2, 0x12340000L, 0, 0);
        assertEquals(0x12340000L, v4.interruptPage());
    }

    @Test
    void recordsRefuseValuesTheWireCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> new ChannelOffer(BLOB, BLOB, 0x10000, 0, new byte[0], 0));
        assertThrows(IllegalArgumentException.class, () -> new ChannelOffer(BLOB, BLOB, 0, 0, new byte[121], 0));
        assertThrows(IllegalArgumentException.class, () -> new OpenChannel(1, 1, 1, 0, 4, new byte[121]));
        assertThrows(IllegalArgumentException.class, () -> new GpadlBody(0, 1, new long[29]));
        assertThrows(IllegalArgumentException.class, () -> new GpadlHeader(1, 1, 0, 1, new byte[221]));
        assertThrows(IllegalArgumentException.class, () -> new OfferChannel(ChannelOffer.of(BLOB, BLOB), 1, 256,
                false, false, 0));
        assertFalse(ChannelOffer.of(BLOB, BLOB).isSubChannel());
    }
}
