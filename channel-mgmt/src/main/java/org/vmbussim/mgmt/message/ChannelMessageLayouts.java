package org.vmbussim.mgmt.message;

import java.util.List;
import org.vmbussim.wire.LayoutCatalog;
import org.vmbussim.wire.StructLayout;

/** The channel-mgmt module's wire structs, for the {@link org.vmbussim.wire.LayoutRegistry}. */
public final class ChannelMessageLayouts implements LayoutCatalog {

    @Override
    public String title() {
        return "channel-mgmt: VMBus channel messages (CHANNELMSG_*)";
    }

    @Override
    public List<StructLayout> layouts() {
        return List.of(ChannelMessageHeaderLayout.STRUCT, ChannelOfferLayout.STRUCT, OfferChannelLayout.STRUCT,
                RescindChannelOfferLayout.STRUCT, OpenChannelLayout.STRUCT, OpenChannelResultLayout.STRUCT,
                CloseChannelLayout.STRUCT, GpadlHeaderLayout.STRUCT, GpadlBodyLayout.STRUCT,
                GpadlCreatedLayout.STRUCT, GpadlTeardownLayout.STRUCT, GpadlTorndownLayout.STRUCT,
                RelidReleasedLayout.STRUCT, InitiateContactLayout.STRUCT, VersionResponseLayout.STRUCT,
                ModifyChannelLayout.STRUCT, ModifyChannelResponseLayout.STRUCT, TlConnectRequestLayout.STRUCT);
    }
}
