package org.vmbussim.azblob.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
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
