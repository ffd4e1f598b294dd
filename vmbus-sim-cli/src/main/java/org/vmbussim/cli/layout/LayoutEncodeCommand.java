package org.vmbussim.cli.layout;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.vmbussim.cli.ExitCode;
import org.vmbussim.cli.term.Terminal;
import org.vmbussim.wire.FieldValues;
import org.vmbussim.wire.HexDump;
import org.vmbussim.wire.StructLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vmbus-sim layout encode STRUCT field=value …}: the bytes of a struct with the given field
 * values (the rest zero), as an annotated dump or, with {@code --raw}, one line of hex.
 */
@Command(name = "encode",
        description = "Encode a struct from field values (fields not given are 0) and print an annotated hex dump: "
                + "each field's offset, size, name, value and bytes.")
final class LayoutEncodeCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Mixin
    private StructParameter struct;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "FIELD=VALUE",
            description = "A field's value by its C name, e.g. timeout=5 or response.status=0x1.")
    private List<String> assignments = new ArrayList<>();

    @Option(names = "--raw", description = "Print only the bytes, as one line of lower-case hex.")
    private boolean raw;

    LayoutEncodeCommand(final Terminal terminal) {
        this.terminal = Objects.requireNonNull(terminal, "terminal");
    }

    @Override
    public Integer call() {
        final StructLayout layout = struct.layout();
        final FieldValues values = struct.values(layout, assignments);
        final byte[] bytes = layout.encode(values);
        if (raw) {
            terminal.out().println(HexDump.toHex(bytes));
        } else {
            terminal.out().print(AnnotatedDump.render(values, bytes));
        }
        return ExitCode.OK;
    }
}
