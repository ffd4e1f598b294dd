package org.vmbussim.uapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IoctlTest {

    @Test
    void azBlobCommandIsDerivedFromTypeNrAndSize() {
        assertEquals(0xC04852F0, Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST);
        final Ioctl d = Ioctl.decode(Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST);
        assertEquals(new Ioctl(3, 'R', 0xf0, 72), d);
    }

    @Test
    void packsLikeLinuxIoc() {
        // Values from <asm-generic/ioctl.h> on x86-64: FIONREAD-like _IOR('T', 1, int) etc.
        assertEquals(0x5401, Ioctl.io('T', 1).command());
        assertEquals(0x80045401, Ioctl.ior('T', 1, 4).command());
        assertEquals(0x40045401, Ioctl.iow('T', 1, 4).command());
        assertEquals(Ioctl.iowr('x', 7, 100), Ioctl.decode(Ioctl.iowr('x', 7, 100).command()));
    }

    @Test
    void refusesFieldsThatDoNotFit() {
        assertThrows(IllegalArgumentException.class, () -> Ioctl.iowr('R', 0x100, 8));
        assertThrows(IllegalArgumentException.class, () -> Ioctl.iowr('R', 1, 1 << 14));
    }
}
