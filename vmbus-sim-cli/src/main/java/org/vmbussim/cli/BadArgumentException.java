package org.vmbussim.cli;

import picocli.CommandLine;

/**
 * A value on the command line that the command cannot use (an unknown struct or field, a malformed
 * number, hex too short for the struct). Reported as one line naming the problem and the valid
 * choices, with exit code {@link ExitCode#USAGE}.
 */
public final class BadArgumentException extends CommandLine.ParameterException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param commandLine the command whose argument was bad
     * @param message     what was wrong and what is allowed, on one line
     * @param cause       the exception that found the problem, or null
     */
    public BadArgumentException(final CommandLine commandLine, final String message, final Throwable cause) {
        super(commandLine, message, cause);
    }
}
