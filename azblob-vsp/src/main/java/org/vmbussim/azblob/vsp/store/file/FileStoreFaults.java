package org.vmbussim.azblob.vsp.store.file;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A hook the file store calls at every step of every durable write, so tests can inject a crash (by
 * throwing) between any two steps and then check what a restarted store recovers.
 */
@FunctionalInterface
public interface FileStoreFaults {
    /** No faults. */
    FileStoreFaults NONE = (step, file) -> { };

    /** The steps of one atomic file write, and the clean-up after a commit. */
    enum Step {
        /** The temporary file is written but not yet fsynced. */
        BEFORE_FSYNC,
        /** The temporary file is fsynced, not yet renamed into place. */
        BEFORE_RENAME,
        /** The file is renamed into place; its directory is not yet fsynced. */
        BEFORE_DIR_FSYNC,
        /** The directory is fsynced: the write is durable. */
        AFTER_DIR_FSYNC,
        /** A file or directory that a durable commit made garbage is about to be removed. */
        BEFORE_CLEANUP,
    }

    /**
     * Called at a step.
     *
     * @param step the step reached
     * @param file the file (or directory) concerned
     * @throws IOException to simulate a failure or crash at that point
     */
    void at(Step step, Path file) throws IOException;
}
