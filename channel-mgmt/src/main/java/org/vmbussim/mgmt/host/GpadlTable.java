package org.vmbussim.mgmt.host;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.vmbussim.mgmt.message.GpaRange;
import org.vmbussim.mgmt.message.GpadlHeader;
import org.vmbussim.mgmt.message.GpadlHeaderLayout;
import org.vmbussim.mgmt.message.GpadlMessages;
import org.vmbussim.wire.LittleEndian;
import org.vmbussim.wire.WireFormatException;

/**
 * The host's GPADLs: complete ones by handle, and ones still being assembled from a GPADL_HEADER and its
 * GPADL_BODY messages. Every count and length is checked against {@code range_buflen}; PFNs must lie inside guest
 * memory. Confined to the host's control executor.
 */
final class GpadlTable {
    /** Most GPADLs being assembled at once; more are refused so a guest cannot make the host hoard memory. */
    static final int MAX_IN_PROGRESS = 256;

    private final long pfnLimit;
    private final Map<Integer, Gpadl> complete = new HashMap<>();
    private final Map<Integer, Partial> inProgress = new HashMap<>();

    GpadlTable(final long pfnLimit) {
        this.pfnLimit = pfnLimit;
    }

    /** A complete GPADL. */
    record Gpadl(int relid, int handle, List<GpaRange> ranges) {
        long[] pfns() {
            int n = 0;
            for (final GpaRange r : ranges) {
                n += r.pfns().length;
            }
            final long[] out = new long[n];
            int at = 0;
            for (final GpaRange r : ranges) {
                final long[] p = r.pfns();
                System.arraycopy(p, 0, out, at, p.length);
                at += p.length;
            }
            return out;
        }
    }

    /** The outcome of adding a message: still incomplete, complete, or refused with a reason. */
    record Step(boolean done, Gpadl gpadl, String refusal) {
        static final Step MORE = new Step(false, null, null);
    }

    boolean exists(final int handle) {
        return complete.containsKey(handle) || inProgress.containsKey(handle);
    }

    Gpadl get(final int handle) {
        return complete.get(handle);
    }

    int size() {
        return complete.size();
    }

    Step header(final GpadlHeader h) {
        if (exists(h.gpadl())) {
            return refuse("handle 0x" + Integer.toHexString(h.gpadl()) + " is already in use");
        }
        if (inProgress.size() >= MAX_IN_PROGRESS) {
            return refuse(MAX_IN_PROGRESS + " GPADLs already in progress");
        }
        final int minimum = h.rangeCount() * (GpadlHeaderLayout.GPA_RANGE_HEADER_LENGTH + Long.BYTES);
        if (h.rangeCount() < 1 || h.rangeBufLength() < minimum) {
            return refuse("rangecount=" + h.rangeCount() + ", range_buflen=" + h.rangeBufLength()
                    + " (expected: rangecount >= 1, range_buflen >= " + Math.max(minimum, 16) + ")");
        }
        final byte[] carried = h.rangeBytes();
        if (carried.length > h.rangeBufLength()) {
            return refuse(carried.length + " range bytes in the header, range_buflen=" + h.rangeBufLength());
        }
        final Partial p = new Partial(h.childRelid(), h.gpadl(), h.rangeCount(), h.rangeBufLength());
        p.bytes.writeBytes(carried);
        inProgress.put(h.gpadl(), p);
        return p.bytes.size() == p.rangeBufLength ? finish(p) : Step.MORE;
    }

    /** Adds a body's PFNs; null when no GPADL with that handle is being assembled. */
    Step body(final int handle, final long[] pfns) {
        final Partial p = inProgress.get(handle);
        if (p == null) {
            return null;
        }
        if (p.bytes.size() + (long) pfns.length * Long.BYTES > p.rangeBufLength) {
            inProgress.remove(handle);
            return refuse("body overruns range_buflen=" + p.rangeBufLength);
        }
        final byte[] b = new byte[pfns.length * Long.BYTES];
        for (int i = 0; i < pfns.length; i++) {
            LittleEndian.putLong(b, i * Long.BYTES, pfns[i]);
        }
        p.bytes.writeBytes(b);
        return p.bytes.size() == p.rangeBufLength ? finish(p) : Step.MORE;
    }

    int relidOfInProgress(final int handle) {
        final Partial p = inProgress.get(handle);
        return p == null ? 0 : p.relid;
    }

    Gpadl remove(final int handle) {
        return complete.remove(handle);
    }

    /** Forgets every GPADL of a channel (its relid was released); returns how many. */
    int removeChannel(final int relid) {
        int n = 0;
        for (final Iterator<Gpadl> it = complete.values().iterator(); it.hasNext();) {
            if (it.next().relid() == relid) {
                it.remove();
                n++;
            }
        }
        for (final Iterator<Partial> it = inProgress.values().iterator(); it.hasNext();) {
            if (it.next().relid == relid) {
                it.remove();
                n++;
            }
        }
        return n;
    }

    void clear() {
        complete.clear();
        inProgress.clear();
    }

    private Step finish(final Partial p) {
        inProgress.remove(p.handle);
        final List<GpaRange> ranges;
        try {
            ranges = GpadlMessages.parseRanges(p.bytes.toByteArray(), p.rangeCount);
        } catch (final WireFormatException e) {
            return refuse(e.getMessage());
        }
        for (final GpaRange r : ranges) {
            for (final long pfn : r.pfns()) {
                if (pfn < 0 || pfn >= pfnLimit) {
                    return refuse("PFN 0x" + Long.toHexString(pfn) + " is outside guest memory (limit 0x"
                            + Long.toHexString(pfnLimit) + ")");
                }
            }
        }
        final Gpadl g = new Gpadl(p.relid, p.handle, ranges);
        complete.put(p.handle, g);
        return new Step(true, g, null);
    }

    private static Step refuse(final String why) {
        return new Step(true, null, why);
    }

    private static final class Partial {
        private final int relid;
        private final int handle;
        private final int rangeCount;
        private final int rangeBufLength;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        private Partial(final int relid, final int handle, final int rangeCount, final int rangeBufLength) {
            this.relid = relid;
            this.handle = handle;
            this.rangeCount = rangeCount;
            this.rangeBufLength = rangeBufLength;
        }
    }
}
