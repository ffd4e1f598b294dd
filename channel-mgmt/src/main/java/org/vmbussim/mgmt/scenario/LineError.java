package org.vmbussim.mgmt.scenario;

/** One bad line while parsing: caught by the parser, which goes on with the next line. */
final class LineError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LineError(final String where, final String message) {
        super(where + ": " + message, null, false, false);
    }
}
