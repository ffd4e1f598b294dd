package org.vmbussim.azblob.vsp.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.same;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.azblob.vsp.backend.BlobOutcome;
import org.vmbussim.azblob.vsp.backend.BlobRequest;
import org.vmbussim.azblob.vsp.backend.SharedKeyCredential;

/**
 * A request that owns its body array hands that array to the store, which keeps it as the blob's content
 * without a copy; any other body is copied, so its owner may go on changing the array without changing the blob.
 */
class BodyOwnershipTest {
    private static final SharedKeyCredential KEY = SharedKeyCredential.devStoreAccount();

    private static BlobRequest put(final String blob, final byte[] body, final boolean owned) {
        final HttpFields h = HttpFields.of("x-ms-version", "2021-08-06", "x-ms-date", "Tue, 24 Nov 2026 20:00:00 GMT",
                "Content-Length", Integer.toString(body.length), "x-ms-blob-type", "BlockBlob");
        final String target = "/devstoreaccount1/cont/" + blob;
        return KEY.sign(owned ? BlobRequest.owning("PUT", target, h, body) : BlobRequest.of("PUT", target, h, body));
    }

    @Test
    void anOwnedBodyArrayBecomesTheStoredContentWithoutACopy() throws Exception {
        final MemoryPersistence persistence = spy(new MemoryPersistence());
        try (StorageEngine engine = new StorageEngine(persistence, StorageOptions.defaults())) {
            Requests.send(engine, "PUT", "/cont?restype=container", null);
            final byte[] body = "owned body".getBytes(StandardCharsets.US_ASCII);
            final BlobRequest request = put("b", body, true);
            assertSame(body, request.ownedBodyArray(), "signing keeps the ownership");
            assertTrue(engine.execute(request) instanceof BlobOutcome.Completed);
            verify(persistence).adoptBlob(any(), same(body));
            verify(persistence, never()).putBlob(any(), any());
            assertEquals("owned body", Requests.text(Requests.send(engine, "GET", "/cont/b", null)));
        }
    }

    @Test
    void aBodyNotOwnedIsCopiedSoItsOwnerMayReuseTheArray() {
        try (StorageEngine engine = StorageEngine.inMemory()) {
            Requests.send(engine, "PUT", "/cont?restype=container", null);
            final byte[] body = "first".getBytes(StandardCharsets.US_ASCII);
            final BlobRequest request = put("b", body, false);
            assertNull(request.ownedBodyArray());
            assertTrue(engine.execute(request) instanceof BlobOutcome.Completed);
            body[0] = 'F'; // the caller's array, reused after the call
            assertEquals("first", Requests.text(Requests.send(engine, "GET", "/cont/b", null)));
        }
    }

    @Test
    void anOwnedBodyIsStillReadOnlyToReaders() {
        final byte[] body = {1, 2, 3};
        final BlobRequest request = BlobRequest.owning("PUT", "/a/c/b", HttpFields.empty(), body);
        final ByteBuffer view = request.body();
        assertTrue(view.isReadOnly());
        assertThrows(ReadOnlyBufferException.class, () -> view.put(0, (byte) 9));
        assertEquals(3, request.bodyLength());
        assertArrayEquals(body, request.bodyBytes());
        assertSame(body, request.withHeaders(HttpFields.of("A", "1")).ownedBodyArray());
    }

    @Test
    void onlyABodyThatIsTheWholeArrayIsHandedOver() {
        final byte[] array = {1, 2, 3, 4};
        final BlobRequest part = new BlobRequest("PUT", "/a/c/b", HttpFields.empty(), ByteBuffer.wrap(array, 1, 2),
                true);
        assertNull(part.ownedBodyArray(), "a part of an array cannot become a blob's content");
        assertArrayEquals(new byte[] {2, 3}, part.bodyBytes());
        final BlobRequest readOnly = new BlobRequest("PUT", "/a/c/b", HttpFields.empty(),
                ByteBuffer.wrap(array).asReadOnlyBuffer(), true);
        assertNull(readOnly.ownedBodyArray(), "a read-only buffer does not give its array away");
        assertEquals(false, readOnly.bodyOwned());
        assertEquals(false, new BlobRequest("GET", "/a", HttpFields.empty(), null, true).bodyOwned());
    }
}
