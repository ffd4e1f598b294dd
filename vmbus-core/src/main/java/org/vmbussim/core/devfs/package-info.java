/**
 * A per-guest device file system: drivers register character-device nodes (as {@code misc_register}
 * does), simulated processes open them by path and issue ioctls through file handles they own.
 */
package org.vmbussim.core.devfs;
