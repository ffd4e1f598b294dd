package org.vmbussim.azblob.client;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <p>The raw path is the target's path exactly as sent, still percent-encoded. Thread-safe: {@link Mac} is not,
 * so each signing borrows an initialised instance from this signer's small pool (looking a provider up and
 * initialising the key per request was a tenth of the client's CPU) and gives it back; the pool holds at most
 * {@link #MAX_POOLED_MACS}, and a burst of more concurrent signers makes the extra instances and drops them.
 */
final class SharedKeySigner {
    private static final String[] STANDARD_FIELDS = {
        "Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type", "Date",
        "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range",
    };

    /** Initialised HMACs kept for reuse: enough for every thread of a busy client. */
    static final int MAX_POOLED_MACS = 16;

    private final String account;
    private final SecretKeySpec key;
    private final ConcurrentLinkedQueue<Mac> macs = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pooledMacs = new AtomicInteger();

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
        final byte[] toSign = stringToSign(method, target, headers).getBytes(StandardCharsets.UTF_8);
        final Mac hmac = borrowMac();
        final byte[] mac;
        try {
            // doFinal resets the instance to its key, ready for the next borrower.
            mac = hmac.doFinal(toSign);
        } finally {
            returnMac(hmac);
        }
        return "SharedKey " + account + ":" + Base64.getEncoder().encodeToString(mac);
    }

    private Mac borrowMac() {
        final Mac pooled = macs.poll();
        if (pooled != null) {
            pooledMacs.decrementAndGet();
            return pooled;
        }
        try {
            final Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            return hmac;
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private void returnMac(final Mac hmac) {
        if (pooledMacs.incrementAndGet() <= MAX_POOLED_MACS) {
            macs.offer(hmac);
        } else {
            pooledMacs.decrementAndGet();
        }
    }

    /**
     * Initialised HMAC instances waiting in the pool (for tests).
     *
     * @return 0 to {@link #MAX_POOLED_MACS}
     */
    int pooledMacCount() {
        return pooledMacs.get();
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
        appendXmsFields(sb, headers);
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

    /**
     * The x-ms-* lines: lower-case name ':' trimmed values joined by ',' '\n', sorted by name (String order,
     * as a TreeMap would), repeated names in the order sent. A stable insertion sort of the few fields a
     * request has, without a map and a list per name.
     */
    private static void appendXmsFields(final StringBuilder sb, final HttpFields entries) {
        String[] names = null;
        String[] values = null;
        int n = 0;
        for (int i = 0; i < entries.size(); i++) {
            final String name = entries.name(i);
            if (!name.regionMatches(true, 0, "x-ms-", 0, 5)) {
                continue;
            }
            final String lower = name.toLowerCase(Locale.ROOT);
            if (names == null) {
                names = new String[entries.size()];
                values = new String[entries.size()];
            }
            int at = n++;
            while (at > 0 && names[at - 1].compareTo(lower) > 0) {
                names[at] = names[at - 1];
                values[at] = values[at - 1];
                at--;
            }
            names[at] = lower;
            values[at] = entries.value(i).trim();
        }
        for (int i = 0; i < n; i++) {
            if (i > 0 && names[i].equals(names[i - 1])) {
                sb.setLength(sb.length() - 1);
                sb.append(',');
            } else {
                sb.append(names[i]).append(':');
            }
            sb.append(values[i]).append('\n');
        }
    }

    private static String decode(final String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
