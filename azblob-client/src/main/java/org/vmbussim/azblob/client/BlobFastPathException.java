package org.vmbussim.azblob.client;

import org.vmbussim.uapi.Errno;

/**
 * A fast-path Blob operation failed. Either the request was carried and the service answered with an
 * HTTP error ({@link #statusCode()} and {@link #errorCode()}, the {@code x-ms-error-code} header, are set),
 * or it could not be carried ({@link #errno()} says why: the device's or the host's errno, {@code EPROTO}
 * when the answer broke the fast-path protocol, {@code EMSGSIZE} when a body exceeds the transfer cap).
 */
public class BlobFastPathException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String errorCode;
    private final Errno errno;

    /**
     * Creates the exception.
     *
     * @param message    what failed, with the values involved
     * @param statusCode the HTTP status, 0 when the request was not carried
     * @param errorCode  the service's error code, or null
     * @param errno      the errno when the request was not carried, else null
     * @param cause      the underlying failure, or null
     */
    public BlobFastPathException(final String message, final int statusCode, final String errorCode,
            final Errno errno, final Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
        this.errorCode = errorCode;
        this.errno = errno;
    }

    /**
     * A request that was not carried.
     *
     * @param errno   why
     * @param message what failed
     * @param cause   the underlying failure, or null
     * @return the exception
     */
    public static BlobFastPathException notCarried(final Errno errno, final String message, final Throwable cause) {
        return new BlobFastPathException(errno + ": " + message, 0, null, errno, cause);
    }

    /**
     * An HTTP error answer.
     *
     * @param operation what was attempted (method and target)
     * @param response  the answer
     * @return the exception
     */
    public static BlobFastPathException fromResponse(final String operation, final FastPathResponse response) {
        final String code = response.header("x-ms-error-code");
        final String detail = BlobXml.errorMessage(response.bodyBytes());
        final StringBuilder sb = new StringBuilder(operation).append(": HTTP ").append(response.status());
        if (code != null) {
            sb.append(' ').append(code);
        }
        if (detail != null && !detail.isEmpty()) {
            sb.append(": ").append(detail.lines().findFirst().orElse(detail));
        } else if (!response.reason().isEmpty()) {
            sb.append(" (").append(response.reason()).append(')');
        }
        return new BlobFastPathException(sb.toString(), response.status(), code, null, null);
    }

    /**
     * The HTTP status of the answer.
     *
     * @return the status, or 0 when the request was not carried
     */
    public int statusCode() {
        return statusCode;
    }

    /**
     * The Blob service's error code ({@code x-ms-error-code}), e.g. {@code BlobNotFound}.
     *
     * @return the code, or null when there is none
     */
    public String errorCode() {
        return errorCode;
    }

    /**
     * Why the request could not be carried.
     *
     * @return the errno, or null when it was carried (see {@link #statusCode()})
     */
    public Errno errno() {
        return errno;
    }

    /**
     * Whether the request reached the service and this is its answer.
     *
     * @return true for an HTTP error, false for a transport failure
     */
    public boolean isCarried() {
        return errno == null;
    }
}
