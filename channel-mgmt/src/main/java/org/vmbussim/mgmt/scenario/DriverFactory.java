package org.vmbussim.mgmt.scenario;

/**
 * Makes scenario drivers of one kind. {@link #prepare} runs while the scenario is parsed, so a bad option is a
 * parse error with the file and line; the recipe it returns makes a fresh driver in each replay.
 *
 * <pre>{@code
 * registry.registerFactory("my-driver", spec -> {
 *     spec.allowOnly("delay");
 *     long delay = spec.durationNanos("delay", 0);
 *     return env -> new MyDriver(spec.name(), spec.idTable(), delay, env.vm().scheduler());
 * });
 * }</pre>
 */
@FunctionalInterface
public interface DriverFactory {

    /**
     * Checks a {@code guest register} line's options and returns how to make the driver.
     *
     * @param spec the name, classes and options
     * @return the recipe
     * @throws IllegalArgumentException for an unknown or bad option (reported as a parse error)
     */
    DriverRecipe prepare(DriverSpec spec);
}
