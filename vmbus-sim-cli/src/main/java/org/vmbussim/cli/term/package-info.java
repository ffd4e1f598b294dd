/**
 * Terminal output for the CLI: the {@link org.vmbussim.cli.term.Terminal} (the streams a command
 * reads and writes, and whether a person is watching), a {@link org.vmbussim.cli.term.ProgressBar}
 * that draws only on an interactive terminal, and a {@link org.vmbussim.cli.term.Table} printer for
 * summary tables.
 */
package org.vmbussim.cli.term;
