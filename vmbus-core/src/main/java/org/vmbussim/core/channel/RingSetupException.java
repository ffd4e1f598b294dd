package org.vmbussim.core.channel;

/**
 * A ring pair cannot be set up: sizes that are not whole pages, or (host side) a GPADL whose page list
 * or ring offset does not describe two valid rings in guest RAM. The peer's input is refused; nothing
 * is mapped.
 */
public class RingSetupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, with the values
     */
    public RingSetupException(final String message) {
        super(message);
    }
}
