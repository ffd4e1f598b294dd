package org.vmbussim.core.ring;

import java.util.Objects;
import org.vmbussim.wire.LittleEndian;

/**
 * The writer's side of one VMBus ring (Linux {@code hv_ringbuffer_write}, VMBUS-REFERENCE.md §1.5).
 *
 * <p>A {@link #write write} copies the packet (with zero padding to 8 bytes) and its 8-byte trailer
 * at the write index, wrapping at the end of the data area; assigns the transaction id after the
 * copy; publishes {@code write_index} with release ordering; and says whether the reader must be
 * signalled. Full (free bytes {@code <=} packet + trailer, so the ring never fills completely and
 * {@code read == write} always means empty) is a {@link WriteResult.Full} to retry, not an error.
 *
 * <p>Memory ordering: the protocol between the two sides of a ring, QEMU style. Each fence or
 * ordered access in this class and in {@link IncomingRing} names its pair.
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
 * [A] the reader is done with bytes before the writer may reuse them (the writer reloads
 * {@code read_index} only when the value it loaded last leaves too little room: an older value only
 * under-states the free space). [B] the packet's bytes are visible before the index that covers
 * them. [C] store-then-load on both sides (Dekker): either the writer sees the reader's published
 * {@code read_index}/cleared mask and signals, or the reader's re-check sees the new
 * {@code write_index}; never neither (no lost wake-up). [D] the same for {@code pending_send_sz}
 * against {@code read_index}.
 *
 * <p>"Once" is per publish: a single {@link #write write} is a batch of one packet; a
 * {@link #beginBatch() batch} copies n packets at its private write index and its
 * {@link Batch#commit() commit} does the [B] release, the [C] fence and the signal decision once for
 * all n, with {@code w0} the write index before the batch's first packet. The reader may see the
 * batch only whole (one release covers all its bytes), so "{@code r == w0}" is still exactly the
 * empty→non-empty transition, now of the batch.
 *
 * <p>Hardening: the writer keeps its own copy of the write index and reads only {@code read_index}
 * (validated: below the data size, a multiple of 8; otherwise {@link RingCorruptedException}),
 * {@code interrupt_mask} and {@code feature_bits} from the shared page. Outgoing bytes are all
 * caller data or zeros: nothing stale leaks into the padding.
 *
 * <p>After a {@link RingCorruptedException} the ring is faulted: every later write or space request
 * throws the same exception.
 *
 * <p>Threading: one writer at a time (the channel serialises senders, as Linux's {@code ring_lock}
 * does). {@link #statistics()} may be read from any thread. A write allocates nothing.
 */
public final class OutgoingRing {
    private static final byte[] ZEROS = new byte[RingControlLayout.PACKET_ALIGNMENT];

    private final RingMemory memory;
    private final int dataLength;
    private final OutgoingRingStatistics statistics = new OutgoingRingStatistics();
    private final WriteResult.Written written = new WriteResult.Written();
    private final WriteResult.Full full = new WriteResult.Full();
    private int writeIndex;
    private int readIndexCache;
    private boolean pendingSendSet;
    private long lastTransactionId;
    private RingCorruptedException fault;
    private final Batch batch = new Batch();

    /**
     * Attaches the writer to a ring, taking the write index from its header.
     *
     * @param memory the ring (its header initialised, e.g. by {@link RingHeader#initialise})
     * @throws RingCorruptedException when the header's {@code write_index} is invalid
     */
    public OutgoingRing(final RingMemory memory) {
        this.memory = memory;
        this.dataLength = memory.dataLength();
        final int index = memory.getIntVolatile(RingControlLayout.WRITE_INDEX_OFFSET);
        if (!RingIndices.isValid(index, dataLength)) {
            throw RingIndices.invalidPointer(index, dataLength, "write_index");
        }
        this.writeIndex = index;
        // "8 bytes free": forces a load of read_index on the first write.
        this.readIndexCache = RingIndices.advance(index, RingControlLayout.PACKET_ALIGNMENT, dataLength);
    }

