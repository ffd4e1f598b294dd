package org.vmbussim.core.devfs;

import org.vmbussim.core.process.SimProcess;
import org.vmbussim.uapi.ErrnoException;

/**
 * What a driver provides for one device node ({@code struct file_operations}): how to open it. The
 * driver decides what an open file holds (the opener's credentials, its pending requests).
 */
@FunctionalInterface
public interface FileOperations {

    /**
     * Opens the node for a task.
     *
     * @param opener the opening task
     * @param flags  open flags ({@link OpenFlags})
     * @return the driver's state for the open file
     * @throws ErrnoException when the open fails (e.g. {@code ENODEV} for a device being removed)
     */
    OpenFile open(SimProcess opener, int flags);
}
