/**
 * The vmbus-sim command line. {@link org.vmbussim.cli.VmbusSimCli} builds the picocli command tree
 * (every subcommand is registered in one place, {@link org.vmbussim.cli.VmbusSimCommand}) and runs it
 * against a {@link org.vmbussim.cli.term.Terminal}; {@link org.vmbussim.cli.Main} is the process entry
 * point. Exit codes are in {@link org.vmbussim.cli.ExitCode}.
 */
package org.vmbussim.cli;
