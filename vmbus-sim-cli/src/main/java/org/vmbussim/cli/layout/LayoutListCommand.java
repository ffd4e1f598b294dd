package org.vmbussim.cli.layout;

import java.io.PrintWriter;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.vmbussim.cli.ExitCode;
import org.vmbussim.cli.term.Terminal;
import org.vmbussim.wire.LayoutCatalog;
import org.vmbussim.wire.LayoutRegistry;
import org.vmbussim.wire.StructLayout;
import picocli.CommandLine.Command;

/**
 * {@code vmbus-sim layout list}: every struct on the class path with its size and description, grouped
 * by catalog.
 */
@Command(name = "list", description = "List every wire struct: C name, size in bytes (+n: a variable-length "
        + "tail follows), description; grouped by module.")
final class LayoutListCommand implements Callable<Integer> {
    private final Terminal terminal;

    LayoutListCommand(final Terminal terminal) {
        this.terminal = Objects.requireNonNull(terminal, "terminal");
    }

    @Override
    public Integer call() {
        final LayoutRegistry registry = LayoutRegistry.discover();
        if (registry.layouts().isEmpty()) {
            throw new IllegalStateException("no wire structs on the class path (no "
                    + LayoutCatalog.class.getName() + " registered in META-INF/services)");
        }
        int nameWidth = 0;
        int sizeWidth = 0;
        for (final StructLayout l : registry.layouts().values()) {
            nameWidth = Math.max(nameWidth, l.name().length());
            sizeWidth = Math.max(sizeWidth, size(l).length());
        }
        final PrintWriter out = terminal.out();
        boolean first = true;
        for (final LayoutCatalog catalog : registry.catalogs()) {
            if (!first) {
                out.println();
            }
            first = false;
            out.println(catalog.title());
            for (final StructLayout l : catalog.layouts()) {
                out.println(String.format("  %-" + nameWidth + "s  %" + sizeWidth + "s  %s", l.name(), size(l),
                        l.doc()));
            }
        }
        return ExitCode.OK;
    }

    private static String size(final StructLayout layout) {
        return layout.fixedLength() + (layout.isVariableLength() ? "+n" : "");
    }
}
