package org.vmbussim.azblob.client;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.vmbussim.azblob.protocol.HttpFields;

/**
 * Azure Storage SharedKey signing for Blob requests (the "Authorize with Shared Key" string-to-sign):
 *
 * <pre>
 * VERB \n Content-Encoding \n Content-Language \n Content-Length (empty when 0) \n Content-MD5 \n
 * Content-Type \n Date (empty when x-ms-date is sent) \n If-Modified-Since \n If-Match \n If-None-Match \n
 * If-Unmodified-Since \n Range \n
 * x-ms-* fields: lower-case name ':' trimmed value '\n', sorted by name, repeated names joined by ','
 * '/' account raw-path ( '\n' lower-case query name ':' decoded values sorted, joined by ',' )*
 * </pre>
 *
 * <p>The raw path is the target's path exactly as sent, still percent-encoded. Immutable and thread-safe.
 */
final class SharedKeySigner {
    private static final String[] STANDARD_FIELDS = {
        "Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type", "Date",
        "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range",
    };

    private final String account;
    private final SecretKeySpec key;

    /**
     * A signer for one account.
     *
     * @param account   the account name
     * @param keyBase64 the account key
     * @throws IllegalArgumentException when the key is not Base64 or the account is empty
     */
    SharedKeySigner(final String account, final String keyBase64) {
        if (account == null || account.isEmpty()) {
            throw new IllegalArgumentException("account must not be empty");
        }
        this.account = account;
        this.key = new SecretKeySpec(Base64.getDecoder().decode(keyBase64), "HmacSHA256");
    }

    /**
     * The {@code Authorization} field value for a request whose other fields are final.
     *
     * @param method  the method
     * @param target  the raw request target
     * @param headers the fields to be sent
     * @return {@code SharedKey account:signature}
     */
    String authorization(final String method, final String target, final HttpFields headers) {
        final byte[] mac;
        try {
            final Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            mac = hmac.doFinal(stringToSign(method, target, headers).getBytes(StandardCharsets.UTF_8));
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
        return "SharedKey " + account + ":" + Base64.getEncoder().encodeToString(mac);
    }

    /**
     * The canonical string a request is signed over.
     *
     * @param method  the method
     * @param target  the raw request target
     * @param headers the fields
     * @return the string-to-sign
     */
    String stringToSign(final String method, final String target, final HttpFields headers) {
        final boolean hasXmsDate = headers.contains("x-ms-date");
        final StringBuilder sb = new StringBuilder(256).append(method).append('\n');
        for (final String name : STANDARD_FIELDS) {
            String value = headers.first(name);
            if (value == null || ("Content-Length".equals(name) && "0".equals(value.trim()))
                    || ("Date".equals(name) && hasXmsDate)) {
                value = "";
            }
            sb.append(value.trim()).append('\n');
        }
        final TreeMap<String, List<String>> xms = new TreeMap<>();
        for (final Map.Entry<String, String> e : headers.entries()) {
            final String lower = e.getKey().toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-ms-")) {
                xms.computeIfAbsent(lower, k -> new ArrayList<>(1)).add(e.getValue().trim());
            }
        }
        xms.forEach((name, values) -> sb.append(name).append(':').append(String.join(",", values)).append('\n'));
        final int q = target.indexOf('?');
        sb.append('/').append(account).append(q < 0 ? target : target.substring(0, q));
        if (q >= 0) {
            final TreeMap<String, List<String>> params = new TreeMap<>();
            for (final String pair : target.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                final int eq = pair.indexOf('=');
                final String name = decode(eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
                params.computeIfAbsent(name, k -> new ArrayList<>(1)).add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
            params.forEach((name, values) -> {
                values.sort(null);
                sb.append('\n').append(name).append(':').append(String.join(",", values));
            });
        }
        return sb.toString();
    }

    private static String decode(final String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
