package org.vmbussim.azblob.client;

import org.vmbussim.core.process.AddressSpace;
import org.vmbussim.core.process.Protection;
import org.vmbussim.uapi.ErrnoException;

/**
 * One anonymous read-write mapping in the client process, used as a request, response or data buffer.
 * Its capacity is whole pages, so the driver pins exactly {@code capacity / 4096} pages for it.
 */
final class UserBuffer {
    private final AddressSpace space;
    private final long va;
    private final int capacity;

    private UserBuffer(final AddressSpace space, final long va, final int capacity) {
        this.space = space;
        this.va = va;
        this.capacity = capacity;
    }

    /**
     * Maps a buffer of at least {@code bytes}, rounded up to whole pages.
     *
     * @param space the process's address space
     * @param bytes the size wanted, at least 1
     * @return the buffer
     * @throws org.vmbussim.uapi.ErrnoException ENOMEM when guest memory is short, EFAULT after exit
     */
    static UserBuffer map(final AddressSpace space, final int bytes) {
        final int capacity = roundUpToPage(bytes);
        return new UserBuffer(space, space.mmap(capacity, Protection.READ_WRITE), capacity);
    }

    static int roundUpToPage(final int bytes) {
        final long rounded = ((long) Math.max(bytes, 1) + FastPathTransportOptions.PAGE_BYTES - 1)
                / FastPathTransportOptions.PAGE_BYTES * FastPathTransportOptions.PAGE_BYTES;
        return Math.toIntExact(rounded);
    }

    long va() {
        return va;
    }

    int capacity() {
        return capacity;
    }

    /** Unmaps the buffer; after the process exited there is nothing left to unmap. */
    void unmap() {
        try {
            space.munmap(va, capacity);
        } catch (final ErrnoException e) {
            if (!space.isDestroyed()) {
                throw e;
            }
            // The process exited: exit unmapped everything already.
        }
    }

    @Override
    public String toString() {
        return String.format("UserBuffer[va=0x%x capacity=%d]", va, capacity);
    }
}
