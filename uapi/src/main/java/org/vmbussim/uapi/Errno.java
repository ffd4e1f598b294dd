package org.vmbussim.uapi;

/**
 * Linux errno values (x86-64 / asm-generic numbering), the error vocabulary of the device node and
 * of every layer that reports an errno-style result.
 */
public enum Errno {
    /** Operation not permitted. */
    EPERM(1),
    /** No such file or directory. */
    ENOENT(2),
    /** Interrupted system call. */
    EINTR(4),
    /** I/O error. */
    EIO(5),
    /** Bad file number. */
    EBADF(9),
    /** Try again (also EWOULDBLOCK). */
    EAGAIN(11),
    /** Out of memory. */
    ENOMEM(12),
    /** Permission denied. */
    EACCES(13),
    /** Bad address. */
    EFAULT(14),
    /** Device or resource busy. */
    EBUSY(16),
    /** File exists. */
    EEXIST(17),
    /** No such device. */
    ENODEV(19),
    /** Invalid argument. */
    EINVAL(22),
    /** No space left on device. */
    ENOSPC(28),
    /** Not a typewriter: inappropriate ioctl for device. */
    ENOTTY(25),
    /** Broken pipe. */
    EPIPE(32),
    /** Math result not representable. */
    ERANGE(34),
    /** Protocol error. */
    EPROTO(71),
    /** Value too large for defined data type. */
    EOVERFLOW(75),
    /** Message too long. */
    EMSGSIZE(90),
    /** Operation not supported. */
    EOPNOTSUPP(95),
    /** No buffer space available. */
    ENOBUFS(105),
    /** Connection reset by peer. */
    ECONNRESET(104),
    /** Connection timed out. */
    ETIMEDOUT(110),
    /** Connection refused. */
    ECONNREFUSED(111),
    /** Quota exceeded (Linux's answer to a failed GPADL creation). */
    EDQUOT(122);

    private final int value;

    Errno(final int value) {
        this.value = value;
    }

    /**
     * The positive errno number.
     *
     * @return e.g. 19 for ENODEV
     */
    public int value() {
        return value;
    }

    /**
     * The negative value a kernel function returns ({@code -ENODEV}).
     *
     * @return the negated value
     */
    public int negative() {
        return -value;
    }

    /**
     * Looks up a positive or negative errno number.
     *
     * @param number the number (sign ignored)
     * @return the errno
     * @throws IllegalArgumentException when the number is not one of ours
     */
    public static Errno of(final int number) {
        final int v = Math.abs(number);
        for (final Errno e : values()) {
            if (e.value == v) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown errno " + number);
    }

    /**
     * Looks up a number without throwing.
     *
     * @param number the number (sign ignored)
     * @return the errno, or null when unknown
     */
    public static Errno ofOrNull(final int number) {
        for (final Errno e : values()) {
            if (e.value == Math.abs(number)) {
                return e;
            }
        }
        return null;
    }
}
