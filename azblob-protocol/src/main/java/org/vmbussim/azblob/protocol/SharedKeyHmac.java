package org.vmbussim.azblob.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One HMAC-SHA256 engine with the scratch a SharedKey signature needs, used by one caller at a time (the guest's
 * signer and the host's verifier pool them): the string-to-sign is built in {@link #text()}, encoded as UTF-8
 * into a reused array and signed into a reused signature array, so a request makes no string, byte array or
 * digest of its own for it. Not thread-safe.
 */
public final class SharedKeyHmac {
    /** An engine whose string-to-sign grew beyond this many characters should be dropped, not pooled. */
    public static final int MAX_POOLED_TEXT_CHARS = 16 * 1024;

    private final Mac mac;
    private final StringBuilder text = new StringBuilder(512);
    private byte[] bytes = new byte[512];
    private final byte[] signature;
    /** The signature's Base64 text, for comparing with a presented one without decoding that into an array. */
    private final byte[] signatureBase64;

    /**
     * An engine for one key.
     *
     * @param key the HmacSHA256 key
     * @throws IllegalStateException when the JDK has no HmacSHA256
     */
    public SharedKeyHmac(final SecretKeySpec key) {
        try {
            this.mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
        this.signature = new byte[mac.getMacLength()];
        this.signatureBase64 = new byte[4 * ((signature.length + 2) / 3)];
    }

    /**
     * The string-to-sign, emptied for the caller to fill.
     *
     * @return the reused builder
     */
    public StringBuilder text() {
        text.setLength(0);
        return text;
    }

    /**
     * Signs what was appended to {@link #text()} (as UTF-8).
     *
     * @return the 32-byte signature, valid until this engine's next use (copy it to keep it)
     */
    public byte[] sign() {
        mac.reset(); // a no-op after doFinal; a previous caller's failure leaves nothing behind
        final int length = text.length();
        if (bytes.length < length) {
            bytes = new byte[Math.max(length, 2 * bytes.length)];
        }
        try {
            for (int i = 0; i < length; i++) {
                final char c = text.charAt(i);
                if (c >= 0x80) { // rare (decoded query values, Latin-1 field values): the JDK's encoder
                    mac.update(text.toString().getBytes(StandardCharsets.UTF_8));
                    mac.doFinal(signature, 0);
                    return signature;
                }
                bytes[i] = (byte) c;
            }
            mac.update(bytes, 0, length);
            mac.doFinal(signature, 0); // doFinal also resets the Mac
            return signature;
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 failed", e);
        }
    }

    /**
     * Whether the signature of the last {@link #sign()} is, in the standard padded Base64 encoding (44 characters
     * for HMAC-SHA256), exactly {@code text[from, to)}: a verifier's comparison with the signature a request
     * presents, in time independent of where they differ, and without decoding the text into an array.
     *
     * @param text the text holding the presented signature
     * @param from its first index
     * @param to   the index after its last character
     * @return true when they are the same text
     */
    public boolean signatureEqualsBase64(final CharSequence text, final int from, final int to) {
        final int length = Base64.getEncoder().encode(signature, signatureBase64); // into the reused array
        int difference = (to - from) ^ length;
        for (int i = 0; i < length; i++) {
            final int presented = from + i < to ? text.charAt(from + i) : 0;
            difference |= presented ^ (signatureBase64[i] & 0xff);
        }
        return difference == 0;
    }

    /**
     * Whether this engine is worth keeping in a pool: false once an outsized request grew its scratch.
     *
     * @return true when its string-to-sign builder is of ordinary size
     */
    public boolean poolable() {
        return text.capacity() <= MAX_POOLED_TEXT_CHARS;
    }
}
