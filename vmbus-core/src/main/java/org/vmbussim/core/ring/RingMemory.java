package org.vmbussim.core.ring;

import io.netty.buffer.ByteBuf;

/**
 * The memory of one VMBus ring as both sides share it: the 4 KiB header page and the data area after
 * it. Control words are reached by their byte offset in the header page
 * ({@link RingControlLayout}{@code .*_OFFSET}); data bytes by their index in the data area, with
 * copies that wrap around its end. There is no second ("double") mapping of the data pages: a copy
 * that crosses the end is done in two parts (VMBUS-REFERENCE.md §1.3).
 *
 * <p><b>Memory ordering</b> is part of each control-word method's name, as in Agrona's
 * {@code AtomicBuffer}. The pairing rules:
 * <ul>
 *   <li>a {@link #putIntRelease(int, int)} pairs with a {@link #getIntAcquire(int)} of the same word:
 *       every store before the release (data bytes included) is visible after the acquire that reads
 *       the released value;</li>
 *   <li>a {@link #putIntVolatile(int, int)} pairs with a {@link #getIntVolatile(int)} or a
 *       {@link #getIntAcquire(int)};</li>
 *   <li>a store followed by a load of <em>another</em> word is ordered only through
 *       {@link #fullFence()} (or volatile on both accesses): the two sides of a "store mine, then load
 *       yours" handshake (interrupt_mask vs write_index, pending_send_sz vs read_index) each need a
 *       full fence between their store and their load;</li>
 *   <li>data copies ({@link #copyIn}, {@link #copyOut}, {@link #putLong}, {@link #getLong}) are plain: they are
 *       published by a later release of an index and consumed after an acquire of it;</li>
 *   <li>an int control word must be 4-byte aligned and {@link #putLong} 8-byte aligned; implementations
 *       check the alignment of their memory once, in the constructor.</li>
 * </ul>
 * Closest kernel equivalents: {@code virt_mb()} = {@link #fullFence()}, {@code virt_load_acquire} =
 * {@link #getIntAcquire(int)}, {@code virt_store_release} = {@link #putIntRelease(int, int)},
 * {@code READ_ONCE}/{@code WRITE_ONCE} of a control word = {@link #getIntVolatile(int)}/
 * {@link #putIntVolatile(int, int)}.
 *
 * <p><b>Bounds.</b> Header offsets come from this package's constants; data indices from validated
 * ring indices. An implementation still refuses any access outside the ring with an
 * {@link IllegalArgumentException} (a bug in the caller, never a peer's doing) before touching memory.
 *
 * <p><b>Threading.</b> Control-word methods may be called from any thread. {@link #copyIn} is called
 * only by the ring's writer and {@link #copyOut} only by its reader, each from one thread at a time.
 */
public interface RingMemory {

    /**
     * The size of the data area: the ring's size minus the 4 KiB header page.
     *
     * @return bytes, a positive multiple of 4096
     */
    int dataLength();

    /**
     * Loads a control word with acquire ordering.
     *
     * @param headerOffset byte offset in the header page, 4-byte aligned
     * @return the word
     */
    int getIntAcquire(int headerOffset);

    /**
     * Stores a control word with release ordering: all earlier loads and stores happen before it.
     *
     * @param headerOffset byte offset in the header page, 4-byte aligned
     * @param value        the word
     */
    void putIntRelease(int headerOffset, int value);

    /**
     * Loads a control word with volatile (sequentially consistent) ordering.
     *
     * @param headerOffset byte offset in the header page, 4-byte aligned
     * @return the word
     */
    int getIntVolatile(int headerOffset);

    /**
     * Stores a control word with volatile (sequentially consistent) ordering.
     *
     * @param headerOffset byte offset in the header page, 4-byte aligned
     * @param value        the word
     */
    void putIntVolatile(int headerOffset, int value);

    /** A full fence: no load or store moves across it in either direction ({@code virt_mb()}). */
    void fullFence();

    /**
     * Copies bytes into the data area, wrapping from its end to its start.
     *
     * @param dataIndex first byte in the data area, in {@code [0, dataLength())}
     * @param src       source
     * @param srcOffset first byte of {@code src}
     * @param length    bytes to copy, in {@code [0, dataLength()]}
     */
    void copyIn(int dataIndex, byte[] src, int srcOffset, int length);

    /**
     * Copies bytes from a buffer into the data area, wrapping from its end to its start. The buffer's
     * indices and reference count are not changed.
     *
     * @param dataIndex first byte in the data area, in {@code [0, dataLength())}
     * @param src       source
     * @param srcIndex  first byte of {@code src} (absolute index)
     * @param length    bytes to copy, in {@code [0, dataLength()]}
     */
    void copyIn(int dataIndex, ByteBuf src, int srcIndex, int length);

    /**
     * Copies bytes out of the data area, wrapping from its end to its start.
     *
     * @param dataIndex first byte in the data area, in {@code [0, dataLength())}
     * @param dst       destination
     * @param dstOffset first byte of {@code dst}
     * @param length    bytes to copy, in {@code [0, dataLength()]}
     */
    void copyOut(int dataIndex, byte[] dst, int dstOffset, int length);

    /**
     * Stores a little-endian u64 into the data area with plain ordering. The index is 8-byte aligned
     * and the data area a multiple of 4096, so the value never wraps.
     *
     * @param dataIndex byte index in the data area, a multiple of 8
     * @param value     the value
     */
    void putLong(int dataIndex, long value);

    /**
     * Loads a little-endian u64 from the data area with plain ordering (never wraps, as
     * {@link #putLong}).
     *
     * @param dataIndex byte index in the data area, a multiple of 8
     * @return the value
     */
    long getLong(int dataIndex);
}
