package org.vmbussim.azblob.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.azblob.vsp.backend.BlobRequest;
import org.vmbussim.azblob.vsp.backend.SharedKeyCredential;

class SharedKeySignerTest {
    private final SharedKeySigner signer = new SharedKeySigner(SharedKeyCredential.DEV_ACCOUNT,
            SharedKeyCredential.DEV_ACCOUNT_KEY);

    private static final HttpFields PUT_BLOCK_FIELDS = HttpFields.of(
            "x-ms-version", "2021-08-06",
            "x-ms-date", "Tue, 24 Nov 2026 20:00:00 GMT",
            "Host", "blob.fastpath",
            "Content-Length", "11",
            "Content-Type", "text/plain",
            "If-Match", "\"0x1\"",
            "X-MS-Meta-A", " 1 ",
            "x-ms-meta-a", "2",
            "x-ms-blob-type", "BlockBlob");
    private static final String PUT_BLOCK_TARGET =
            "/devstoreaccount1/photos/2026%2Fcat%20x.jpg?comp=block&blockid=AAE%2B%2Fw%3D%3D";

    @Test
    void stringToSignFollowsTheDocumentedLayout() {
        assertEquals(String.join("\n", "PUT", "", "", "11", "", "text/plain", "", "", "\"0x1\"", "", "", "",
                "x-ms-blob-type:BlockBlob", "x-ms-date:Tue, 24 Nov 2026 20:00:00 GMT", "x-ms-meta-a:1,2",
                "x-ms-version:2021-08-06",
                "/devstoreaccount1/devstoreaccount1/photos/2026%2Fcat%20x.jpg", "blockid:AAE+/w==", "comp:block"),
                signer.stringToSign("PUT", PUT_BLOCK_TARGET, PUT_BLOCK_FIELDS));
    }

    @Test
    void signatureMatchesAnIndependentHmac() {
        // python3: base64(hmac.new(b64decode(devkey), string_to_sign, sha256).digest())
        assertEquals("SharedKey devstoreaccount1:5+escJFOGkM6wDZeD6K5/a3hHN0pgCLfOZgoj0Z6hLI=",
                signer.authorization("PUT", PUT_BLOCK_TARGET, PUT_BLOCK_FIELDS));
    }

    @Test
    void theHostVerifiesWhatTheClientSigns() {
        final List<String> targets = List.of("/devstoreaccount1/c?restype=container",
                "/devstoreaccount1/c?restype=container&comp=list&prefix=a%2F&maxresults=2&marker=a%2F2",
                "/devstoreaccount1/c/%C3%BC%20x", "/devstoreaccount1/c/b?comp=metadata");
        for (final String target : targets) {
            for (final String method : List.of("GET", "HEAD", "PUT", "DELETE")) {
                final HttpFields fields = HttpFields.of("x-ms-version", "2021-08-06",
                        "x-ms-date", "Tue, 24 Nov 2026 20:00:00 GMT", "Content-Length", "0", "x-ms-meta-k", "v",
                        "If-None-Match", "*", "x-ms-range", "bytes=0-9");
                final HttpFields.Builder h = HttpFields.builder();
                fields.entries().forEach(e -> h.add(e.getKey(), e.getValue()));
                h.add("Authorization", signer.authorization(method, target, fields));
                final BlobRequest request = new BlobRequest(method, target, h.build(), ByteBuffer.allocate(0));
                assertTrue(SharedKeyCredential.devStoreAccount().verify(request), method + " " + target);
            }
        }
    }
}
