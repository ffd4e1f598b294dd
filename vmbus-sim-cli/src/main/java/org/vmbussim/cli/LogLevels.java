package org.vmbussim.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes the level of our loggers at run time, for {@code --verbose}. The code sees only SLF4J;
 * Logback is on the class path at run time only (the CLI is the one place it ships), so its
 * {@code Logger.setLevel(Level)} is reached by name. With another SLF4J backend nothing changes and
 * {@link #set(String, String)} says so.
 */
public final class LogLevels {
    /** The loggers of every vmbus-sim module. */
    public static final String OUR_LOGGERS = "org.vmbussim";

    private static final String LOGBACK_LEVEL = "ch.qos.logback.classic.Level";

    private LogLevels() {
    }

    /**
     * Sets a logger's level.
     *
     * @param loggerName the logger, e.g. {@link #OUR_LOGGERS}
     * @param levelName  {@code "DEBUG"}, {@code "WARN"}, …, or null to inherit the parent's level again
     * @return true when the backend took the level, false when it is not Logback
     */
    public static boolean set(final String loggerName, final String levelName) {
        final Logger logger = LoggerFactory.getLogger(loggerName);
        try {
            final Class<?> levelClass = Class.forName(LOGBACK_LEVEL, true, logger.getClass().getClassLoader());
            final Object level = levelName == null ? null
                    : levelClass.getMethod("toLevel", String.class).invoke(null, levelName);
            logger.getClass().getMethod("setLevel", levelClass).invoke(logger, level);
            return true;
        } catch (final ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }
}
