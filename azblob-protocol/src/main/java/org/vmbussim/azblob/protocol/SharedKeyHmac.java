package org.vmbussim.azblob.protocol;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;

/**
 * One HMAC-SHA256 engine with the scratch a SharedKey signature needs, used by one caller at a time (the guest's
 * signer and the host's verifier pool them): the string-to-sign is built in {@link #text()}, encoded as UTF-8
 * into a reused array and signed into a reused signature array, so a request makes no string, byte array or
 * digest of its own for it. Not thread-safe.
 *
 * <p>HMAC (RFC 2104) is computed here over two SHA-256 digests, {@code H((K ^ opad) || H((K ^ ipad) || m))},
 * rather than with {@code javax.crypto.Mac}: the JDK's HmacSHA256 makes a new array for the inner hash on every
 * signature, where {@link MessageDigest#digest(byte[], int, int)} writes into ours. The result is the same
 * bytes (SharedKeyHmacTest checks it against {@code Mac} for keys and texts of many lengths).
 */
public final class SharedKeyHmac {
    /** An engine whose string-to-sign grew beyond this many characters should be dropped, not pooled. */
    public static final int MAX_POOLED_TEXT_CHARS = 16 * 1024;
    /** SHA-256's block size: keys are padded (or first hashed) to this many bytes. */
    private static final int BLOCK_BYTES = 64;
    private static final byte IPAD = 0x36;
    private static final byte OPAD = 0x5c;

    private final MessageDigest inner;
    private final MessageDigest outer;
    /** The key, padded to a block, XOR ipad and XOR opad: what each digest starts with. */
    private final byte[] innerKeyBlock = new byte[BLOCK_BYTES];
    private final byte[] outerKeyBlock = new byte[BLOCK_BYTES];
    private final StringBuilder text = new StringBuilder(512);
    private byte[] bytes = new byte[512];
    private final byte[] innerHash;
    private final byte[] signature;
    /** The signature's Base64 text, for comparing with a presented one without decoding that into an array. */
    private final byte[] signatureBase64;

    /**
     * An engine for one key.
     *
     * @param key the HmacSHA256 key
     * @throws IllegalStateException when the JDK has no SHA-256
     */
    public SharedKeyHmac(final SecretKeySpec key) {
        try {
            this.inner = MessageDigest.getInstance("SHA-256");
            this.outer = MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
        final byte[] encoded = key.getEncoded(); // a copy, wiped below
        // RFC 2104: a key longer than a block is hashed first.
        final byte[] k = encoded.length > BLOCK_BYTES ? inner.digest(encoded) : encoded;
        for (int i = 0; i < BLOCK_BYTES; i++) {
            final byte b = i < k.length ? k[i] : 0;
            innerKeyBlock[i] = (byte) (b ^ IPAD);
            outerKeyBlock[i] = (byte) (b ^ OPAD);
        }
        Arrays.fill(encoded, (byte) 0);
        Arrays.fill(k, (byte) 0);
        this.innerHash = new byte[inner.getDigestLength()];
        this.signature = new byte[outer.getDigestLength()];
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
        inner.reset(); // a previous caller's failure half-way leaves nothing behind
        inner.update(innerKeyBlock);
        final int length = text.length();
        if (bytes.length < length) {
            bytes = new byte[Math.max(length, 2 * bytes.length)];
        }
        boolean ascii = true;
        for (int i = 0; i < length && ascii; i++) {
            final char c = text.charAt(i);
            ascii = c < 0x80;
            bytes[i] = (byte) c;
        }
        if (ascii) {
            inner.update(bytes, 0, length);
        } else { // rare (decoded query values, Latin-1 field values): the JDK's encoder
            inner.update(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        try {
            inner.digest(innerHash, 0, innerHash.length); // also resets the digest
            outer.reset();
            outer.update(outerKeyBlock);
            outer.update(innerHash);
            outer.digest(signature, 0, signature.length);
        } catch (final DigestException e) {
            throw new IllegalStateException("SHA-256 failed", e); // cannot happen: the arrays fit the digest
        }
        return signature;
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
