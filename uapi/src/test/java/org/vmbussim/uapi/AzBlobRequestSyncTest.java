package org.vmbussim.uapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.vmbussim.wire.ByteArrayRegion;
import org.vmbussim.wire.Guid;
import org.vmbussim.wire.MemoryAccessException;

class AzBlobRequestSyncTest {
    private static final AzBlobRequestSync SAMPLE = new AzBlobRequestSync(
            Guid.parse("0a0b0c0d-1e1f-2a2b-3c3d-4e4f50515253"), 5, 10, 20, 30, 25, 0x1000, 0x2000, 0x3000, 7, 9);

    @Test
    void offsetsAreTheCOnes() {
        assertEquals(16, AzBlobRequestSyncLayout.TIMEOUT_OFFSET);
        assertEquals(36, AzBlobRequestSyncLayout.RESERVED0_OFFSET);
        assertEquals(40, AzBlobRequestSyncLayout.REQUEST_BUFFER_OFFSET);
        assertEquals(64, AzBlobRequestSyncLayout.RESPONSE_STATUS_OFFSET);
        assertEquals(68, AzBlobRequestSyncLayout.RESPONSE_RESPONSE_LEN_OFFSET);
        assertEquals(72, AzBlobRequestSyncLayout.LENGTH);
        assertEquals(72, AzBlobRequestSyncLayout.STRUCT.fixedLength());
    }

    @Test
    void typedCodecAgreesWithTheDescription() {
        final byte[] bytes = SAMPLE.toBytes();
        assertEquals(SAMPLE.timeout(), AzBlobRequestSyncLayout.STRUCT.decode(bytes).getLong("timeout"));
        assertEquals(SAMPLE.responseResponseLen(),
                AzBlobRequestSyncLayout.STRUCT.decode(bytes).getLong("response.response_len"));
        assertEquals(SAMPLE, AzBlobRequestSync.read(ByteArrayRegion.wrap(bytes), 0));
    }

    @Test
    void writesOnlyTheResponseMember() {
        final ByteArrayRegion r = new ByteArrayRegion("user", new byte[4096], 0x7000);
        SAMPLE.write(r, 0x7100);
        AzBlobRequestSync.writeResponse(r, 0x7100, 201, 345);
        final AzBlobRequestSync back = AzBlobRequestSync.read(r, 0x7100);
        assertEquals(201, back.responseStatus());
        assertEquals(345, back.responseResponseLen());
        assertEquals(SAMPLE.dataBuffer(), back.dataBuffer());
    }

    @Test
    void unreadableStructIsAMemoryFaultNotAnIndexError() {
        final ByteArrayRegion r = new ByteArrayRegion("user", new byte[100], 0x7000);
        assertThrows(MemoryAccessException.class, () -> AzBlobRequestSync.read(r, 0x7000 + 29));
        assertThrows(MemoryAccessException.class, () -> AzBlobRequestSync.read(r, 0x6fff));
        assertThrows(MemoryAccessException.class, () -> SAMPLE.write(r, 0x7000 + 50));
    }

    @Test
    void errnoValuesAreLinuxX8664() {
        assertEquals(19, Errno.ENODEV.value());
        assertEquals(25, Errno.ENOTTY.value());
        assertEquals(71, Errno.EPROTO.value());
        assertEquals(110, Errno.ETIMEDOUT.value());
        assertEquals(Errno.EFAULT, Errno.of(-14));
        assertEquals(Errno.EAGAIN, Result.error(Errno.EAGAIN, "ring full").errnoOrNull());
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class,
                () -> Result.error(Errno.EINVAL, "x").orThrow()).errno());
    }
}
