package org.vmbussim.core.process;

/**
 * Page protection of a user mapping ({@code PROT_NONE}, {@code PROT_READ}, {@code PROT_READ|PROT_WRITE};
 * a write-only mapping is readable on x86 anyway, so it is not modelled).
 */
public enum Protection {
    /** No access: every read and write faults. */
    NONE(false, false),
    /** Readable; writes fault. */
    READ_ONLY(true, false),
    /** Readable and writable. */
    READ_WRITE(true, true);

    private final boolean readable;
    private final boolean writable;

    Protection(final boolean readable, final boolean writable) {
        this.readable = readable;
        this.writable = writable;
    }

    /**
     * Whether user reads (and host-reads pins) are allowed.
     *
     * @return true when readable
     */
    public boolean canRead() {
        return readable;
    }

    /**
     * Whether user writes (and host-writes pins) are allowed.
     *
     * @return true when writable
     */
    public boolean canWrite() {
        return writable;
    }
}
