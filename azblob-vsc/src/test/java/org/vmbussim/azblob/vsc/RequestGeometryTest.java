package org.vmbussim.azblob.vsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vmbussim.uapi.AzBlobRequestSync;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;
import org.vmbussim.wire.Guid;

class RequestGeometryTest {

    private static AzBlobRequestSync sync(final long requestVa, final int requestLen, final long responseVa,
            final int responseLen, final long dataVa, final int dataLen, final int dataValid) {
        return new AzBlobRequestSync(Guid.NIL, 0, requestLen, responseLen, dataLen, dataValid, requestVa, responseVa,
                dataVa, 0, 0);
    }

    @ParameterizedTest(name = "request {0}+{1} response {2}+{3} data {4}+{5}")
    @CsvSource({
        // requestVa, len, responseVa, len, dataVa, len, pages d/r/s, offsets d/r/s
        "0x10000, 1, 0x20000, 1, 0, 0, 0, 1, 1, 0, 0, 4096",
        "0x10fff, 2, 0x20800, 4096, 0x30010, 10000, 3, 2, 2, 16, 16383, 22528",
        "0x10001, 4095, 0x20000, 8192, 0x30fff, 1, 1, 1, 2, 4095, 4097, 8192",
        // data_len 0: the data pointer is ignored whatever it holds
        "0x10100, 100, 0x10300, 100, 0xdeadbeef, 0, 0, 1, 1, 0, 256, 4864",
    })
    void shouldPlaceTheBuffersAsTheSeedDoes(final long requestVa, final int requestLen, final long responseVa,
            final int responseLen, final long dataVa, final int dataLen, final int dataPages, final int requestPages,
            final int responsePages, final int dataOffset, final int requestOffset, final int responseOffset) {
        final RequestGeometry g = RequestGeometry.check(sync(requestVa, requestLen, responseVa, responseLen, dataVa,
                dataLen, 0));
        assertEquals(dataPages, g.dataPages());
        assertEquals(requestPages, g.requestPages());
        assertEquals(responsePages, g.responsePages());
        assertEquals(dataOffset, g.dataOffset());
        assertEquals(requestOffset, g.requestOffset());
        assertEquals(responseOffset, g.responseOffset());
        assertEquals(dataPages + requestPages + responsePages, g.totalPages());
    }

    @Test
    void shouldTreatLengthsAsUnsigned() {
        // 0x80000000 is 2 GiB, not a negative number that would slip under the cap.
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class,
                () -> RequestGeometry.check(sync(0x10000, 0x8000_0000, 0x20000, 1, 0, 0, 0))).errno());
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class,
                () -> RequestGeometry.check(sync(0x10000, 1, 0x20000, 1, 0x30000, 1, -1))).errno(),
                "data_valid 0xffffffff > data_len 1");
    }

    @Test
    void shouldAcceptExactly8192PagesAndNotOneMore() {
        assertEquals(8192, RequestGeometry.check(sync(0x10000, 4096, 0x20000, 4096, 0x30000, 8190 * 4096, 0))
                .totalPages());
        assertThrows(ErrnoException.class,
                () -> RequestGeometry.check(sync(0x10000, 4096, 0x20000, 4097, 0x30000, 8190 * 4096, 0)));
        assertEquals(8192, RequestGeometry.check(sync(0x10000, 1, 0x20000, 1, 0x30000, 8190 * 4096, 0))
                .totalPages(), "a 32 MiB buffer alone is 8192 pages; this data buffer is 8190");
    }
}
