package org.vmbussim.azblob.client;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.azblob.protocol.SharedKeyHmac;

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
 * Each pooled engine carries the scratch of one signing (the sort of the x-ms-* fields, the Authorization value's
 * bytes), owned by whoever borrowed it until it is given back (the queue's hand-over orders one borrower's use
 * before the next one's), so a signature makes only its result string.
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
    /** Idle engines with their scratch; an array-backed queue, so giving one back allocates no node. */
    private final BlockingQueue<Signing> macs = new ArrayBlockingQueue<>(MAX_POOLED_MACS);
    /** {@code "SharedKey account:"}. */
    private final String authorizationPrefix;
    /** Whether {@link #authorizationPrefix} is Latin-1, so the Authorization value can be built as bytes. */
    private final boolean latin1Prefix;

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
        this.authorizationPrefix = "SharedKey " + account + ":";
        this.latin1Prefix = authorizationPrefix.chars().allMatch(c -> c <= 0xff);
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
    String authorization(final String method, final String target, final FieldList headers) {
        final Signing signing = borrow();
        try {
            appendStringToSign(signing.hmac.text(), signing, method, target, headers);
            final byte[] mac = signing.hmac.sign();
            if (!latin1Prefix) { // the same text as ever, which the header check then refuses
                return authorizationPrefix + Base64.getEncoder().encodeToString(mac);
            }
            // The prefix (written once) and the Base64 signature side by side in the engine's array; the string
            // copies them, so the array is the engine's again.
            final int prefixLength = authorizationPrefix.length();
            final int signatureLength = Base64.getEncoder().encode(mac, signing.base64);
            System.arraycopy(signing.base64, 0, signing.value, prefixLength, signatureLength);
            return new String(signing.value, 0, prefixLength + signatureLength, StandardCharsets.ISO_8859_1);
        } finally {
            giveBack(signing);
        }
    }

    private Signing borrow() {
        final Signing signing = macs.poll();
        return signing != null ? signing : new Signing(key, authorizationPrefix, latin1Prefix);
    }

    private void giveBack(final Signing signing) {
        if (signing.poolable()) {
            macs.offer(signing); // dropped when the pool is full
        }
    }

    /**
     * Initialised HMAC instances waiting in the pool (for tests).
     *
     * @return 0 to {@link #MAX_POOLED_MACS}
     */
    int pooledMacCount() {
        return macs.size();
    }

    /**
     * The canonical string a request is signed over.
     *
     * @param method  the method
     * @param target  the raw request target
     * @param headers the fields
     * @return the string-to-sign
     */
    String stringToSign(final String method, final String target, final FieldList headers) {
        final StringBuilder sb = new StringBuilder(256);
        final Signing signing = borrow();
        try {
            appendStringToSign(sb, signing, method, target, headers);
        } finally {
            giveBack(signing);
        }
        return sb.toString();
    }

    private void appendStringToSign(final StringBuilder sb, final Signing scratch, final String method,
            final String target, final FieldList headers) {
        final boolean hasXmsDate = headers.contains("x-ms-date");
        sb.append(method).append('\n');
        for (final String name : STANDARD_FIELDS) {
            String value = headers.first(name);
            if (value == null || ("Content-Length".equals(name) && "0".equals(value.trim()))
                    || ("Date".equals(name) && hasXmsDate)) {
                value = "";
            }
            sb.append(value.trim()).append('\n');
        }
        appendXmsFields(sb, scratch, headers);
        final int q = target.indexOf('?');
        sb.append('/').append(account).append(target, 0, q < 0 ? target.length() : q);
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
    }

    /**
     * The x-ms-* lines: lower-case name ':' trimmed values joined by ',' '\n', sorted by name (String order,
     * as a TreeMap would), repeated names in the order sent. A stable insertion sort of the few fields a
     * request has, in the engine's scratch arrays, without a map and a list per name.
     */
    private static void appendXmsFields(final StringBuilder sb, final Signing scratch, final FieldList entries) {
        final String[] names = scratch.xmsNames(entries.size());
        final String[] values = scratch.xmsValues;
        int n = 0;
        for (int i = 0; i < entries.size(); i++) {
            final String name = entries.name(i);
            if (!name.regionMatches(true, 0, "x-ms-", 0, 5)) {
                continue;
            }
            // Sorted as the lower-case names would sort, kept as sent and lower-cased as appended: no lower-case
            // copy per name (the names are tokens, ASCII, so both give the same order).
            int at = n++;
            while (at > 0 && HttpFields.compareNamesIgnoreCase(names[at - 1], name) > 0) {
                names[at] = names[at - 1];
                values[at] = values[at - 1];
                at--;
            }
            names[at] = name;
            values[at] = entries.value(i).trim();
        }
        for (int i = 0; i < n; i++) {
            if (i > 0 && HttpFields.compareNamesIgnoreCase(names[i], names[i - 1]) == 0) {
                sb.setLength(sb.length() - 1);
                sb.append(',');
            } else {
                HttpFields.appendLower(names[i], sb).append(':');
            }
            sb.append(values[i]).append('\n');
        }
        Arrays.fill(names, 0, n, null); // the engine keeps no request's strings alive
        Arrays.fill(values, 0, n, null);
    }

    private static String decode(final String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** An HMAC engine with the scratch of one signing; used by one thread at a time (the pool's borrower). */
    private static final class Signing {
        /** Scratch arrays past this many fields are dropped with the engine rather than pooled. */
        private static final int MAX_POOLED_FIELDS = 64;

        final SharedKeyHmac hmac;
        /** The Base64 of a 32-byte HMAC-SHA256: 44 characters. */
        final byte[] base64 = new byte[44];
        /** The Authorization value's bytes: the prefix, written once, then room for {@link #base64}. */
        final byte[] value;
        /** The x-ms-* names (as sent) and values being sorted; all null outside a signing. */
        String[] xmsNames = new String[16];
        String[] xmsValues = new String[16];

        Signing(final SecretKeySpec key, final String authorizationPrefix, final boolean latin1Prefix) {
            this.hmac = new SharedKeyHmac(key);
            this.value = new byte[authorizationPrefix.length() + base64.length];
            if (latin1Prefix) {
                for (int i = 0; i < authorizationPrefix.length(); i++) {
                    value[i] = (byte) authorizationPrefix.charAt(i);
                }
            }
        }

        /** The names array, grown (with the values array) to hold {@code fields}. */
        String[] xmsNames(final int fields) {
            if (xmsNames.length < fields) {
                xmsNames = new String[fields];
                xmsValues = new String[fields];
            }
            return xmsNames;
        }

        boolean poolable() {
            return hmac.poolable() && xmsNames.length <= MAX_POOLED_FIELDS;
        }
    }
}
