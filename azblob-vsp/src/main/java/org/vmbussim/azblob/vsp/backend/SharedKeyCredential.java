package org.vmbussim.azblob.vsp.backend;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.azblob.protocol.SharedKeyHmac;

/**
 * Azure Storage SharedKey authorization for the Blob service: builds the string-to-sign exactly as the
 * service and the SDKs do (Azure "Authorize with Shared Key"; Azure SDK for Java
 * StorageSharedKeyCredential; Azurite BlobSharedKeyAuthenticator), signs with HMAC-SHA256 and
 * verifies {@code Authorization: SharedKey account:signature} in constant time.
 *
 * <pre>
 * VERB \n Content-Encoding \n Content-Language \n Content-Length (empty when 0) \n Content-MD5 \n
 * Content-Type \n Date (empty when x-ms-date is sent) \n If-Modified-Since \n If-Match \n
 * If-None-Match \n If-Unmodified-Since \n Range \n
 * x-ms-* headers: lower-case name ':' trimmed value '\n', sorted by name, repeated names joined by ','
 * '/' account raw-path ( '\n' lower-case query name ':' decoded values sorted, joined by ',' )*
 * </pre>
 *
 * <p>The raw path is the request path exactly as sent (still percent-encoded); in path-style URLs it
 * starts with the account, so the resource reads {@code /devstoreaccount1/devstoreaccount1/c/b}.
 * Thread-safe: the account and key never change, and HMAC engines ({@link Mac} is not thread-safe) are
 * taken from a small pool owned by this credential, one per concurrent caller, so a request does not pay
 * for {@code Mac.getInstance} and key set-up.
 */
public final class SharedKeyCredential {
    /** The storage emulator's well-known account. */
    public static final String DEV_ACCOUNT = "devstoreaccount1";
    /** The storage emulator's well-known key (public, documented by Microsoft). */
    public static final String DEV_ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static final String SCHEME = "SharedKey ";
    private static final String XMS_PREFIX = "x-ms-";
    private static final String[] STANDARD_HEADERS = {
        "Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type", "Date",
        "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range",
    };

    /** Idle HMAC engines kept for reuse; more concurrent callers than this make (and drop) their own. */
    private static final int MAC_POOL_SIZE = 8;

    private final String account;
    private final SecretKeySpec key;
    private final BlockingQueue<SharedKeyHmac> idleMacs = new ArrayBlockingQueue<>(MAC_POOL_SIZE);
    /** {@code "SharedKey account:"}, the start of every Authorization value this credential accepts. */
    private final String authorizationPrefix;

    /**
     * A credential for one account.
     *
     * @param account the account name
     * @param keyBase64 the account key, Base64
     * @throws IllegalArgumentException when the key is not Base64
     */
    public SharedKeyCredential(final String account, final String keyBase64) {
        if (account == null || account.isEmpty()) {
            throw new IllegalArgumentException("account must not be empty");
        }
        this.account = account;
        this.authorizationPrefix = SCHEME + account + ":";
        this.key = new SecretKeySpec(Base64.getDecoder().decode(keyBase64), "HmacSHA256");
    }

    /**
     * The emulator account {@code devstoreaccount1} with its well-known key.
     *
     * @return the credential
     */
    public static SharedKeyCredential devStoreAccount() {
        return new SharedKeyCredential(DEV_ACCOUNT, DEV_ACCOUNT_KEY);
    }

    /**
     * The account name.
     *
     * @return the account
     */
    public String account() {
        return account;
    }

    /**
     * The string-to-sign of a request.
     *
     * @param request the request
     * @return the canonical string
     */
    public String stringToSign(final BlobRequest request) {
        return stringToSign(request, request.headers().contains("x-ms-date"));
    }

    private String stringToSign(final BlobRequest request, final boolean blankDate) {
        final StringBuilder sb = new StringBuilder(256);
        appendStringToSign(request, blankDate, sb);
        return sb.toString();
    }

    private void appendStringToSign(final BlobRequest request, final boolean blankDate, final StringBuilder sb) {
        final HttpFields headers = request.headers();
        sb.append(request.method()).append('\n');
        for (final String name : STANDARD_HEADERS) {
            String value = headers.first(name);
            if (value == null || ("Content-Length".equals(name) && "0".equals(value.trim()))
                    || ("Date".equals(name) && blankDate)) {
                value = "";
            }
            sb.append(value.trim()).append('\n');
        }
        appendCanonicalXmsHeaders(headers, sb);
        final String target = request.target();
        final int query = target.indexOf('?');
        sb.append('/').append(account).append(target, 0, query < 0 ? target.length() : query);
        if (query < 0) {
            return;
        }
        for (final Map.Entry<String, List<String>> e : canonicalQuery(target.substring(query + 1)).entrySet()) {
            final List<String> values = e.getValue();
            values.sort(null);
            sb.append('\n').append(e.getKey()).append(':').append(String.join(",", values));
        }
    }

    /**
     * The x-ms-* lines: lower-case names sorted (stably, so repeated names keep their order), one line per name
     * with its trimmed values joined by ','. Made without a lower-case copy of any name, a map or an index
     * array: each step picks the field that sorts next by (lower-case name, index), a selection over the
     * handful of x-ms-* fields of a head (at most the parser's field limit, so the square stays small).
     */
    private static void appendCanonicalXmsHeaders(final HttpFields entries, final StringBuilder sb) {
        int previous = -1;
        while (true) {
            final int next = nextXmsField(entries, previous);
            if (next < 0) {
                return;
            }
            if (previous >= 0 && HttpFields.compareNamesIgnoreCase(entries.name(previous), entries.name(next)) == 0) {
                sb.setLength(sb.length() - 1); // same name again: join onto the previous line
                sb.append(',');
            } else {
                HttpFields.appendLower(entries.name(next), sb).append(':');
            }
            sb.append(entries.value(next).trim()).append('\n');
            previous = next;
        }
    }

