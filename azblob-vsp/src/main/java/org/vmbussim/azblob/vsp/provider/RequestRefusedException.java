package org.vmbussim.azblob.vsp.provider;

import java.util.Objects;

/**
 * A request the provider will not execute: the {@link Refusal} says why, the message gives the values.
 * Peer-triggered at line rate, so no stack trace is filled in.
 */
final class RequestRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Refusal refusal;

    RequestRefusedException(final Refusal refusal, final String message) {
        super(Objects.requireNonNull(refusal, "refusal") + ": " + message);
        this.refusal = refusal;
    }

    Refusal refusal() {
        return refusal;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
