package org.vmbussim.cli.layout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.vmbussim.cli.BadArgumentException;
import org.vmbussim.cli.ExitCode;
import org.vmbussim.cli.term.Terminal;
import org.vmbussim.wire.ByteArrayRegion;
import org.vmbussim.wire.FieldKind;
import org.vmbussim.wire.HexDump;
import org.vmbussim.wire.MemoryAccessException;
import org.vmbussim.wire.StructLayout;
import org.vmbussim.wire.WireFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code vmbus-sim layout decode STRUCT HEX}: the field values in some bytes, one {@code field=value}
 * line each, in the text forms {@code layout encode} accepts.
 */
@Command(name = "decode",
        description = {
            "Decode bytes as a struct and print one FIELD=VALUE line per field, in the forms 'layout encode' accepts.",
            "Bytes beyond the struct are not decoded; a note on standard error says how many there were.",
        })
final class LayoutDecodeCommand implements Callable<Integer> {
    /** Most hex text read from standard input: far beyond any struct, short of exhausting memory. */
    static final int MAX_STDIN_CHARS = 16 << 20;
    /** Most trailing bytes the note about them shows. */
    static final int MAX_TRAILING_BYTES_SHOWN = 32;
    /** Longest hex text quoted in an error message. */
    static final int MAX_QUOTED_CHARS = 80;

    private final Terminal terminal;

    @Mixin
    private StructParameter struct;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "HEX",
            description = "The bytes as hex digits, with or without spaces; '-' reads them from standard input.")
    private List<String> hex;

    LayoutDecodeCommand(final Terminal terminal) {
        this.terminal = Objects.requireNonNull(terminal, "terminal");
    }

    @Override
    public Integer call() {
        final StructLayout layout = struct.layout();
        final byte[] bytes = bytes(hex.equals(List.of("-")) ? readStandardInput() : String.join(" ", hex));
        final StructLayout.Decoded decoded;
        try {
            decoded = layout.decode(ByteArrayRegion.wrap(bytes), 0, bytes.length);
        } catch (final WireFormatException | MemoryAccessException e) {
            throw new BadArgumentException(struct.commandLine(), "HEX: " + e.getMessage(), e);
        }
        terminal.out().print(decoded.values());
        final int trailing = bytes.length - decoded.consumed();
        if (trailing > 0) {
            final int shown = Math.min(trailing, MAX_TRAILING_BYTES_SHOWN);
            terminal.err().println(String.format("note: %d trailing bytes after the %d-byte %s, not decoded: %s%s",
                    trailing, decoded.consumed(), layout.name(),
                    HexDump.toHex(Arrays.copyOfRange(bytes, decoded.consumed(), decoded.consumed() + shown)),
                    shown < trailing ? "..." : ""));
        }
        return ExitCode.OK;
    }

    private byte[] bytes(final String text) {
        try {
            return (byte[]) FieldKind.BYTES.parse(text);
        } catch (final IllegalArgumentException e) {
            // The message quotes the text; past a line's worth, say only what was wrong with it.
            final String why = text.length() <= MAX_QUOTED_CHARS || e.getCause() == null ? e.getMessage()
                    : "not hex bytes (" + e.getCause().getMessage() + ")";
            throw new BadArgumentException(struct.commandLine(), "HEX: " + why, e);
        }
    }

    private String readStandardInput() {
        final byte[] input;
        try {
            input = terminal.in().readNBytes(MAX_STDIN_CHARS + 1);
        } catch (final IOException e) {
            throw new UncheckedIOException("reading hex from standard input", e);
        }
        if (input.length > MAX_STDIN_CHARS) {
            throw new BadArgumentException(struct.commandLine(), "HEX: more than " + MAX_STDIN_CHARS
                    + " characters on standard input", null);
        }
        return new String(input, StandardCharsets.US_ASCII);
    }
}