    /**
     * Writes one packet held in one array: the common case, without a {@link GatherList}. Same rules
     * and results as {@link #write(GatherList, long, TransactionIdAssigner)}.
     *
     * @param packet    the array
     * @param offset    first byte of the packet (its {@code vmpacket_descriptor})
     * @param length    bytes of the packet, descriptor included, before padding
     * @param requestId the caller's request cookie (see the gather-list variant)
     * @param assigner  the requestor, or null
     * @return the result, owned by this ring until the next write
     * @throws IndexOutOfBoundsException when the range is not inside {@code packet}
     * @throws IllegalArgumentException  as the gather-list variant
     * @throws IllegalStateException     as the gather-list variant
     * @throws RingCorruptedException    as the gather-list variant
     */
    public WriteResult write(final byte[] packet, final int offset, final int length, final long requestId,
            final TransactionIdAssigner assigner) {
        checkNoBatch();
        final int paddedLength = checkArrayPacket(packet, offset, length);
        final int oldWrite = writeIndex;
        if (!hasRoom(oldWrite, paddedLength + RingControlLayout.TRAILER_LENGTH)) {
            return ringFull(paddedLength + RingControlLayout.TRAILER_LENGTH);
        }
        memory.copyIn(oldWrite, packet, offset, length);
        return publishOne(oldWrite, RingIndices.advance(oldWrite, length, dataLength), length, paddedLength,
                requestId, assigner);
    }

    /** Checks (faulted, bounds, len8) a packet held in one array; returns its padded length. */
    private int checkArrayPacket(final byte[] packet, final int offset, final int length) {
        checkNotFaulted();
        Objects.checkFromIndexSize(offset, length, packet.length);
        final int length8 = length < RingControlLayout.MIN_PACKET_LENGTH ? -1
                : LittleEndian.getShort(packet, offset + ReadResult.DESCRIPTOR_LENGTH8_OFFSET);
        return checkPacket(length, length8);
    }

    /** Checks (faulted, len8) a gathered packet; returns its padded length. */
    private int checkGatheredPacket(final GatherList packet) {
        checkNotFaulted();
        final int packetLength = packet.length();
        final int length8 = packetLength < RingControlLayout.MIN_PACKET_LENGTH ? -1
                : packet.getUnsignedByte(ReadResult.DESCRIPTOR_LENGTH8_OFFSET)
                        | packet.getUnsignedByte(ReadResult.DESCRIPTOR_LENGTH8_OFFSET + 1) << Byte.SIZE;
        return checkPacket(packetLength, length8);
    }

    /**
     * Writes one packet (VMBUS-REFERENCE.md §1.5 steps 2–10).
     *
     * <ol>
     *   <li>{@code total = padded length + 8}; if free bytes {@code <= total}: {@link WriteResult.Full}
     *       with cause {@link WriteResult.Cause#RING} (counted as a ring-full event).</li>
     *   <li>Copy the segments at the write index, wrapping, then zeros to the next multiple of 8.</li>
     *   <li>Only now, if {@code assigner} is not null, ask it for the transaction id; if it refuses,
     *       {@link WriteResult.Full} with cause {@link WriteResult.Cause#REQUESTOR}: the copied bytes
     *       are simply abandoned because the write index never moved.</li>
     *   <li>Overwrite {@code trans_id} (packet offset 8) in the ring copy with the id, or with
     *       {@code requestId} when there is no assigner.</li>
     *   <li>Trailer: u64 {@code old write index << 32}.</li>
     *   <li>Publish {@code write_index} with release ordering.</li>
     *   <li>Signal iff {@code interrupt_mask == 0} and {@code read_index == old write index}.</li>
     * </ol>
     * The ring's indices are updated only in step 6, and only then is anything visible to the reader.
     * A pending-send request of this writer is cleared after a successful write.
     *
     * <p>The free space is computed from the last {@code read_index} this writer loaded, reloading
     * it (acquire, validated) only when that says the packet does not fit: the reader only ever
     * frees space, so a stale index can only under-estimate it (QEMU's {@code last_seen_rd_idx},
     * Agrona's head cache).
     *
     * @param packet    the packet's segments; the first 16 bytes are its {@code vmpacket_descriptor},
     *                  whose {@code len8} must equal the padded length / 8
     * @param requestId the caller's request cookie: given to {@code assigner}, or written as
     *                  {@code trans_id} when {@code assigner} is null
     * @param assigner  the requestor, for packets that request a completion; null otherwise
     * @return {@link WriteResult.Written} or {@link WriteResult.Full}, owned by this ring until the
     *         next write
     * @throws IllegalArgumentException when the packet is shorter than 16 bytes, its {@code len8}
     *                                  disagrees with its length, or it could never fit in this ring
     * @throws IllegalStateException    while a {@link #beginBatch() batch} is open
     * @throws RingCorruptedException   when {@code read_index} is invalid (the ring is then faulted)
     */
    public WriteResult write(final GatherList packet, final long requestId, final TransactionIdAssigner assigner) {
        checkNoBatch();
        final int paddedLength = checkGatheredPacket(packet);
        final int oldWrite = writeIndex;
        if (!hasRoom(oldWrite, paddedLength + RingControlLayout.TRAILER_LENGTH)) {
            return ringFull(paddedLength + RingControlLayout.TRAILER_LENGTH);
        }
        return publishOne(oldWrite, packet.copyTo(memory, oldWrite), packet.length(), paddedLength, requestId,
                assigner);
    }

