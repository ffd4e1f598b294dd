package org.vmbussim.mgmt.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelMessageTypeTest {

    @Test
    void theTableIsDenseAndMatchesTheCEnum() {
        final ChannelMessageType[] all = ChannelMessageType.values();
        assertEquals(ChannelMessageType.COUNT, all.length);
        for (int i = 0; i < all.length; i++) {
            assertEquals(i, all[i].wireId());
            assertEquals(all[i], ChannelMessageType.fromWire(i));
        }
        assertNull(ChannelMessageType.fromWire(25));
        assertNull(ChannelMessageType.fromWire(-1));
        assertEquals(1, ChannelMessageType.OFFER_CHANNEL.wireId());
        assertEquals(13, ChannelMessageType.RELID_RELEASED.wireId());
        assertEquals(17, ChannelMessageType.UNLOAD_RESPONSE.wireId());
        assertEquals(21, ChannelMessageType.TL_CONNECT_REQUEST.wireId());
        assertEquals(24, ChannelMessageType.MODIFY_CHANNEL_RESPONSE.wireId());
    }

    @Test
    void minimumLengthsAreLinuxs() {
        assertEquals(196, ChannelMessageType.OFFER_CHANNEL.minLength());
        assertEquals(12, ChannelMessageType.RESCIND_CHANNEL_OFFER.minLength());
        assertEquals(148, ChannelMessageType.OPEN_CHANNEL.minLength());
        assertEquals(20, ChannelMessageType.OPEN_CHANNEL_RESULT.minLength());
        assertEquals(20, ChannelMessageType.GPADL_HEADER.minLength());
        assertEquals(16, ChannelMessageType.GPADL_BODY.minLength());
        assertEquals(20, ChannelMessageType.GPADL_CREATED.minLength());
        assertEquals(12, ChannelMessageType.GPADL_TORNDOWN.minLength());
        assertEquals(40, ChannelMessageType.INITIATE_CONTACT.minLength());
        assertEquals(16, ChannelMessageType.VERSION_RESPONSE.minLength());
        assertEquals(16, ChannelMessageType.MODIFY_CHANNEL_RESPONSE.minLength());
    }

    @Test
    void handlerKindsAndDirectionsFollowChannelMessageTable() {
        assertEquals(HandlerKind.BLOCKING, ChannelMessageType.OFFER_CHANNEL.guestHandler());
        assertEquals(HandlerKind.BLOCKING, ChannelMessageType.RESCIND_CHANNEL_OFFER.guestHandler());
        for (final ChannelMessageType t : List.of(ChannelMessageType.ALL_OFFERS_DELIVERED,
                ChannelMessageType.OPEN_CHANNEL_RESULT, ChannelMessageType.GPADL_CREATED,
                ChannelMessageType.GPADL_TORNDOWN, ChannelMessageType.VERSION_RESPONSE,
                ChannelMessageType.UNLOAD_RESPONSE, ChannelMessageType.MODIFY_CHANNEL_RESPONSE)) {
            assertEquals(HandlerKind.NON_BLOCKING, t.guestHandler(), t.name());
            assertTrue(t.isHandledBy(MessageDirection.HOST_TO_GUEST));
            assertFalse(t.isHandledBy(MessageDirection.GUEST_TO_HOST));
        }
        assertFalse(ChannelMessageType.TL_CONNECT_RESULT.isHandledBy(MessageDirection.HOST_TO_GUEST));
        assertFalse(ChannelMessageType.INVALID.isHandledBy(MessageDirection.GUEST_TO_HOST));
        assertFalse(ChannelMessageType.RESERVED_19.isHandledBy(MessageDirection.HOST_TO_GUEST));
        assertTrue(ChannelMessageType.GPADL_BODY.isHandledBy(MessageDirection.GUEST_TO_HOST));
    }

    @Test
    void versionsAreMajorShift16OrMinorAndNewestFirst() {
        assertEquals(0x0000000D, VmbusVersion.WS2008.wireValue());
        assertEquals(0x00010001, VmbusVersion.WIN7.wireValue());
        assertEquals(0x00020004, VmbusVersion.WIN8.wireValue());
        assertEquals(0x00030000, VmbusVersion.WIN8_1.wireValue());
        assertEquals(0x00040000, VmbusVersion.WIN10.wireValue());
        assertEquals(0x00040001, VmbusVersion.WIN10_V4_1.wireValue());
        assertEquals(0x00050000, VmbusVersion.WIN10_V5.wireValue());
        assertEquals(0x00050003, VmbusVersion.WIN10_V5_3.wireValue());
        assertEquals(0x00060000, VmbusVersion.COPPER.wireValue());
        assertEquals(VmbusVersion.WIN10_V5_2, VmbusVersion.fromWire(0x50002));
        assertNull(VmbusVersion.fromWire(0x50004));
        assertEquals(List.of(VmbusVersion.WIN10_V5_3, VmbusVersion.WIN10_V5_2, VmbusVersion.WIN10_V5_1),
                VmbusVersion.newestFirst(VmbusVersion.WIN10_V5_3, VmbusVersion.WIN10_V5_1));
    }

    @Test
    void protocolConstants() {
        assertEquals(240, VmbusProtocol.MAX_MESSAGE_PAYLOAD);
        assertEquals(26, GpadlHeaderLayout.MAX_PFNS);
        assertEquals(28, GpadlBodyLayout.MAX_PFNS);
        assertEquals(0xE1E10, VmbusProtocol.FIRST_GPADL_HANDLE);
        assertEquals(1, VmbusProtocol.FIRST_RELID);
        assertEquals(2048, VmbusProtocol.MAX_CHANNEL_RELIDS);
    }
}
