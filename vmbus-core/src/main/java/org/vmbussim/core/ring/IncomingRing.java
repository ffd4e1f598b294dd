package org.vmbussim.core.ring;

import org.vmbussim.wire.LittleEndian;

/**
 * The reader's side of one VMBus ring: Linux's hardened packet iterator ({@code hv_pkt_iter_first},
 * {@code __hv_pkt_iter_next}, {@code hv_pkt_iter_close}; VMBUS-REFERENCE.md §1.6) and the
 * batched-callback interrupt mask ({@code hv_begin_read}/{@code hv_end_read}, §1.7).
 *
 * <p>Reading is done in batches:
 * <pre>{@code
 * ring.begin();
 * try {
 *     for (ReadResult r = ring.next(buffer); r instanceof ReadResult.Packet p; r = ring.next(buffer)) {
 *         handle(p);                                  // p is valid until the next call to next()
 *     }
 * } finally {
 *     if (ring.close()) { signalWriter(); }           // publishes read_index; pending_send_sz rule
 * }
 * if (ring.unmaskAndCheck()) { reschedule(); }        // always re-check before waiting (pair [C])
 * }</pre>
 * Each packet is copied out of the ring into the caller's private buffer (the channel's maximum
 * packet size, Linux's default 4096) before anything in it is interpreted, and the copy is made
 * self-consistent: {@code len8} clamped to the buffer, {@code offset8} outside {@code [16, len]}
 * replaced by 16, both written back into the copy. The peer can change the ring afterwards, not the
 * copy.
 *
 * <p>Memory ordering: the same protocol as {@link OutgoingRing}, whose class comment has the table.
 * <pre>
 *   writer (OutgoingRing, Batch)                 reader (IncomingRing)
 *   ----------------------------                 ---------------------
 *   w0 = private write index                     (begin: nothing shared)
 *   per packet: r = read_index (acquire)         copy packets out of the ring
 *     if short                          [A]      read_index = r' (release)          [A]  close
 *   per packet: copy, trans_id, trailer          w = write_index (acquire)          [B]  next
 *   once: write_index = w' (release)    [B]      interrupt_mask = 0 (volatile)           unmaskAndCheck
 *   once: full fence                    [C]      full fence                         [C]
 *   m = interrupt_mask; r = read_index           w = write_index: more data? drain again
 *   signal iff m == 0 and r == w0
 *
 *   pending_send_sz = n (volatile)               read_index = r' (release)               close
 *   full fence                          [D]      full fence                         [D]
 *   r = read_index: space now? retry             p = pending_send_sz: crossed? signal
 * </pre>
 * Pair [C] is why {@link #unmaskAndCheck()} must run after every {@link #close()} before the reader
 * waits for a signal, masked or not: a writer that looked at {@code read_index} just before the close
 * published it saw a non-empty ring and did not signal.
 *
 * <p>Hardening, beyond Linux where Linux would read past the writer's index: every index loaded
 * from the header is validated (below the data size, a multiple of 8); 1..23 bytes between the
 * indices, a {@code len8 * 8} below 16, or a packet plus trailer running past {@code write_index}
 * throw {@link RingCorruptedException} instead of being clamped to "what is available" (Linux clamps
 * and then advances 8 bytes past the writer's index). A packet longer than the private buffer is
 * delivered truncated, as Linux does, but the reader skips the whole packet, not just the truncated
 * copy (Linux's 2022 "account for packet descriptor in maximum packet size" regression desynchronised
 * the read index exactly there). After a {@link RingCorruptedException} the ring is faulted: every
 * later call throws the same exception, except {@link #close()}, which publishes nothing.
 *
 * <p>The read index is kept privately ({@code priv_read_index}) and published only by
 * {@link #close()}; the batch start is remembered privately too, where Linux re-reads the shared
 * {@code read_index}. {@link #next} reloads {@code write_index} only when the last value it loaded
 * is used up: the bytes up to that value were published and acquired already, so this changes no
 * outcome, and the reader leaves the header's cache line alone while it has packets in hand (the
 * writer stores to that line on every packet). {@link #bytesAvailable()}, {@link #unmaskAndCheck()}
 * and {@link #close()} always reload it.
 *
 * <p>Threading: one reader thread at a time. {@link #statistics()} may be read from any thread.
 * Reading allocates nothing.
 */