    /** Whether {@code total} bytes fit (free {@code > total}), reloading read_index only when needed. */
    private boolean hasRoom(final int oldWrite, final int total) {
        if (RingIndices.bytesToWrite(oldWrite, readIndexCache, dataLength) > total) {
            return true;
        }
        return RingIndices.bytesToWrite(oldWrite, loadReadIndex(), dataLength) > total;
    }

    private WriteResult ringFull(final int total) {
        statistics.ringFull();
        return full.set(total, WriteResult.Cause.RING);
    }

    /** Steps 2 (padding) to 7 for a single packet, once its bytes are in the ring up to {@code at}. */
    private WriteResult publishOne(final int oldWrite, final int at, final int packetLength, final int paddedLength,
            final long requestId, final TransactionIdAssigner assigner) {
        final int newWrite = finishPacket(oldWrite, at, packetLength, paddedLength, requestId, assigner);
        if (newWrite < 0) {
            return requestorFull(paddedLength);
        }
        final boolean signal = publish(oldWrite, newWrite);
        statistics.written(paddedLength + RingControlLayout.TRAILER_LENGTH, signal);
        return written.set(signal, lastTransactionId);
    }

    private WriteResult requestorFull(final int paddedLength) {
        statistics.requestorFull();
        return full.set(paddedLength + RingControlLayout.TRAILER_LENGTH, WriteResult.Cause.REQUESTOR);
    }

    /**
     * Steps 2 (padding) to 5 of a packet whose bytes are in the ring from {@code start} up to
     * {@code at}: zero padding, the transaction id (asked for only now), {@code trans_id}, trailer.
     * Nothing is published.
     *
     * @return the index after the trailer, or -1 when the assigner refused (nothing written after
     *         the padding); the id is left in {@link #lastTransactionId}
     */
    private int finishPacket(final int start, final int at, final int packetLength, final int paddedLength,
            final long requestId, final TransactionIdAssigner assigner) {
        int end = at;
        final int padding = paddedLength - packetLength;
        if (padding > 0) {
            memory.copyIn(end, ZEROS, 0, padding);
            end = RingIndices.advance(end, padding, dataLength);
        }
        final long transactionId;
        if (assigner == null) {
            transactionId = requestId;
        } else {
            // After the copy: once the id exists, the completion path may look the request up.
            transactionId = assigner.assign(requestId);
            if (transactionId == TransactionIdAssigner.REFUSED) {
                return -1;
            }
        }
        memory.putLong(RingIndices.advance(start, ReadResult.DESCRIPTOR_TRANSACTION_ID_OFFSET, dataLength),
                transactionId);
        memory.putLong(end, Integer.toUnsignedLong(start) << Integer.SIZE); // trailer: this packet's start
        lastTransactionId = transactionId;
        return RingIndices.advance(end, RingControlLayout.TRAILER_LENGTH, dataLength);
    }

