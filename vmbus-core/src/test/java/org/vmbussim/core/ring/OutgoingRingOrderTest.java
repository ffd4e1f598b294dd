package org.vmbussim.core.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/**
 * Pins the order of the writer's memory operations against a mocked {@link RingMemory} (Agrona's
 * OneToOneRingBufferTest technique): payload, trans_id, trailer, then the release of write_index,
 * then a full fence, then the interrupt_mask and read_index loads that decide the signal.
 */
class OutgoingRingOrderTest {
    private static final int DATA_LENGTH = 4096;
    private static final int WRITE_AT = 4072; // the packet wraps: 4072 + 40 > 4096

    private final RingMemory memory = mock(RingMemory.class);
    private final TransactionIdAssigner assigner = mock(TransactionIdAssigner.class);
    private OutgoingRing ring;

    @BeforeEach
    void attach() {
        when(memory.dataLength()).thenReturn(DATA_LENGTH);
        when(memory.getIntVolatile(RingControlLayout.WRITE_INDEX_OFFSET)).thenReturn(WRITE_AT);
        when(memory.getIntAcquire(RingControlLayout.READ_INDEX_OFFSET)).thenReturn(WRITE_AT);
        when(memory.getIntVolatile(RingControlLayout.READ_INDEX_OFFSET)).thenReturn(WRITE_AT);
        ring = new OutgoingRing(memory);
    }

    @Test
    void storesPayloadThenTransIdThenTrailerThenReleaseWriteIndexThenFenceThenLoadsMaskAndReadIndex() {
        final byte[] packet = Packets.inBand(new byte[21], Packets.COMPLETION_REQUESTED, 0);
        when(assigner.assign(77L)).thenReturn(5L);

        final WriteResult result = ring.write(packet, 0, packet.length, 77L, assigner);

        final WriteResult.Written written = assertInstanceOf(WriteResult.Written.class, result);
        assertTrue(written.signalPeer(), "empty ring, mask 0: signal");
        assertEquals(5L, written.transactionId());
        final int padded = 40;
        final int trailerAt = (WRITE_AT + padded) % DATA_LENGTH;
        final InOrder order = inOrder(memory, assigner);
        order.verify(memory).getIntAcquire(RingControlLayout.READ_INDEX_OFFSET);
        order.verify(memory).copyIn(WRITE_AT, packet, 0, packet.length);
        order.verify(memory).copyIn(eq((WRITE_AT + packet.length) % DATA_LENGTH), any(byte[].class), eq(0), eq(3));
        order.verify(assigner).assign(77L);
        order.verify(memory).putLong((WRITE_AT + 8) % DATA_LENGTH, 5L);
        order.verify(memory).putLong(trailerAt, (long) WRITE_AT << 32);
        order.verify(memory).putIntRelease(RingControlLayout.WRITE_INDEX_OFFSET, trailerAt + 8);
        order.verify(memory).fullFence();
        order.verify(memory).getIntVolatile(RingControlLayout.INTERRUPT_MASK_OFFSET);
        order.verify(memory).getIntVolatile(RingControlLayout.READ_INDEX_OFFSET);
        order.verifyNoMoreInteractions();
    }

    @Test
    void aMaskedReaderIsNotSignalledAndItsReadIndexIsNotEvenLoaded() {
        when(memory.getIntVolatile(RingControlLayout.INTERRUPT_MASK_OFFSET)).thenReturn(1);
        final byte[] packet = Packets.inBand(new byte[8], 0, 0);

        final WriteResult.Written written = (WriteResult.Written) ring.write(packet, 0, packet.length, 9L, null);

        assertFalse(written.signalPeer());
        assertEquals(9L, written.transactionId(), "no assigner: the request id is the trans_id");
        final InOrder order = inOrder(memory);
        order.verify(memory).putIntRelease(eq(RingControlLayout.WRITE_INDEX_OFFSET), anyInt());
        order.verify(memory).fullFence();
        order.verify(memory).getIntVolatile(RingControlLayout.INTERRUPT_MASK_OFFSET);
        verify(memory, never()).getIntVolatile(RingControlLayout.READ_INDEX_OFFSET);
    }

