package org.vmbussim.mgmt.spi;

import java.util.Arrays;
import java.util.Objects;
import org.vmbussim.wire.Guid;

/**
 * What a data path needs to map an opened channel's rings: the ring GPADL's pages, with the guest-to-host
 * (upstream) ring at page 0 and the host-to-guest (downstream) ring at {@code downstreamRingPageOffset}; each
 * ring starts with its 4 KiB header page (VMBUS-REFERENCE.md §1, §4.4).
 *
 * @param side                     the end the data path serves
 * @param relid                    the channel's relid
 * @param classId                  the device class GUID
 * @param instanceId               the instance GUID
 * @param subChannelIndex          0 for a primary channel
 * @param gpadlHandle              the ring GPADL
 * @param gpadlPfns                every PFN of the ring GPADL, in order
 * @param downstreamRingPageOffset first page of the downstream ring, in 4 KiB pages
 */
public record DataPathSpec(Side side, int relid, Guid classId, Guid instanceId, int subChannelIndex,
        int gpadlHandle, long[] gpadlPfns, int downstreamRingPageOffset) {

    /**
     * Validates and copies.
     *
     * @param side                     the end
     * @param relid                    the relid
     * @param classId                  the class
     * @param instanceId               the instance
     * @param subChannelIndex          the sub-channel index
     * @param gpadlHandle              the GPADL
     * @param gpadlPfns                the pages
     * @param downstreamRingPageOffset the receive ring's first page
     */
    public DataPathSpec {
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(classId, "classId");
        Objects.requireNonNull(instanceId, "instanceId");
        if (downstreamRingPageOffset < 2 || downstreamRingPageOffset > gpadlPfns.length - 2) {
            throw new IllegalArgumentException("downstreamRingPageOffset=" + downstreamRingPageOffset + " of "
                    + gpadlPfns.length + " pages (expected: each ring has a header and a data page)");
        }
        gpadlPfns = gpadlPfns.clone();
    }

    /**
     * The ring GPADL's pages.
     *
     * @return a copy
     */
    @Override
    public long[] gpadlPfns() {
        return gpadlPfns.clone();
    }

    /**
     * Pages of the upstream (guest-to-host) ring, header included.
     *
     * @return pages
     */
    public int upstreamRingPages() {
        return downstreamRingPageOffset;
    }

    /**
     * Pages of the downstream (host-to-guest) ring, header included.
     *
     * @return pages
     */
    public int downstreamRingPages() {
        return gpadlPfns.length - downstreamRingPageOffset;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof DataPathSpec other && side == other.side && relid == other.relid
                && classId.equals(other.classId) && instanceId.equals(other.instanceId)
                && subChannelIndex == other.subChannelIndex && gpadlHandle == other.gpadlHandle
                && Arrays.equals(gpadlPfns, other.gpadlPfns)
                && downstreamRingPageOffset == other.downstreamRingPageOffset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(side, relid, classId, instanceId, subChannelIndex, gpadlHandle,
                Arrays.hashCode(gpadlPfns), downstreamRingPageOffset);
    }

    @Override
    public String toString() {
        return "DataPathSpec[" + side + " relid=" + relid + ", gpadl=0x" + Integer.toHexString(gpadlHandle)
                + ", pages=" + gpadlPfns.length + ", downstreamAt=" + downstreamRingPageOffset + "]";
    }
}
