package org.vmbussim.core.requestor;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Maps small transaction ids to the caller's request cookies, with Linux {@code vmbus_requestor}
 * semantics (VMBUS-REFERENCE.md §3.2–§3.5). The guest puts the id, never a reference, in
 * {@code trans_id}; when the host echoes an id back, {@link #release(long, long)} validates it.
 *
 * <ul>
 * <li>Ids are 1-based: slot {@code i} is id {@code i + 1}; 0 is never handed out (Hyper-V treats id 0
 *     as non-transactional, and sends it in unsolicited messages).</li>
 * <li>Free slots form a LIFO list threaded through the same {@code long[]} that holds the cookies of
 *     used slots; a bitmap says which slots are in use. The most recently freed id is reused first.</li>
 * <li>{@link #allocate(long)} returns {@link #REQUEST_ERROR} when the table is full. That is
 *     retryable, like a full ring: it clears when a completion frees a slot.</li>
 * <li>A release of id 0, an id beyond the table, a sentinel, an id never issued or already completed
 *     returns {@link #REQUEST_ERROR} and changes nothing, so a duplicate completion completes
 *     nothing.</li>
 * <li>A release with an expected cookie frees the slot only if the slot still holds that cookie (the
 *     late completion / ABA case: the id was completed and reissued to another request). Unlike
 *     Linux's {@code vmbus_request_addr_match}, which returns the stored address on a mismatch, this
 *     returns {@link #REQUEST_ERROR}, so a caller cannot mistake someone else's request for its own.</li>
 * </ul>
 *
 * <p>A table of size 0 is Linux's "no requestor" channel: {@link #allocate(long)} and
 * {@link #release(long, long)} return {@link #NO_REQUESTOR}, and the channel sends its raw request id.
 *
 * <p>Cookies are handles the caller chooses (an index into its own table of pending requests, say),
 * never object identities, and must be {@code >= 0} so that they can never be confused with a sentinel.
 *
 * <p>Thread safety: every public method takes one lock, held only for the few array operations.
 * The {@code ...Locked} variants do not take it: the caller holds it, through {@link #lock()} and
 * {@link #unlock()}, to combine several steps atomically (for instance, to complete a request under
 * the same lock that frees its id).
 */
public final class RequestorTable {
    /** Linux {@code VMBUS_NO_RQSTOR} (U64_MAX): this channel has no requestor table. */
    public static final long NO_REQUESTOR = -1L;
    /** Linux {@code VMBUS_RQST_ERROR} (U64_MAX - 1): table full, or an id that maps to no request. */
    public static final long REQUEST_ERROR = -2L;
    /** Linux {@code VMBUS_RQST_ADDR_ANY} (U64_MAX): as the expected cookie, "whatever the slot holds". */
    public static final long ADDR_ANY = -1L;
    /** Linux {@code VMBUS_RQST_ID_NO_RESPONSE} (U64_MAX - 2): the id sent with packets that want no reply. */
    public static final long ID_NO_RESPONSE = -3L;
    /** Largest table: far above any channel's queue depth (hv_azure_blob uses 1024). */
    public static final int MAX_SIZE = 1 << 20;

    /** End of the free list (Linux uses U64_MAX). */
    private static final long END_OF_LIST = -1L;

    private final ReentrantLock lock = new ReentrantLock();
    private final int size;
    /** A used slot holds its cookie; a free slot holds the index of the next free slot. */
    private final long[] slots;
    /** Bit {@code i} set: slot {@code i} is in use. */
    private final long[] inUseBits;
    private long nextFree;
    private int inUse;

    /**
     * Creates a table with every id free.
     *
     * @param size number of ids, 0 (no requestor) to {@link #MAX_SIZE}
     * @throws IllegalArgumentException for a size out of range
     */
    public RequestorTable(final int size) {
        if (size < 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size=" + size + " (expected: 0 to " + MAX_SIZE + ")");
        }
        this.size = size;
        this.slots = new long[size];
        this.inUseBits = new long[(size + Long.SIZE - 1) / Long.SIZE];
        resetLocked();
    }

    /**
     * Number of ids.
     *
     * @return the size given at construction
     */
    public int size() {
        return size;
    }

    /**
     * Takes a free id for a request.
     *
     * @param cookie the caller's handle for the request, {@code >= 0}
     * @return an id from 1 to {@link #size()}; {@link #REQUEST_ERROR} when every id is in use
     *         (retryable); {@link #NO_REQUESTOR} for a table of size 0
     * @throws IllegalArgumentException for a negative cookie
     */
    public long allocate(final long cookie) {
        lock.lock();
        try {
            return allocateLocked(cookie);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@link #allocate(long)} without taking the lock: the caller holds it.
     *
     * @param cookie the caller's handle for the request, {@code >= 0}
     * @return as {@link #allocate(long)}
     */
    public long allocateLocked(final long cookie) {
        assert lock.isHeldByCurrentThread() : "caller must hold the requestor lock";
        if (cookie < 0) {
            throw new IllegalArgumentException("cookie=" + cookie + " (expected: >= 0)");
        }
        if (size == 0) {
            return NO_REQUESTOR;
        }
        final long slot = nextFree;
        if (slot == END_OF_LIST) {
            return REQUEST_ERROR;
        }
        final int i = (int) slot;
        nextFree = slots[i];
        slots[i] = cookie;
        inUseBits[i >>> 6] |= 1L << i;
        inUse++;
        return slot + 1;
    }

    /**
     * Frees an id the host echoed back, if it still belongs to the expected request.
     *
     * @param id             the {@code trans_id} from the peer (any value)
     * @param expectedCookie the cookie the caller believes the id holds, or {@link #ADDR_ANY}
     * @return the freed slot's cookie; {@link #REQUEST_ERROR} (nothing changed) when the id is 0, out of
     *         range, a sentinel, not in use, or in use by another cookie; {@link #NO_REQUESTOR} for a
     *         table of size 0
     */
    public long release(final long id, final long expectedCookie) {
        lock.lock();
        try {
            return releaseLocked(id, expectedCookie);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@link #release(long, long)} without taking the lock: the caller holds it.
     *
     * @param id             the {@code trans_id} from the peer (any value)
     * @param expectedCookie the expected cookie, or {@link #ADDR_ANY}
     * @return as {@link #release(long, long)}
     */
    public long releaseLocked(final long id, final long expectedCookie) {
        assert lock.isHeldByCurrentThread() : "caller must hold the requestor lock";
        if (size == 0) {
            return NO_REQUESTOR;
        }
        final int slot = slotOf(id);
        if (slot < 0) {
            return REQUEST_ERROR;
        }
        final long cookie = slots[slot];
        if (expectedCookie != ADDR_ANY && cookie != expectedCookie) {
            return REQUEST_ERROR;
        }
        slots[slot] = nextFree;
        nextFree = slot;
        inUseBits[slot >>> 6] &= ~(1L << slot);
        inUse--;
        return cookie;
    }

    /**
     * Frees an id whatever request it holds (Linux {@code vmbus_request_addr}).
     *
     * @param id the {@code trans_id} from the peer (any value)
     * @return as {@link #release(long, long)} with {@link #ADDR_ANY}
     */
    public long lookupAndRelease(final long id) {
        return release(id, ADDR_ANY);
    }

    /**
     * The cookie an id holds, without freeing it.
     *
     * @param id the {@code trans_id} from the peer (any value)
     * @return the cookie, {@link #REQUEST_ERROR} when the id maps to no request, or
     *         {@link #NO_REQUESTOR} for a table of size 0
     */
    public long lookup(final long id) {
        lock.lock();
        try {
            if (size == 0) {
                return NO_REQUESTOR;
            }
            final int slot = slotOf(id);
            return slot < 0 ? REQUEST_ERROR : slots[slot];
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ids in use: 0 after every request has completed (a leak check).
     *
     * @return the count
     */
    public int inUse() {
        lock.lock();
        try {
            return inUse;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Frees every id and returns the cookies that held one, for failing all pending requests when the
     * channel is rescinded or closed. The table is then as new (ids handed out from 1 again).
     *
     * @return the cookies, in id order
     */
    public long[] drainAll() {
        lock.lock();
        try {
            final long[] cookies = new long[inUse];
            int n = 0;
            for (int w = 0; w < inUseBits.length; w++) {
                long bits = inUseBits[w];
                while (bits != 0) {
                    final int slot = w * Long.SIZE + Long.numberOfTrailingZeros(bits);
                    cookies[n++] = slots[slot];
                    bits &= bits - 1;
                }
            }
            resetLocked();
            return cookies;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the table's lock, for the {@code ...Locked} methods. Always pair with {@link #unlock()} in
     * a {@code finally} block; the lock is held for a few array operations only.
     */
    public void lock() {
        lock.lock();
    }

    /** Releases the lock taken by {@link #lock()}. */
    public void unlock() {
        lock.unlock();
    }

    /** The slot of an id in use, or -1. Sentinels are negative longs and so beyond any slot. */
    private int slotOf(final long id) {
        if (id < 1 || id > size) {
            return -1;
        }
        final int slot = (int) (id - 1);
        return (inUseBits[slot >>> 6] & (1L << slot)) != 0 ? slot : -1;
    }

    /** Every slot free, threaded in ascending order (Linux {@code request_arr_init}). */
    private void resetLocked() {
        for (int i = 0; i < size; i++) {
            slots[i] = i + 1 < size ? i + 1 : END_OF_LIST;
        }
        Arrays.fill(inUseBits, 0L);
        nextFree = size == 0 ? END_OF_LIST : 0;
        inUse = 0;
    }

    @Override
    public String toString() {
        return "RequestorTable{size=" + size + ", inUse=" + inUse() + "}";
    }
}
