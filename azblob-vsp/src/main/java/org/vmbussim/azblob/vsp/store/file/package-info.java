/**
 * The durable file-store persistence: a directory that survives restarts, with every change made
 * atomic by temporary file, fsync, rename and directory fsync. See {@link
 * org.vmbussim.azblob.vsp.store.file.FilePersistence} for the layout and the crash rules.
 */
package org.vmbussim.azblob.vsp.store.file;
