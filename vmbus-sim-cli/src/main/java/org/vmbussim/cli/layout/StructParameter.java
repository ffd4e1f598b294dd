package org.vmbussim.cli.layout;

import java.util.List;
import org.vmbussim.cli.BadArgumentException;
import org.vmbussim.wire.FieldValues;
import org.vmbussim.wire.LayoutRegistry;
import org.vmbussim.wire.StructLayout;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code STRUCT} parameter the {@code layout} commands share (a picocli mixin), and the turning of
 * their arguments into a struct and its values: a bad name or value becomes a {@link BadArgumentException}
 * that names the problem and the valid choices.
 */
final class StructParameter {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Parameters(index = "0", paramLabel = "STRUCT", completionCandidates = StructNames.class,
            description = "The struct's C name, one of: ${COMPLETION-CANDIDATES}.")
    private String structName;

    /**
     * The command that has this parameter, for its errors.
     *
     * @return the command line
     */
    CommandLine commandLine() {
        return command.commandLine();
    }

    /**
     * Finds the struct named on the command line among those on the class path.
     *
     * @return the layout
     * @throws BadArgumentException naming the known structs
     */
    StructLayout layout() {
        try {
            return LayoutRegistry.discover().get(structName);
        } catch (final IllegalArgumentException e) {
            throw new BadArgumentException(commandLine(), e.getMessage(), e);
        }
    }

    /**
     * Parses {@code field=value} arguments into values of a struct, each value by its field's
     * {@link org.vmbussim.wire.FieldKind}; fields not given stay zero.
     *
     * @param layout      the struct
     * @param assignments the arguments
     * @return the values
     * @throws BadArgumentException for a malformed assignment, an unknown field, a field given twice or a
     *                              value its field cannot hold
     */
    FieldValues values(final StructLayout layout, final List<String> assignments) {
        final FieldValues values = layout.newValues();
        for (final String assignment : assignments) {
            final int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new BadArgumentException(commandLine(), "\"" + assignment + "\" is not FIELD=VALUE (fields of "
                        + layout.name() + ": " + fieldNames(layout) + ")", null);
            }
            final String name = assignment.substring(0, eq);
            if (values.isSet(name)) {
                throw new BadArgumentException(commandLine(), layout.name() + "." + name + ": given twice", null);
            }
            try {
                values.setText(name, assignment.substring(eq + 1));
            } catch (final IllegalArgumentException e) {
                throw new BadArgumentException(commandLine(), e.getMessage(), e);
            }
        }
        return values;
    }

    private static String fieldNames(final StructLayout layout) {
        final StringBuilder sb = new StringBuilder();
        layout.fields().forEach(f -> sb.append(sb.length() == 0 ? "" : ", ").append(f.name()));
        return sb.toString();
    }
}