    /**
     * Step 6–7 for everything written since {@code oldWrite}: publishes {@code write_index}, decides
     * the signal (empty→non-empty as seen from {@code oldWrite}), clears a pending-send request.
     */
    private boolean publish(final int oldWrite, final int newWrite) {
        memory.putIntRelease(RingControlLayout.WRITE_INDEX_OFFSET, newWrite); // barrier pair [B]
        writeIndex = newWrite;
        final boolean signal = shouldSignal(oldWrite);
        if (pendingSendSet) {
            clearPendingSend();
        }
        return signal;
    }

    /**
     * Linux {@code hv_signal_on_write}. Hyper-V hosts treat unexpected interrupts as a possible DoS
     * and expect one only when the ring goes from empty to non-empty; a reader that masked interrupts
     * is draining and will see this packet anyway.
     */
    private boolean shouldSignal(final int oldWrite) {
        memory.fullFence(); // barrier pair [C]: write_index store before the mask and read_index loads
        if (memory.getIntVolatile(RingControlLayout.INTERRUPT_MASK_OFFSET) != 0) {
            return false;
        }
        // Not validated: it is only compared, never used to address memory (QEMU does the same).
        return memory.getIntVolatile(RingControlLayout.READ_INDEX_OFFSET) == oldWrite;
    }

    private int checkPacket(final int packetLength, final int length8) {
        final int paddedLength = length8(packetLength) * RingControlLayout.PACKET_ALIGNMENT;
        if (packetLength < RingControlLayout.MIN_PACKET_LENGTH || length8 * RingControlLayout.PACKET_ALIGNMENT
                != paddedLength || paddedLength >= dataLength - RingControlLayout.TRAILER_LENGTH) {
            throw badPacket(packetLength, length8);
        }
        return paddedLength;
    }

    private IllegalArgumentException badPacket(final int packetLength, final int length8) {
        if (packetLength < RingControlLayout.MIN_PACKET_LENGTH) {
            return new IllegalArgumentException("packet length=" + packetLength + " (expected: >= "
                    + RingControlLayout.MIN_PACKET_LENGTH + ", a vmpacket_descriptor)");
        }
        final long paddedLength = length8(packetLength) * (long) RingControlLayout.PACKET_ALIGNMENT;
        if (length8 * (long) RingControlLayout.PACKET_ALIGNMENT != paddedLength) {
            return new IllegalArgumentException("descriptor len8=" + length8 + " (expected: " + paddedLength / 8
                    + " for a packet of " + packetLength + " bytes padded to " + paddedLength + ")");
        }
        return new IllegalArgumentException("packet length=" + packetLength + " (expected: padded + 8 < data size "
                + dataLength + "; it could never fit)");
    }

    /**
     * Announces that this writer is blocked until more than {@code bytes} are free: stores
     * {@code pending_send_sz} so the reader signals when its reads free that much
     * (VMBUS-REFERENCE.md §1.1, §1.6), then re-checks the free space so a reader that moved on
     * meanwhile is not missed. The request stays until the next successful write or
     * {@link #clearPendingSend()}.
     *
     * @param bytes free bytes needed, usually {@link WriteResult.Full#bytesNeeded()}
     * @return {@link SpaceRequest#AVAILABLE_NOW} (retry now), {@link SpaceRequest#REGISTERED} (wait for
     *         the reader's signal) or {@link SpaceRequest#UNSUPPORTED} (this ring's
     *         {@code feature_bits} lacks {@code FEAT_PENDING_SEND_SZ}: poll)
     * @throws IllegalArgumentException unless {@code 0 < bytes < data size}
     * @throws IllegalStateException    while a {@link #beginBatch() batch} is open
     * @throws RingCorruptedException   when {@code read_index} is invalid (the ring is then faulted)
     */
    public SpaceRequest requestSpace(final int bytes) {
        checkNoBatch();
        checkNotFaulted();
        if (bytes <= 0 || bytes >= dataLength) {
            throw new IllegalArgumentException("bytes=" + bytes + " (expected: in (0, " + dataLength + "))");
        }
        if ((memory.getIntVolatile(RingControlLayout.FEATURE_BITS_OFFSET)
                & RingControlLayout.FEAT_PENDING_SEND_SZ) == 0) {
            return SpaceRequest.UNSUPPORTED;
        }
        memory.putIntVolatile(RingControlLayout.PENDING_SEND_SZ_OFFSET, bytes);
        pendingSendSet = true;
        memory.fullFence(); // barrier pair [D]: pending_send_sz store before the read_index load
        return RingIndices.bytesToWrite(writeIndex, loadReadIndex(), dataLength) > bytes
                ? SpaceRequest.AVAILABLE_NOW : SpaceRequest.REGISTERED;
    }

