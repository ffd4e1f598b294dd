package org.vmbussim.mgmt.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Offsets and lengths from VMBUS-REFERENCE.md §4.3-§4.4 (independent of the cursor arithmetic). */
class LayoutOffsetsTest {

    @Test
    void offerLayouts() {
        assertEquals(176, ChannelOfferLayout.LENGTH);
        assertEquals(48, ChannelOfferLayout.CHN_FLAGS_OFFSET);
        assertEquals(50, ChannelOfferLayout.MMIO_MEGABYTES_OFFSET);
        assertEquals(52, ChannelOfferLayout.USER_DEFINED_OFFSET);
        assertEquals(172, ChannelOfferLayout.SUB_CHANNEL_INDEX_OFFSET);
        assertEquals(196, OfferChannelLayout.LENGTH);
        assertEquals(8, OfferChannelLayout.IF_TYPE_OFFSET);
        assertEquals(24, OfferChannelLayout.IF_INSTANCE_OFFSET);
        assertEquals(56, OfferChannelLayout.CHN_FLAGS_OFFSET);
        assertEquals(180, OfferChannelLayout.SUB_CHANNEL_INDEX_OFFSET);
        assertEquals(184, OfferChannelLayout.CHILD_RELID_OFFSET);
        assertEquals(188, OfferChannelLayout.MONITORID_OFFSET);
        assertEquals(189, OfferChannelLayout.MONITOR_ALLOCATED_OFFSET);
        assertEquals(190, OfferChannelLayout.IS_DEDICATED_INTERRUPT_OFFSET);
        assertEquals(192, OfferChannelLayout.CONNECTION_ID_OFFSET);
    }

    @Test
    void otherMessages() {
        assertEquals(8, ChannelMessageHeaderLayout.LENGTH);
        assertEquals(12, RescindChannelOfferLayout.LENGTH);
        assertEquals(24, OpenChannelLayout.DOWNSTREAM_RINGBUFFER_PAGEOFFSET_OFFSET);
        assertEquals(28, OpenChannelLayout.USERDATA_OFFSET);
        assertEquals(148, OpenChannelLayout.LENGTH);
        assertEquals(16, OpenChannelResultLayout.STATUS_OFFSET);
        assertEquals(20, OpenChannelResultLayout.LENGTH);
        assertEquals(12, CloseChannelLayout.LENGTH);
        assertEquals(16, GpadlHeaderLayout.RANGE_BUFLEN_OFFSET);
        assertEquals(18, GpadlHeaderLayout.RANGECOUNT_OFFSET);
        assertEquals(20, GpadlHeaderLayout.LENGTH);
        assertEquals(28, GpadlHeaderLayout.RANGE0_PFN_ARRAY_OFFSET);
        assertEquals(16, GpadlBodyLayout.PFN_OFFSET);
        assertEquals(16, GpadlCreatedLayout.CREATION_STATUS_OFFSET);
        assertEquals(16, GpadlTeardownLayout.LENGTH);
        assertEquals(8, GpadlTorndownLayout.GPADL_OFFSET);
        assertEquals(12, RelidReleasedLayout.LENGTH);
        assertEquals(16, InitiateContactLayout.MSG_SINT_OFFSET);
        assertEquals(24, InitiateContactLayout.MONITOR_PAGE1_OFFSET);
        assertEquals(32, InitiateContactLayout.MONITOR_PAGE2_OFFSET);
        assertEquals(40, InitiateContactLayout.LENGTH);
        assertEquals(9, VersionResponseLayout.CONNECTION_STATE_OFFSET);
        assertEquals(12, VersionResponseLayout.MSG_CONN_ID_OFFSET);
        assertEquals(16, VersionResponseLayout.LENGTH);
        assertEquals(16, ModifyChannelLayout.LENGTH);
        assertEquals(16, ModifyChannelResponseLayout.LENGTH);
        assertEquals(40, TlConnectRequestLayout.LENGTH);
    }

    @Test
    void structDescriptionsHaveTheLayoutsLengths() {
        assertEquals(176, ChannelOfferLayout.STRUCT.fixedLength());
        assertEquals(196, OfferChannelLayout.STRUCT.fixedLength());
        assertEquals(28, GpadlHeaderLayout.STRUCT.fixedLength());
        assertEquals(16, GpadlBodyLayout.STRUCT.fixedLength());
        assertEquals(18, new ChannelMessageLayouts().layouts().size());
    }
}
