package org.vmbussim.cli;

import org.vmbussim.cli.term.Terminal;

/**
 * The process entry point of {@code vmbus-sim} (the runnable jar's {@code Main-Class}).
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the command line and exits with its {@link ExitCode}.
     *
     * @param args the arguments
     */
    public static void main(final String[] args) {
        final Terminal terminal = Terminal.system();
        int code;
        try {
            code = VmbusSimCli.run(terminal, args);
        } catch (final Error e) {
            // An Error escapes picocli's handlers; it must not exit 1, which scripts read as "verification failed".
            e.printStackTrace(terminal.err());
            terminal.err().flush();
            code = ExitCode.RUNTIME_ERROR;
        }
        System.exit(code);
    }
}
