package org.vmbussim.azblob.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reused engine signs exactly what a fresh {@link Mac} signs over the UTF-8 text, call after call. */
class SharedKeyHmacTest {
    private static final SecretKeySpec KEY = new SecretKeySpec("0123456789abcdef".getBytes(StandardCharsets.US_ASCII),
            "HmacSHA256");

    private static byte[] reference(final String text) throws Exception {
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(KEY);
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "GET\n\n\n\n/devstoreaccount1/c/b", "PUT\ncomp:caf\u00e9 \u20ac", "x"})
    void shouldSignLikeAFreshMacEvenAfterOtherTexts(final String text) throws Exception {
        final SharedKeyHmac hmac = new SharedKeyHmac(KEY);
        hmac.text().append("an earlier, longer string-to-sign ".repeat(40)); // grows the scratch
        hmac.sign();
        hmac.text().append(text);
        assertArrayEquals(reference(text), hmac.sign().clone());
        hmac.text().append(text);
        assertArrayEquals(reference(text), hmac.sign(), "text() starts empty again");
    }

    @ParameterizedTest(name = "key of {0} bytes")
    @ValueSource(ints = {1, 16, 63, 64, 65, 100, 200})
    void shouldSignLikeJavaxCryptoMacForKeysOfAnyLength(final int keyBytes) throws Exception {
        final long seed = 0x5eed_0000L + keyBytes;
        final Random random = new Random(seed);
        final byte[] keyMaterial = new byte[keyBytes];
        random.nextBytes(keyMaterial);
        final SecretKeySpec key = new SecretKeySpec(keyMaterial, "HmacSHA256");
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(key);
        final SharedKeyHmac hmac = new SharedKeyHmac(key);
        for (int round = 0; round < 50; round++) {
            final StringBuilder text = new StringBuilder();
            final int chars = random.nextInt(300);
            for (int i = 0; i < chars; i++) {
                final boolean nonAscii = random.nextInt(10) == 0;
                text.append((char) (nonAscii ? 0x80 + random.nextInt(0x700) : 0x20 + random.nextInt(95)));
            }
            hmac.text().append(text);
            assertArrayEquals(mac.doFinal(text.toString().getBytes(StandardCharsets.UTF_8)), hmac.sign(),
                    "seed=" + seed + " round=" + round);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {100, SharedKeyHmac.MAX_POOLED_TEXT_CHARS + 1})
    void anOutsizedEngineIsNotWorthPooling(final int chars) {
        final SharedKeyHmac hmac = new SharedKeyHmac(KEY);
        hmac.text().append("a".repeat(chars));
        hmac.sign();
        if (chars > SharedKeyHmac.MAX_POOLED_TEXT_CHARS) {
            assertFalse(hmac.poolable());
        } else {
            assertTrue(hmac.poolable());
        }
    }
}