    /** Withdraws a {@link #requestSpace(int)}: stores {@code pending_send_sz = 0}. */
    public void clearPendingSend() {
        memory.putIntVolatile(RingControlLayout.PENDING_SEND_SZ_OFFSET, 0);
        pendingSendSet = false;
    }

    /**
     * Free bytes now, as the writer computes them ({@code hv_get_bytes_to_write}); a packet fits when
     * its padded length + 8 is less than this.
     *
     * @return bytes
     * @throws RingCorruptedException when {@code read_index} is invalid (the ring is then faulted)
     */
    public int bytesFree() {
        checkNotFaulted();
        return RingIndices.bytesToWrite(writeIndex, loadReadIndex(), dataLength);
    }

    private int loadReadIndex() {
        final int index = memory.getIntAcquire(RingControlLayout.READ_INDEX_OFFSET); // barrier pair [A]
        if (!RingIndices.isValid(index, dataLength)) {
            fault = RingIndices.invalidPointer(index, dataLength, "read_index");
            throw fault;
        }
        readIndexCache = index;
        return index;
    }

    private void checkNoBatch() {
        if (batch.open) {
            throw new IllegalStateException("a batch is open (expected: commit() or abandon() it first)");
        }
    }

    private void checkNotFaulted() {
        if (fault != null) {
            throw fault;
        }
    }

