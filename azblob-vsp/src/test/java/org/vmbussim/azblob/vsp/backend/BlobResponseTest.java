package org.vmbussim.azblob.vsp.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.memory.PfnListRegion;
import org.vmbussim.wire.MemoryAccessException;

class BlobResponseTest {
    private final GuestMemory memory = GuestMemory.builder().basePfn(0x100).pageCount(8).build();

    @Test
    void copyBodyToWritesTheBodyAcrossPagesAndLeavesTheKeptViewAsItWas() {
        final byte[] store = new byte[6000];
        for (int i = 0; i < store.length; i++) {
            store[i] = (byte) (i * 7 + 3);
        }
        // A slice of a larger array, as the store hands out: bytes 100..5099.
        final BlobResponse response = new BlobResponse(200, "OK", HttpFields.empty(),
                ByteBuffer.wrap(store, 100, 5000).asReadOnlyBuffer());
        final PfnListRegion region = PfnListRegion.of(memory, memory.allocatePages(3), 0x10, 3 * 4096 - 0x10);

        for (int round = 0; round < 2; round++) { // a second copy sees the same body: nothing moved
            response.copyBodyTo(region, 50 + round);
            assertArrayEquals(Arrays.copyOfRange(store, 100, 5100), region.getBytes(50 + round, 5000));
            assertEquals(5000, response.bodyLength());
            assertEquals(5000, response.body().remaining());
            assertEquals(store[100], response.body().get());
        }
        assertThrows(MemoryAccessException.class, () -> response.copyBodyTo(region, 3 * 4096 - 0x10 - 4999));
        assertEquals(5000, response.bodyLength(), "a refused copy moves nothing either");
    }
}
