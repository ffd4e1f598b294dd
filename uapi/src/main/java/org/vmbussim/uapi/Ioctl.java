package org.vmbussim.uapi;

/**
 * Linux {@code _IOC} command-number packing (asm-generic, as on x86-64 and arm64):
 * {@code dir << 30 | size << 16 | type << 8 | nr}, with {@code dir} 0 = none, 1 = write (user to
 * kernel), 2 = read (kernel to user), 3 = both.
 *
 * @param direction the direction bits (0 to 3)
 * @param type      the ioctl "magic" character (8 bits)
 * @param nr        the command number within the type (8 bits)
 * @param size      the size of the argument struct (14 bits)
 */
public record Ioctl(int direction, int type, int nr, int size) {
    /** No data transfer ({@code _IOC_NONE}). */
    public static final int DIR_NONE = 0;
    /** User writes, kernel reads ({@code _IOC_WRITE}). */
    public static final int DIR_WRITE = 1;
    /** Kernel writes, user reads ({@code _IOC_READ}). */
    public static final int DIR_READ = 2;

    private static final int NR_BITS = 8;
    private static final int TYPE_BITS = 8;
    private static final int SIZE_BITS = 14;
    private static final int DIR_BITS = 2;
    private static final int NR_SHIFT = 0;
    private static final int TYPE_SHIFT = NR_SHIFT + NR_BITS;
    private static final int SIZE_SHIFT = TYPE_SHIFT + TYPE_BITS;
    private static final int DIR_SHIFT = SIZE_SHIFT + SIZE_BITS;

    /** {@code _IOWR('R', 0xf0, struct az_blob_request_sync)}: 0xC04852F0, derived, not typed in. */
    public static final int IOCTL_AZ_BLOB_DRIVER_USER_REQUEST =
            iowr('R', 0xf0, AzBlobRequestSyncLayout.LENGTH).command();

    /**
     * Validates the fields.
     *
     * @param direction the direction bits
     * @param type      the type
     * @param nr        the number
     * @param size      the argument size
     */
    public Ioctl {
        check("direction", direction, DIR_BITS);
        check("type", type, TYPE_BITS);
        check("nr", nr, NR_BITS);
        check("size", size, SIZE_BITS);
    }

    private static void check(final String name, final int value, final int bits) {
        if (value < 0 || value >= 1 << bits) {
            throw new IllegalArgumentException(name + "=" + value + " (expected: range(0, " + (1 << bits) + "))");
        }
    }

    /**
     * {@code _IO(type, nr)}.
     *
     * @param type the type character
     * @param nr   the number
     * @return the command
     */
    public static Ioctl io(final char type, final int nr) {
        return new Ioctl(DIR_NONE, type, nr, 0);
    }

    /**
     * {@code _IOR(type, nr, size)}: the kernel writes the argument.
     *
     * @param type the type character
     * @param nr   the number
     * @param size the argument size
     * @return the command
     */
    public static Ioctl ior(final char type, final int nr, final int size) {
        return new Ioctl(DIR_READ, type, nr, size);
    }

    /**
     * {@code _IOW(type, nr, size)}: the kernel reads the argument.
     *
     * @param type the type character
     * @param nr   the number
     * @param size the argument size
     * @return the command
     */
    public static Ioctl iow(final char type, final int nr, final int size) {
        return new Ioctl(DIR_WRITE, type, nr, size);
    }

    /**
     * {@code _IOWR(type, nr, size)}: both directions.
     *
     * @param type the type character
     * @param nr   the number
     * @param size the argument size
     * @return the command
     */
    public static Ioctl iowr(final char type, final int nr, final int size) {
        return new Ioctl(DIR_READ | DIR_WRITE, type, nr, size);
    }

    /**
     * Splits a command number back into its fields ({@code _IOC_DIR}, {@code _IOC_TYPE}, ...).
     *
     * @param command the 32-bit command
     * @return the fields
     */
    public static Ioctl decode(final int command) {
        return new Ioctl(command >>> DIR_SHIFT & (1 << DIR_BITS) - 1, command >>> TYPE_SHIFT & (1 << TYPE_BITS) - 1,
                command >>> NR_SHIFT & (1 << NR_BITS) - 1, command >>> SIZE_SHIFT & (1 << SIZE_BITS) - 1);
    }

    /**
     * The packed 32-bit command number.
     *
     * @return the command
     */
    public int command() {
        return direction << DIR_SHIFT | size << SIZE_SHIFT | type << TYPE_SHIFT | nr << NR_SHIFT;
    }

    @Override
    public String toString() {
        return String.format("ioctl 0x%08X (dir=%d type='%c' nr=0x%02x size=%d)", command(), direction, (char) type,
                nr, size);
    }
}
