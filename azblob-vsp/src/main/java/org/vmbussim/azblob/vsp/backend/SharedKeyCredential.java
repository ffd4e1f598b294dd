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
     * The x-ms-* lines: lower-case names sorted (a stable sort, so repeated names keep their order), one
     * line per name with its trimmed values joined by ','. Sorted in place over indices, without a map.
     */
    private static void appendCanonicalXmsHeaders(final HttpFields entries, final StringBuilder sb) {
        final String[] names = new String[entries.size()];
        final int[] order = new int[entries.size()];
        int count = 0;
        for (int i = 0; i < entries.size(); i++) {
            final String lower = HttpFields.lower(entries.name(i));
            if (lower.startsWith("x-ms-")) {
                names[i] = lower;
                // Insertion sort: a head has a handful of x-ms-* fields.
                int at = count++;
                while (at > 0 && names[order[at - 1]].compareTo(lower) > 0) {
                    order[at] = order[at - 1];
                    at--;
                }
                order[at] = i;
            }
        }
        for (int k = 0; k < count; k++) {
            final int i = order[k];
            if (k > 0 && names[order[k - 1]].equals(names[i])) {
                sb.setLength(sb.length() - 1); // same name again: join onto the previous line
                sb.append(',');
            } else {
                sb.append(names[i]).append(':');
            }
            sb.append(entries.value(i).trim()).append('\n');
        }
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
        return Base64.getEncoder().encodeToString(sign(request, request.headers().contains("x-ms-date"), null));
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
        final String value = authorization.trim();
        if (!value.startsWith(authorizationPrefix)) {
            return false;
        }
        final byte[] presented;
        try {
            presented = Base64.getDecoder().decode(value.substring(authorizationPrefix.length()).trim());
        } catch (final IllegalArgumentException e) {
            return false;
        }
        final boolean hasXmsDate = headers.contains("x-ms-date");
        if (sign(request, hasXmsDate, presented) != null) {
            return true;
        }
        return hasXmsDate && headers.contains("Date") && sign(request, false, presented) != null;
    }

    /**
     * Signs a request's string-to-sign with a pooled engine.
     *
     * @param presented null to answer a new array holding the signature; else the signature to compare with
     * @return the signature (a new array) when {@code presented} is null; else {@code presented} when it
     *         matches (compared in constant time) and null when it does not
     */
    private byte[] sign(final BlobRequest request, final boolean blankDate, final byte[] presented) {
        SharedKeyHmac hmac = idleMacs.poll();
        if (hmac == null) {
            hmac = new SharedKeyHmac(key);
        }
        try {
            appendStringToSign(request, blankDate, hmac.text());
            final byte[] signature = hmac.sign();
            if (presented == null) {
                return signature.clone();
            }
            return MessageDigest.isEqual(presented, signature) ? presented : null;
        } finally {
            if (hmac.poolable()) {
                idleMacs.offer(hmac); // dropped when the pool is full
            } // else dropped: an outsized request does not pin its string-to-sign in the pool
        }
    }
}
