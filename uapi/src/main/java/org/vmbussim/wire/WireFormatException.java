package org.vmbussim.wire;

/**
 * Thrown when bytes cannot be decoded as the struct asked for (too short, a count that does not fit)
 * or when a field value given for encoding does not fit its field.
 */
public class WireFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong, in {@code "struct: what: name=value (expected: ...)"} form
     */
    public WireFormatException(final String message) {
        super(message);
    }
}