public final class IncomingRing {
    private static final int DESCRIPTOR = RingControlLayout.MIN_PACKET_LENGTH;
    private static final int TRAILER = RingControlLayout.TRAILER_LENGTH;
    /** Bit position of {@code len8} in the descriptor's first little-endian u64. */
    private static final int LENGTH8_SHIFT = Byte.SIZE * ReadResult.DESCRIPTOR_LENGTH8_OFFSET;
    /** Bit position of {@code offset8} in the descriptor's first little-endian u64. */
    private static final int OFFSET8_SHIFT = Byte.SIZE * ReadResult.DESCRIPTOR_DATA_OFFSET8_OFFSET;
    private static final long LENGTH8_AND_OFFSET8_MASK = 0xFFFFL << LENGTH8_SHIFT | 0xFFFFL << OFFSET8_SHIFT;

    private final RingMemory memory;
    private final int dataLength;
    private final IncomingRingStatistics statistics = new IncomingRingStatistics();
    private final ReadResult.Packet packet = new ReadResult.Packet();
    private int readIndex;
    private int writeIndexCache;
    private int batchStartIndex;
    private boolean inBatch;
    private RingCorruptedException fault;

    /**
     * Attaches the reader to a ring, taking the read index from its header.
     *
     * @param memory the ring (its header initialised, e.g. by {@link RingHeader#initialise})
     * @throws RingCorruptedException when the header's {@code read_index} is invalid
     */
    public IncomingRing(final RingMemory memory) {
        this.memory = memory;
        this.dataLength = memory.dataLength();
        final int index = memory.getIntVolatile(RingControlLayout.READ_INDEX_OFFSET);
        if (!RingIndices.isValid(index, dataLength)) {
            throw RingIndices.invalidPointer(index, dataLength, "read_index");
        }
        this.readIndex = index;
        this.batchStartIndex = index;
        this.writeIndexCache = index; // "empty": the first next() loads write_index
    }

    /**
     * Starts a batch. The ring's shared indices are NOT updated.
     *
     * @throws IllegalStateException  when a batch is already open
     * @throws RingCorruptedException when the ring is faulted
     */
    public void begin() {
        checkNotFaulted();
        if (inBatch) {
            throw new IllegalStateException("batch already open (expected: close() before begin())");
        }
        inBatch = true;
        batchStartIndex = readIndex;
    }