    @Test
    void aRefusedTransactionIdPublishesNothing() {
        final byte[] packet = Packets.inBand(new byte[8], Packets.COMPLETION_REQUESTED, 0);
        when(assigner.assign(anyLong())).thenReturn(TransactionIdAssigner.REFUSED);

        final WriteResult result = ring.write(packet, 0, packet.length, 1L, assigner);

        final WriteResult.Full full = assertInstanceOf(WriteResult.Full.class, result);
        assertEquals(WriteResult.Cause.REQUESTOR, full.cause());
        assertEquals(32, full.bytesNeeded());
        final InOrder order = inOrder(memory, assigner);
        order.verify(memory).copyIn(WRITE_AT, packet, 0, packet.length);
        order.verify(assigner).assign(1L);
        verify(memory, never()).putLong(anyInt(), anyLong());
        verify(memory, never()).putIntRelease(anyInt(), anyInt());
        verify(memory, never()).fullFence();
        assertEquals(WRITE_AT, ring.writeIndex());
    }

    @Test
    void aFullRingCopiesNothingAndAsksNoId() {
        when(memory.getIntAcquire(RingControlLayout.READ_INDEX_OFFSET)).thenReturn(WRITE_AT + 8);
        final byte[] packet = Packets.inBand(new byte[8], Packets.COMPLETION_REQUESTED, 0);

        final WriteResult result = ring.write(packet, 0, packet.length, 1L, assigner);

        assertEquals(WriteResult.Cause.RING, assertInstanceOf(WriteResult.Full.class, result).cause());
        verify(memory).dataLength();
        verify(memory).getIntVolatile(RingControlLayout.WRITE_INDEX_OFFSET);
        verify(memory).getIntAcquire(RingControlLayout.READ_INDEX_OFFSET);
        verifyNoMoreInteractions(memory, assigner);
    }

    @Test
    void aBatchStoresEveryPacketThenReleasesWriteIndexOnceThenFencesAndLoadsMaskAndReadIndexOnce() {
        final RevocableTransactionIdAssigner revocable = mock(RevocableTransactionIdAssigner.class);
        when(revocable.assign(1L)).thenReturn(11L);
        when(revocable.assign(2L)).thenReturn(12L);
        final byte[] first = Packets.inBand(new byte[8], Packets.COMPLETION_REQUESTED, 0); // 24 B: trailer wraps
        final byte[] second = Packets.inBand(new byte[16], Packets.COMPLETION_REQUESTED, 0); // 32 B

        final OutgoingRing.Batch batch = ring.beginBatch();
        batch.write(first, 0, first.length, 1L, revocable);
        batch.write(second, 0, second.length, 2L, revocable);
        final boolean signal = batch.commit();

        assertTrue(signal, "empty ring before the batch, mask 0: one signal");
        final int secondAt = (WRITE_AT + 32) % DATA_LENGTH;
        final int end = (secondAt + 40) % DATA_LENGTH;
        final InOrder order = inOrder(memory, revocable);
        order.verify(memory).getIntAcquire(RingControlLayout.READ_INDEX_OFFSET);
        order.verify(memory).copyIn(WRITE_AT, first, 0, first.length);
        order.verify(revocable).assign(1L);
        order.verify(memory).putLong(WRITE_AT + 8, 11L);
        order.verify(memory).putLong((WRITE_AT + 24) % DATA_LENGTH, (long) WRITE_AT << 32);
        order.verify(memory).copyIn(secondAt, second, 0, second.length);
        order.verify(revocable).assign(2L);
        order.verify(memory).putLong(secondAt + 8, 12L);
        order.verify(memory).putLong(secondAt + 32, (long) secondAt << 32);
        order.verify(memory).putIntRelease(RingControlLayout.WRITE_INDEX_OFFSET, end);
        order.verify(memory).fullFence();
        order.verify(memory).getIntVolatile(RingControlLayout.INTERRUPT_MASK_OFFSET);
        order.verify(memory).getIntVolatile(RingControlLayout.READ_INDEX_OFFSET);
        order.verifyNoMoreInteractions();
        verify(memory, times(1)).putIntRelease(anyInt(), anyInt());
        verify(memory, times(1)).fullFence();
        verify(revocable, never()).revoke(anyLong());
    }
}
