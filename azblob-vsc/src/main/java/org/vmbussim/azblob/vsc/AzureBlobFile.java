package org.vmbussim.azblob.vsc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.vmbussim.core.devfs.OpenFile;
import org.vmbussim.core.devfs.OpenFlags;
import org.vmbussim.core.process.Credentials;
import org.vmbussim.core.process.SimProcess;

/**
 * One open file of an Azure Blob device node (the seed's {@code az_blob_file_ctx}): the opener, the
 * opener's credentials object as it was at open (Linux {@code file->f_cred}), the open flags, and the
 * requests of this file the host still holds. Calls are passed to the {@link AzureBlobDevice}.
 *
 * <p>The request set is guarded by this object's monitor (lock order: tracker lock, then this).
 */
final class AzureBlobFile implements OpenFile {
    private final AzureBlobDevice device;
    private final SimProcess opener;
    private final Credentials openCredentials;
    private final int flags;
    /** Requests admitted through this file and not yet DONE, in admission order. Guarded by this. */
    /**
     * The file's requests in flight, in admission order; each is added once. A list, not a linked set: a file has
     * few requests in flight (the ring bounds them), so a linear remove is cheaper than a node per request.
     * Guarded by this.
     */
    private final List<UserRequest> requests = new ArrayList<>();
    /** Guarded by this. */
    private boolean released;

    AzureBlobFile(final AzureBlobDevice device, final SimProcess opener, final int flags) {
        this.device = device;
        this.opener = opener;
        this.openCredentials = opener.credentials();
        this.flags = flags;
    }

    @Override
    public long ioctl(final SimProcess caller, final int command, final long arg) {
        return device.ioctl(this, caller, command, arg);
    }

    @Override
    public CompletableFuture<Long> submit(final SimProcess caller, final int command, final long arg) {
        return device.submit(this, caller, command, arg);
    }

    @Override
    public void release() {
        device.release(this);
    }

    SimProcess opener() {
        return opener;
    }

    /** The credentials at open, compared by identity with the caller's (Linux {@code f_cred == current_cred()}). */
    Credentials openCredentials() {
        return openCredentials;
    }

    boolean isNonBlocking() {
        return OpenFlags.isNonBlocking(flags);
    }

    synchronized void add(final UserRequest request) {
        requests.add(request);
    }

    /**
     * Forgets a finished request.
     *
     * @return true when the file is released and has no request left (the device may drop it)
     */
    synchronized boolean remove(final UserRequest request) {
        requests.remove(request);
        return released && requests.isEmpty();
    }

    /**
     * Marks the file released.
     *
     * @return true when no request is left (the device may drop it now)
     */
    synchronized boolean markReleased() {
        released = true;
        return requests.isEmpty();
    }

    synchronized boolean isReleased() {
        return released;
    }

    /** The requests the host still holds, in admission order. */
    synchronized List<UserRequest> requests() {
        return new ArrayList<>(requests);
    }

    @Override
    public String toString() {
        return "AzureBlobFile[pid " + opener.tgid() + "]";
    }
}
