package org.vmbussim.cli.layout;

import picocli.CommandLine.Command;

/**
 * {@code vmbus-sim layout}: groups the dissector's subcommands; it does nothing by itself.
 */
@Command(name = "layout",
        description = {
            "Encode and decode the wire structs the project knows, by their C names.",
            "Fields use their C names (nested ones dotted, as in response.status); integers are decimal or 0x-hex, "
                    + "GUIDs {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}, arrays 1,2,3, bytes hex digits.",
        },
        subcommands = {
            LayoutListCommand.class,
            LayoutEncodeCommand.class,
            LayoutDecodeCommand.class,
        })
public final class LayoutCommand {

    /**
     * Creates the command.
     */
    public LayoutCommand() {
    }
}
