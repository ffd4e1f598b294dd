package org.vmbussim.cli;

import java.lang.reflect.Constructor;
import java.util.Objects;
import org.vmbussim.cli.term.Terminal;
import picocli.CommandLine;

/**
 * Creates command objects for picocli, handing the {@link Terminal} to each command class that has a
 * constructor taking one; any other class is made by picocli's default factory.
 */
final class CommandFactory implements CommandLine.IFactory {
    private final Terminal terminal;

    CommandFactory(final Terminal terminal) {
        this.terminal = Objects.requireNonNull(terminal, "terminal");
    }

    @Override
    public <K> K create(final Class<K> cls) throws Exception {
        final Constructor<K> withTerminal;
        try {
            withTerminal = cls.getDeclaredConstructor(Terminal.class);
        } catch (final NoSuchMethodException e) {
            return CommandLine.defaultFactory().create(cls);
        }
        // Command classes are package-private in their own packages; picocli's own factory does the same.
        withTerminal.setAccessible(true);
        return withTerminal.newInstance(terminal);
    }
}