    /**
     * Copies the next packet into {@code packetBuffer} and moves the private read index past it and
     * its trailer ({@code len8 * 8 + 8} of the peer's descriptor). The shared {@code read_index} is
     * NOT updated until {@link #close()}.
     *
     * @param packetBuffer the private buffer (the channel's maximum packet size); its length must be
     *                     a multiple of 8 and at least 16; longer packets are truncated to it
     * @return a {@link ReadResult.Packet} view of the copy (owned by this ring until the next call),
     *         or {@link ReadResult#EMPTY}
     * @throws IllegalStateException    outside a batch
     * @throws IllegalArgumentException when the buffer's length is not a multiple of 8 or below 16
     * @throws RingCorruptedException   for an invalid {@code write_index}, 1..23 bytes available, or a
     *                                  descriptor whose length is below 16 or runs past the written
     *                                  data (the ring is then faulted; nothing is consumed)
     */
    public ReadResult next(final byte[] packetBuffer) {
        checkNotFaulted();
        if (!inBatch) {
            throw new IllegalStateException("no batch open (expected: begin() before next())");
        }
        if (packetBuffer.length < DESCRIPTOR || packetBuffer.length % RingControlLayout.PACKET_ALIGNMENT != 0) {
            throw badBuffer(packetBuffer.length);
        }
        int available = RingIndices.bytesToRead(writeIndexCache, readIndex, dataLength);
        if (available == 0) {
            available = RingIndices.bytesToRead(loadWriteIndex(), readIndex, dataLength); // barrier pair [B]
            if (available == 0) {
                return ReadResult.EMPTY;
            }
        }
        if (available < DESCRIPTOR + TRAILER) {
            throw fault(tooLittleData(available));
        }
        // Fetch the descriptor's first word once (Linux: READ_ONCE of len8 and offset8): the values
        // checked are the values used and written into the copy. trans_id is not checked, so it comes
        // with the rest of the packet in one bulk copy (two shared-memory accesses per packet).
        final long firstWord = memory.getLong(readIndex); // type, offset8, len8, flags
        final int wireLength = (int) (firstWord >>> LENGTH8_SHIFT & 0xFFFF)
                * RingControlLayout.PACKET_ALIGNMENT;
        if (wireLength < DESCRIPTOR || wireLength > available - TRAILER) {
            throw fault(badLength(wireLength, available));
        }
        final int length = Math.min(wireLength, packetBuffer.length);
        int dataOffset = (int) (firstWord >>> OFFSET8_SHIFT & 0xFFFF)
                * RingControlLayout.PACKET_ALIGNMENT;
        final boolean offsetSanitized = dataOffset < DESCRIPTOR || dataOffset > length;
        if (offsetSanitized) {
            dataOffset = DESCRIPTOR;
        }
        memory.copyOut(RingIndices.advance(readIndex, Long.BYTES, dataLength), packetBuffer, Long.BYTES,
                length - Long.BYTES); // trans_id and everything after it
        // Make the copy self-consistent: callers parse it, never the ring. One store of the first word
        // with the sanitized len8 and offset8 in place of the peer's.
        LittleEndian.putLong(packetBuffer, 0, firstWord & ~LENGTH8_AND_OFFSET8_MASK
                | (long) (length / RingControlLayout.PACKET_ALIGNMENT) << LENGTH8_SHIFT
                | (long) (dataOffset / RingControlLayout.PACKET_ALIGNMENT) << OFFSET8_SHIFT);
        final int start = readIndex;
        readIndex = RingIndices.advance(readIndex, wireLength + TRAILER, dataLength);
        statistics.read(wireLength + TRAILER);
        if (length != wireLength || offsetSanitized) {
            countRepairs(length != wireLength, offsetSanitized);
        }
        return packet.set(packetBuffer, length, dataOffset, start, wireLength, offsetSanitized);
    }

    /**
     * Ends the batch (Linux {@code hv_pkt_iter_close}, §1.6 steps 1–8): publishes {@code read_index}
     * with release ordering if the batch consumed anything, then decides whether the writer, blocked
     * on {@code pending_send_sz}, must be signalled. It must be when this ring's {@code feature_bits}
     * has {@code FEAT_PENDING_SEND_SZ}, {@code pending_send_sz != 0}, and the free space crossed from
     * {@code <= pending_send_sz} before the batch to {@code > pending_send_sz} now (exactly filling
     * the request counts as not enough). The interrupt mask plays no part (Linux 5.x+).
     *
     * @return true when the caller must signal the writer
     * @throws IllegalStateException  outside a batch
     * @throws RingCorruptedException when the {@code write_index} read for the decision is invalid
     *                                (the read index is already published; the ring is then faulted)
     */
    public boolean close() {
        if (!inBatch) {
            throw new IllegalStateException("no batch open (expected: begin() before close())");
        }
        inBatch = false;
        if (fault != null || readIndex == batchStartIndex) {
            // Nothing consumed: Linux would republish the same index and its rules could not signal.
            return false;
        }
        memory.putIntRelease(RingControlLayout.READ_INDEX_OFFSET, readIndex); // barrier pair [A]
        if ((memory.getIntVolatile(RingControlLayout.FEATURE_BITS_OFFSET)
                & RingControlLayout.FEAT_PENDING_SEND_SZ) == 0) {
            return false; // the writer does not use pending_send_sz: it polls, and must not be interrupted
        }
        memory.fullFence(); // barrier pair [D]: read_index store before the pending_send_sz load
        // Peer-written and not validated: it only decides whether to signal.
        final int pending = memory.getIntVolatile(RingControlLayout.PENDING_SEND_SZ_OFFSET);
        if (pending == 0) {
            return false;
        }
        final int free = RingIndices.bytesToWrite(loadWriteIndex(), readIndex, dataLength);
        final int bytesRead = RingIndices.bytesToRead(readIndex, batchStartIndex, dataLength);
        // Enough space before this batch already: the writer was not waiting for us (u32 arithmetic as Linux).
        if (Integer.compareUnsigned(free - bytesRead, pending) > 0) {
            return false;
        }
        // Still not enough: signalling now would only wake the writer to find the ring full again.
        if (Integer.compareUnsigned(free, pending) <= 0) {
            return false;
        }
        statistics.signalled();
        return true;
    }

