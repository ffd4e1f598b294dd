package org.vmbussim.azblob.vsp.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.vmbussim.azblob.vsp.store.Requests.send;

import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.vsp.backend.BlobResponse;

/** A read answers with its own blob's current ETag while the engine reuses the quoted text of the last read. */
class ReadEtagTest {
    @Test
    void readsInterleavedWithWritesOfTwoBlobsEachCarryTheirBlobsCurrentEtag() {
        try (StorageEngine engine = StorageEngine.inMemory()) {
            send(engine, "PUT", "/cont?restype=container", null);
            final String[] current = new String[2];
            for (int round = 0; round < 6; round++) {
                final int written = round % 2;
                final BlobResponse put = send(engine, "PUT", "/cont/b" + written, "v" + round, "x-ms-blob-type",
                        "BlockBlob");
                assertEquals(201, put.status());
                final String etag = put.headers().first("ETag");
                assertNotEquals(current[written], etag, "a write makes a new ETag");
                current[written] = etag;
                for (int reads = 0; reads < 2; reads++) { // the same blob again, then the other one
                    for (int blob = 0; blob < 2; blob++) {
                        if (current[blob] == null) {
                            continue;
                        }
                        assertEquals(current[blob], send(engine, "GET", "/cont/b" + blob, null).headers()
                                .first("ETag"), "round " + round + " blob " + blob);
                        assertEquals(current[blob], send(engine, "HEAD", "/cont/b" + blob, null).headers()
                                .first("ETag"), "round " + round + " blob " + blob);
                    }
                }
            }
        }
    }
}