    /** The x-ms-* field sorting next after field {@code previous} (-1: the first) by (lower-case name, index). */
    private static int nextXmsField(final HttpFields entries, final int previous) {
        int best = -1;
        for (int i = 0; i < entries.size(); i++) {
            final String name = entries.name(i);
            if (!name.regionMatches(true, 0, XMS_PREFIX, 0, XMS_PREFIX.length())
                    || previous >= 0 && sortsBefore(entries, i, previous)
                    || i == previous) {
                continue;
            }
            if (best < 0 || sortsBefore(entries, i, best)) {
                best = i;
            }
        }
        return best;
    }

    /** Whether field {@code a} sorts before field {@code b} by (lower-case name, index). */
    private static boolean sortsBefore(final HttpFields entries, final int a, final int b) {
        final int byName = HttpFields.compareNamesIgnoreCase(entries.name(a), entries.name(b));
        return byName < 0 || byName == 0 && a < b;
    }

    private static TreeMap<String, List<String>> canonicalQuery(final String rawQuery) {
        final TreeMap<String, List<String>> params = new TreeMap<>();
        if (rawQuery.isEmpty()) {
            return params;
        }
        for (final String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            final int eq = pair.indexOf('=');
            final String name = eq < 0 ? pair : pair.substring(0, eq);
            final String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.computeIfAbsent(HttpFields.lower(decode(name)), k -> new ArrayList<>(1)).add(decode(value));
        }
        return params;
    }

    private static String decode(final String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (final IllegalArgumentException e) {
            // Malformed escapes: sign the raw text; the signature then simply fails to verify.
            return text;
        }
    }

    /**
     * The Base64 HMAC-SHA256 signature of a request.
     *
     * @param request the request
     * @return the signature
     */
    public String signature(final BlobRequest request) {
        return Base64.getEncoder().encodeToString(sign(request, request.headers().contains("x-ms-date")));
    }

    /**
     * The request with {@code Authorization: SharedKey account:signature} set (any previous value removed).
     *
     * @param request the request, with every header that is to be signed already present
     * @return the signed request
     */
    public BlobRequest sign(final BlobRequest request) {
        final BlobRequest unsigned = request.withHeaders(request.headers().toBuilder().remove("Authorization").build());
        return unsigned.withHeaders(unsigned.headers().toBuilder()
                .add("Authorization", SCHEME + account + ":" + signature(unsigned)).build());
    }

    /**
     * Verifies the request's Authorization header. When both Date and x-ms-date are sent, a signature
     * over either convention for the Date line is accepted (the documented one blanks Date; Azurite's
     * keeps it).
     *
     * @param request the request
     * @return true when the header carries this account and a matching signature
     */
    public boolean verify(final BlobRequest request) {
        final HttpFields headers = request.headers();
        String authorization = null;
        for (int i = 0; i < headers.size(); i++) {
            if (headers.name(i).equalsIgnoreCase("Authorization")) {
                if (authorization != null) {
                    return false; // more than one
                }
                authorization = headers.value(i);
            }
        }
        if (authorization == null) {
            return false;
        }
        final String value = authorization.trim(); // the parser strips OWS already: no copy
        if (!value.startsWith(authorizationPrefix)) {
            return false;
        }
        // Where value.substring(prefix).trim() would start (its end is the value's, trimmed already).
        int signatureStart = authorizationPrefix.length();
        while (signatureStart < value.length() && value.charAt(signatureStart) <= ' ') {
            signatureStart++;
        }
        final boolean hasXmsDate = headers.contains("x-ms-date");
        if (matches(request, hasXmsDate, value, signatureStart)) {
            return true;
        }
        return hasXmsDate && headers.contains("Date") && matches(request, false, value, signatureStart);
    }

    /**
     * Whether {@code value} from {@code signatureStart} is the Base64 signature of the request, compared in
     * constant time. The usual form (the canonical, padded encoding the SDKs send) is compared as text, without
     * decoding it into an array; any other text is decoded exactly as before (the JDK decoder also takes
     * unpadded text), so what is accepted does not change. Undecodable text matches nothing.
     */
    private boolean matches(final BlobRequest request, final boolean blankDate, final String value,
            final int signatureStart) {
        final SharedKeyHmac hmac = takeMac();
        try {
            appendStringToSign(request, blankDate, hmac.text());
            final byte[] signature = hmac.sign();
            if (hmac.signatureEqualsBase64(value, signatureStart, value.length())) {
                return true;
            }
            final byte[] presented;
            try {
                presented = Base64.getDecoder().decode(value.substring(signatureStart));
            } catch (final IllegalArgumentException e) {
                return false;
            }
            return MessageDigest.isEqual(presented, signature);
        } finally {
            giveBack(hmac);
        }
    }

    /** The signature of a request, a new array. */
    private byte[] sign(final BlobRequest request, final boolean blankDate) {
        final SharedKeyHmac hmac = takeMac();
        try {
            appendStringToSign(request, blankDate, hmac.text());
            return hmac.sign().clone();
        } finally {
            giveBack(hmac);
        }
    }

    /** An idle engine of the pool, or a new one when all are in use. */
    private SharedKeyHmac takeMac() {
        final SharedKeyHmac hmac = idleMacs.poll();
        return hmac != null ? hmac : new SharedKeyHmac(key);
    }

    /** Returns an engine to the pool: dropped when the pool is full, or when an outsized request grew it. */
    private void giveBack(final SharedKeyHmac hmac) {
        if (hmac.poolable()) {
            idleMacs.offer(hmac);
        }
    }
}