    /**
     * The write index this writer will use next (its own copy; it never re-reads the shared one).
     *
     * @return a byte offset in the data area
     */
    public int writeIndex() {
        return writeIndex;
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
     * Whether a corrupt {@code read_index} faulted this ring.
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
    public OutgoingRingStatistics statistics() {
        return statistics;
    }

    /**
     * Opens a batch: several packets written at a private write index and published together by
     * one {@link Batch#commit()} (OpenVMM's {@code write} × n then {@code commit_write}; Linux
     * netvsc defers the signal the same way with {@code xmit_more}). The ring's shared indices are
     * NOT updated until the commit. While the batch is open, {@link #write} and
     * {@link #requestSpace(int)} refuse with {@link IllegalStateException}.
     *
     * <pre>{@code
     * OutgoingRing.Batch batch = ring.beginBatch();
     * try {
     *     for (Packet p : packets) {
     *         if (batch.write(p.bytes(), 0, p.length(), p.requestId(), null) instanceof WriteResult.Full) {
     *             break;                        // the packets before it stay in the batch
     *         }
     *     }
     * } finally {
     *     if (batch.commit()) { signalReader(); } // one release, one fence, one signal decision
     * }
     * }</pre>
     *
     * @return this ring's batch (one per ring, reused: it allocates nothing)
     * @throws IllegalStateException  when a batch is already open
     * @throws RingCorruptedException when the ring is faulted
     */
    public Batch beginBatch() {
        checkNotFaulted();
        checkNoBatch();
        batch.open(writeIndex);
        return batch;
    }

    /**
     * A multi-packet write in progress: see {@link OutgoingRing#beginBatch()}. Each
     * {@link #write write} copies one packet, its padding, {@code trans_id} and trailer at the
     * batch's private write index, exactly as a single {@link OutgoingRing#write} does, but
     * publishes nothing. {@link #commit()} then does steps 6–7 of VMBUS-REFERENCE.md §1.5 once for
     * the whole batch: one release of {@code write_index}, one full fence (pair [C]), one signal
     * decision (signal iff {@code interrupt_mask == 0} and {@code read_index} equals the write index
     * at the start of the batch: the batch took the ring from empty to non-empty), and
     * {@code pending_send_sz} cleared once.
     *
     * <p>A {@link WriteResult.Full} from {@link #write} (ring or requestor full) leaves the packets
     * written before it in the batch; commit them, or {@link #abandon()} them all. Transaction ids:
     * the caller's request id is written as {@code trans_id} when there is no assigner; with a
     * {@link RevocableTransactionIdAssigner} (one per batch) each id is taken after its packet's
     * copy, and every id of a batch that is abandoned, or that fails at commit, is revoked, newest
     * first. A plain {@link TransactionIdAssigner} cannot take an id back, so batches do not accept
     * one.
     *
     * <p>Threading: the ring's writer thread only, like {@link OutgoingRing#write}.
     */
    public final class Batch {
        private boolean open;
        private int startIndex;
        private int stagedIndex;
        private int packetCount;
        private int ringBytes;
        private RevocableTransactionIdAssigner idSource;
        private long[] assignedIds = new long[0];
        private int assignedCount;

        private Batch() {
        }

        private void open(final int writeIndexNow) {
            open = true;
            startIndex = writeIndexNow;
            stagedIndex = writeIndexNow;
            packetCount = 0;
            ringBytes = 0;
            idSource = null;
            assignedCount = 0;
        }

        /**
         * Adds one packet held in one array; same checks as {@link OutgoingRing#write(byte[], int, int,
         * long, TransactionIdAssigner)}.
         *
         * @param packet    the array
         * @param offset    first byte of the packet (its {@code vmpacket_descriptor})
         * @param length    bytes of the packet, descriptor included, before padding
         * @param requestId the caller's request cookie: given to {@code assigner}, or written as
         *                  {@code trans_id} when it is null
         * @param assigner  the requestor, for packets that request a completion; null otherwise
         * @return {@link WriteResult.Written} (in the batch, NOT yet published; its
         *         {@code signalPeer()} is always false: {@link #commit()} decides) or
         *         {@link WriteResult.Full}; owned by the ring until its next write
         * @throws IllegalStateException     when the batch is not open, or {@code assigner} differs from
         *                                   the one earlier packets of this batch used
         * @throws IndexOutOfBoundsException when the range is not inside {@code packet}
         * @throws IllegalArgumentException  as {@link OutgoingRing#write(GatherList, long, TransactionIdAssigner)}
         * @throws RingCorruptedException    when {@code read_index} is invalid or the ring is faulted
         */
        public WriteResult write(final byte[] packet, final int offset, final int length, final long requestId,
                final RevocableTransactionIdAssigner assigner) {
            checkOpen();
            final int paddedLength = checkArrayPacket(packet, offset, length);
            final int at = stagedIndex;
            if (!hasRoom(at, paddedLength + RingControlLayout.TRAILER_LENGTH)) {
                return ringFull(paddedLength + RingControlLayout.TRAILER_LENGTH);
            }
            useAssigner(assigner);
            memory.copyIn(at, packet, offset, length);
            return stage(at, RingIndices.advance(at, length, dataLength), length, paddedLength, requestId, assigner);
        }

        /**
         * Adds one gathered packet; otherwise as {@link #write(byte[], int, int, long,
         * RevocableTransactionIdAssigner)}.
         *
         * @param packet    the packet's segments (descriptor first)
         * @param requestId the caller's request cookie
         * @param assigner  the requestor, or null
         * @return as the array variant
         * @throws IllegalStateException    as the array variant
         * @throws IllegalArgumentException as the array variant
         * @throws RingCorruptedException   as the array variant
         */
        public WriteResult write(final GatherList packet, final long requestId,
                final RevocableTransactionIdAssigner assigner) {
            checkOpen();
            final int paddedLength = checkGatheredPacket(packet);
            final int at = stagedIndex;
            if (!hasRoom(at, paddedLength + RingControlLayout.TRAILER_LENGTH)) {
                return ringFull(paddedLength + RingControlLayout.TRAILER_LENGTH);
            }
            useAssigner(assigner);
            return stage(at, packet.copyTo(memory, at), packet.length(), paddedLength, requestId, assigner);
        }

        private void useAssigner(final RevocableTransactionIdAssigner assigner) {
            if (assigner == null) {
                return;
            }
            if (idSource == null) {
                idSource = assigner;
                if (assignedIds.length == 0) {
                    // Once per ring: the most packets a batch can hold (each takes at least 16 + 8 bytes).
                    assignedIds = new long[dataLength / (RingControlLayout.MIN_PACKET_LENGTH
                            + RingControlLayout.TRAILER_LENGTH)];
                }
            } else if (idSource != assigner) {
                throw new IllegalStateException("assigner=" + assigner + " (expected: " + idSource
                        + ", the one this batch already took ids from)");
            }
        }

        private WriteResult stage(final int start, final int at, final int packetLength, final int paddedLength,
                final long requestId, final TransactionIdAssigner assigner) {
            final int next = finishPacket(start, at, packetLength, paddedLength, requestId, assigner);
            if (next < 0) {
                return requestorFull(paddedLength);
            }
            if (assigner != null) {
                assignedIds[assignedCount++] = lastTransactionId;
            }
            stagedIndex = next;
            packetCount++;
            ringBytes += paddedLength + RingControlLayout.TRAILER_LENGTH;
            return written.set(false, lastTransactionId);
        }

        /**
         * Publishes every packet of the batch and closes it: one release of {@code write_index}
         * (pair [B]), one full fence and one signal decision (pair [C]), {@code pending_send_sz}
         * cleared. An empty batch publishes nothing and touches no shared word.
         *
         * @return true when the caller must signal the reader (the batch took the ring from empty to
         *         non-empty and {@code interrupt_mask} was 0)
         * @throws IllegalStateException  when the batch is not open
         * @throws RingCorruptedException when the ring faulted during the batch: nothing is published,
         *                                the batch is closed and its ids are revoked
         */
        public boolean commit() {
            checkOpen();
            open = false;
            if (fault != null) {
                revokeIds();
                throw fault;
            }
            idSource = null;
            assignedCount = 0;
            if (packetCount == 0) {
                return false;
            }
            final boolean signal = publish(startIndex, stagedIndex);
            statistics.writtenBatch(packetCount, ringBytes, signal);
            return signal;
        }

        /**
         * Closes the batch without publishing anything: its bytes stay unpublished in the free part
         * of the ring, and the ids it took are revoked, newest first.
         *
         * @throws IllegalStateException when the batch is not open
         */
        public void abandon() {
            checkOpen();
            open = false;
            revokeIds();
        }

        private void revokeIds() {
            for (int i = assignedCount - 1; i >= 0; i--) {
                idSource.revoke(assignedIds[i]);
            }
            assignedCount = 0;
            idSource = null;
        }

        private void checkOpen() {
            if (!open) {
                throw new IllegalStateException("batch not open (expected: beginBatch() first)");
            }
        }

        /**
         * Whether the batch is open.
         *
         * @return true between {@link OutgoingRing#beginBatch()} and {@link #commit()}/{@link #abandon()}
         */
        public boolean isOpen() {
            return open;
        }

        /**
         * Packets written into the batch so far.
         *
         * @return a count
         */
        public int packets() {
            return packetCount;
        }

        /**
         * Ring bytes the batch takes so far: padded packets and trailers.
         *
         * @return bytes
         */
        public int ringBytes() {
            return ringBytes;
        }

        /**
         * The private write index: where the batch's next packet will go.
         *
         * @return a byte offset in the data area
         */
        public int stagedIndex() {
            return stagedIndex;
        }
    }

    /**
     * The packet length a descriptor must announce for a packet of {@code packetLength} bytes: the
     * length padded to a multiple of 8, in 8-byte units ({@code len8}).
     *
     * @param packetLength bytes of descriptor and payload
     * @return {@code len8}
     */
    public static int length8(final int packetLength) {
        final long aligned = (long) packetLength + RingControlLayout.PACKET_ALIGNMENT - 1;
        return (int) (aligned / RingControlLayout.PACKET_ALIGNMENT);
    }
}
