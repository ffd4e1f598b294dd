package org.vmbussim.core.devfs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

/**
 * The {@code /dev} of one simulated guest. A driver registers a node under a base name and gets the
 * first free name of the series ({@code azure_blob}, then {@code azure_blob1}, {@code azure_blob2},
 * ...), so several devices of one driver coexist. Processes open nodes by path. Thread-safe; one
 * instance per guest, never static.
 */
public final class Devfs {
    /** The directory nodes appear in. */
    public static final String DEV = "/dev/";

    private final Map<String, FileOperations> nodes = new TreeMap<>();

    /**
     * Registers a node.
     *
     * @param baseName the name without a number, e.g. {@code azure_blob}
     * @param ops      what opening it does
     * @return the full path given, e.g. {@code /dev/azure_blob1}
     */
    public synchronized String register(final String baseName, final FileOperations ops) {
        Objects.requireNonNull(ops, "ops");
        if (baseName.isEmpty() || baseName.contains("/")) {
            throw new IllegalArgumentException("baseName=\"" + baseName + "\" (expected: a non-empty file name)");
        }
        for (int i = 0; ; i++) {
            final String path = DEV + baseName + (i == 0 ? "" : Integer.toString(i));
            if (!nodes.containsKey(path)) {
                nodes.put(path, ops);
                return path;
            }
        }
    }

    /**
     * Removes a node; open handles keep working until the driver fails them.
     *
     * @param path the path {@link #register} returned
     * @return whether it was registered
     */
    public synchronized boolean unregister(final String path) {
        return nodes.remove(path) != null;
    }

    /**
     * The registered paths, sorted.
     *
     * @return the paths
     */
    public synchronized List<String> list() {
        return new ArrayList<>(nodes.keySet());
    }

    /**
     * {@code open(path, flags)} by a task. The handle is closed when the task's process exits.
     *
     * @param opener the opening task
     * @param path   e.g. {@code /dev/azure_blob}
     * @param flags  {@link OpenFlags}
     * @return the handle
     * @throws ErrnoException {@code ENOENT} for no such node, or the driver's errno
     */
    public FileHandle open(final SimProcess opener, final String path, final int flags) {
        final FileOperations ops;
        synchronized (this) {
            ops = nodes.get(path);
        }
        if (ops == null) {
            throw new ErrnoException(Errno.ENOENT, path + ": no such device node (have: " + list() + ")");
        }
        final FileHandle handle = new FileHandle(path, opener, flags, ops.open(opener, flags));
        try {
            opener.onExit(handle::close);
        } catch (final ErrnoException e) {
            handle.close(); // the process exited while opening: release at once
            throw e;
        }
        return handle;
    }
}
