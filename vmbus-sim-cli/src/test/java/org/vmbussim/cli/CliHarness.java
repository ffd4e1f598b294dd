package org.vmbussim.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.vmbussim.cli.term.Terminal;

/** Runs vmbus-sim in-process with captured standard output and error. */
public final class CliHarness {

    private CliHarness() {
    }

    /** What one run printed and returned. */
    public record Result(int exitCode, String out, String err) {
        /** For assertion messages. */
        public String describe() {
            return "exit=" + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    public static Result run(final String... args) {
        return runWithInput(new ByteArrayInputStream(new byte[0]), args);
    }

    public static Result runWithInput(final String stdin, final String... args) {
        return runWithInput(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.US_ASCII)), args);
    }

    public static Result runWithInput(final InputStream stdin, final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final Terminal terminal = Terminal.of(stdin, new PrintWriter(out), new PrintWriter(err), false,
                Terminal.DEFAULT_COLUMNS);
        final int code = VmbusSimCli.run(terminal, args);
        return new Result(code, out.toString(), err.toString());
    }
}
