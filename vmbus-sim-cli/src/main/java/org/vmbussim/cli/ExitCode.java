package org.vmbussim.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes of {@code vmbus-sim}, which scripts may rely on. Listed in every command's usage
 * help ({@link #DESCRIPTIONS}).
 */
public final class ExitCode {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** The command ran, but an expectation or verification failed (a scenario, a data check). */
    public static final int FAILED = 1;
    /** Bad arguments: unknown command or option, or a value the command cannot use. */
    public static final int USAGE = 2;
    /** The command could not finish: an unexpected error while running. */
    public static final int RUNTIME_ERROR = 3;

    /** Each exit code (as text, for the usage help) and what it means, in ascending order. */
    public static final Map<String, String> DESCRIPTIONS = descriptions();

    private ExitCode() {
    }

    private static Map<String, String> descriptions() {
        final Map<String, String> m = new LinkedHashMap<>();
        m.put(Integer.toString(OK), "ok");
        m.put(Integer.toString(FAILED), "an expectation or verification failed");
        m.put(Integer.toString(USAGE), "usage error (bad arguments)");
        m.put(Integer.toString(RUNTIME_ERROR), "runtime error");
        return Collections.unmodifiableMap(m);
    }
}
