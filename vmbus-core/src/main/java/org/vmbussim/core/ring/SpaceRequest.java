package org.vmbussim.core.ring;

/** What {@link OutgoingRing#requestSpace(int)} found. */
public enum SpaceRequest {
    /** The space is already free (the reader moved on meanwhile): retry the write now. */
    AVAILABLE_NOW,
    /** {@code pending_send_sz} is set; the reader will signal once the space is free. */
    REGISTERED,
    /**
     * This ring does not advertise {@link RingControlLayout#FEAT_PENDING_SEND_SZ}: the reader will not
     * look at {@code pending_send_sz}, so the writer must poll. Nothing was stored.
     */
    UNSUPPORTED
}
