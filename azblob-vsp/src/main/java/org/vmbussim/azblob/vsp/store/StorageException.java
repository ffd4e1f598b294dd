package org.vmbussim.azblob.vsp.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Blob service error the engine answers with: status, {@code x-ms-error-code}, message, and any
 * extra XML elements or headers. Carries no stack trace: it is an answer, not a fault.
 */
final class StorageException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Map<String, String> extraElements;
    private final transient Map<String, String> extraHeaders;

    StorageException(final int status, final String code, final String message) {
        this(status, code, message, Map.of(), Map.of());
    }

    StorageException(final int status, final String code, final String message,
                     final Map<String, String> extraElements, final Map<String, String> extraHeaders) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.extraElements = new LinkedHashMap<>(extraElements);
        this.extraHeaders = new LinkedHashMap<>(extraHeaders);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    Map<String, String> extraElements() {
        return extraElements;
    }

    Map<String, String> extraHeaders() {
        return extraHeaders;
    }
}