    /**
     * Batched-callback mode, before draining: {@code interrupt_mask = 1} and a full fence
     * (Linux {@code hv_begin_read}), so the writer stops signalling while the reader drains anyway.
     */
    public void maskInterrupts() {
        memory.putIntVolatile(RingControlLayout.INTERRUPT_MASK_OFFSET, 1);
        memory.fullFence(); // the mask is visible before the drain loads write_index
    }

    /**
     * After draining: {@code interrupt_mask = 0}, a full fence, then whether data arrived meanwhile
     * (Linux {@code hv_end_read}). If true the caller drains again (Linux masks again and reschedules
     * the channel's tasklet); if false it may wait, because any later write will signal.
     *
     * @return true when bytes are waiting
     * @throws RingCorruptedException when {@code write_index} is invalid (the ring is then faulted)
     */
    public boolean unmaskAndCheck() {
        checkNotFaulted();
        memory.putIntVolatile(RingControlLayout.INTERRUPT_MASK_OFFSET, 0);
        memory.fullFence(); // barrier pair [C]: mask and read_index stores before the write_index load
        return bytesAvailable() > 0;
    }

    /**
     * Bytes written and not yet consumed by this reader (its private read index against the
     * writer's {@code write_index}, loaded with acquire ordering).
     *
     * @return bytes, packets and trailers included
     * @throws RingCorruptedException when {@code write_index} is invalid (the ring is then faulted)
     */
    public int bytesAvailable() {
        checkNotFaulted();
        return RingIndices.bytesToRead(loadWriteIndex(), readIndex, dataLength);
    }

    private RingCorruptedException tooLittleData(final int available) {
        return new RingCorruptedException(RingCorruptedException.Reason.INVALID_DATA_AVAILABLE, available,
                "available=" + available + " bytes after read index " + readIndex
                        + " (expected: 0 or >= " + (DESCRIPTOR + TRAILER) + ", a descriptor and its trailer)");
    }

    private RingCorruptedException badLength(final int wireLength, final int available) {
        return new RingCorruptedException(RingCorruptedException.Reason.INVALID_DESCRIPTOR_LENGTHS, wireLength,
                "len8 * 8=" + wireLength + " at read index " + readIndex + " (expected: in [16, "
                        + (available - TRAILER) + "], the written bytes less the trailer)");
    }

    private static IllegalArgumentException badBuffer(final int length) {
        return new IllegalArgumentException("packetBuffer.length=" + length + " (expected: a multiple of 8, >= 16)");
    }

    private void countRepairs(final boolean truncated, final boolean offsetSanitized) {
        if (truncated) {
            statistics.truncated();
        }
        if (offsetSanitized) {
            statistics.sanitizedOffset();
        }
    }

    private int loadWriteIndex() {
        final int index = memory.getIntAcquire(RingControlLayout.WRITE_INDEX_OFFSET); // barrier pair [B]
        if (!RingIndices.isValid(index, dataLength)) {
            throw fault(RingIndices.invalidPointer(index, dataLength, "write_index"));
        }
        writeIndexCache = index;
        return index;
    }

    private RingCorruptedException fault(final RingCorruptedException e) {
        fault = e;
        return e;
    }

    private void checkNotFaulted() {
        if (fault != null) {
            throw fault;
        }
    }

    /**
     * The private read index: where the next packet starts (published only by {@link #close()}).
     *
     * @return a byte offset in the data area
     */
    public int readIndex() {
        return readIndex;
    }

    /**
     * The size of the data area.
     *
     * @return bytes
     */
    public int dataLength() {
        return dataLength;
    }

    /**
     * Whether a corrupt index or descriptor faulted this ring.
     *
     * @return true when faulted
     */
    public boolean isFaulted() {
        return fault != null;
    }

    /**
     * This ring's counters.
     *
     * @return the statistics
     */
    public IncomingRingStatistics statistics() {
        return statistics;
    }
}
