package org.vmbussim.cli.layout;

import java.util.List;
import org.vmbussim.cli.BadArgumentException;
import org.vmbussim.wire.FieldValues;
import org.vmbussim.wire.LayoutRegistry;
import org.vmbussim.wire.StructLayout;
import picocli.CommandLine;

/**
 * Turns the {@code layout} commands' arguments into a struct and its values, reporting a bad name or
 * value as a {@link BadArgumentException} that names the problem and the valid choices.
 */
final class StructArguments {

    private StructArguments() {
    }

    /**
     * Finds a struct by C name.
     *
     * @param cmd      the command, for the error
     * @param registry the structs on the class path
     * @param cName    the name given
     * @return the layout
     * @throws BadArgumentException naming the known structs
     */
    static StructLayout struct(final CommandLine cmd, final LayoutRegistry registry, final String cName) {
        try {
            return registry.get(cName);
        } catch (final IllegalArgumentException e) {
            throw new BadArgumentException(cmd, e.getMessage(), e);
        }
    }

    /**
     * Parses {@code field=value} arguments into values of a struct, each value by its field's
     * {@link org.vmbussim.wire.FieldKind}; fields not given stay zero.
     *
     * @param cmd         the command, for the error
     * @param layout      the struct
     * @param assignments the arguments
     * @return the values
     * @throws BadArgumentException for a malformed assignment, an unknown field, a field given twice or a
     *                              value its field cannot hold
     */
    static FieldValues values(final CommandLine cmd, final StructLayout layout, final List<String> assignments) {
        final FieldValues values = layout.newValues();
        for (final String assignment : assignments) {
            final int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new BadArgumentException(cmd, "\"" + assignment + "\" is not FIELD=VALUE (fields of "
                        + layout.name() + ": " + fieldNames(layout) + ")", null);
            }
            final String name = assignment.substring(0, eq);
            if (values.isSet(name)) {
                throw new BadArgumentException(cmd, layout.name() + "." + name + ": given twice", null);
            }
            try {
                values.setText(name, assignment.substring(eq + 1));
            } catch (final IllegalArgumentException e) {
                throw new BadArgumentException(cmd, e.getMessage(), e);
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
