package org.vmbussim.core.devfs;

/** Linux {@code open(2)} flag values (x86-64) that device nodes look at. */
public final class OpenFlags {
    /** Read only. */
    public static final int O_RDONLY = 0;
    /** Write only. */
    public static final int O_WRONLY = 1;
    /** Read and write. */
    public static final int O_RDWR = 2;
    /** Non-blocking: calls that would wait fail with {@code EAGAIN} instead. */
    public static final int O_NONBLOCK = 0x800;

    private OpenFlags() {
    }

    /**
     * Whether the flags ask for non-blocking behaviour.
     *
     * @param flags open flags
     * @return true when {@link #O_NONBLOCK} is set
     */
    public static boolean isNonBlocking(final int flags) {
        return (flags & O_NONBLOCK) != 0;
    }
}
