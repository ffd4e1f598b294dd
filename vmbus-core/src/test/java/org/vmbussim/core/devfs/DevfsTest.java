package org.vmbussim.core.devfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.process.Credentials;
import org.vmbussim.core.process.ProcessTable;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

class DevfsTest {
    private final ProcessTable processes = new ProcessTable(GuestMemory.builder().pageCount(64).build());
    private final AtomicInteger releases = new AtomicInteger();
    private final FileOperations echo = (opener, flags) -> new OpenFile() {
        @Override
        public long ioctl(final SimProcess caller, final int command, final long arg) {
            if (command == 0) {
                throw new ErrnoException(Errno.ENOTTY, "unknown command");
            }
            return arg + command;
        }

        @Override
        public void release() {
            releases.incrementAndGet();
        }
    };

    @Test
    void shouldNumberNodesOfOneSeries() {
        final Devfs devfs = new Devfs();
        assertEquals("/dev/azure_blob", devfs.register("azure_blob", echo));
        assertEquals("/dev/azure_blob1", devfs.register("azure_blob", echo));
        devfs.unregister("/dev/azure_blob");
        assertEquals("/dev/azure_blob", devfs.register("azure_blob", echo));
        assertEquals(List.of("/dev/azure_blob", "/dev/azure_blob1"), devfs.list());
    }

    @Test
    void shouldRouteIoctlsAndRefuseForeignOrClosedUse() throws Exception {
        final Devfs devfs = new Devfs();
        final String path = devfs.register("azure_blob", echo);
        final SimProcess owner = processes.spawn(Credentials.of(1000, 1000));
        final SimProcess other = processes.spawn(Credentials.of(1000, 1000));
        final FileHandle handle = devfs.open(owner, path, OpenFlags.O_RDWR);
        assertEquals(12, handle.ioctl(owner, 2, 10));
        assertEquals(12, handle.ioctl(owner.spawnThread(), 2, 10));
        assertEquals(Errno.EBADF, assertThrows(ErrnoException.class, () -> handle.ioctl(other, 2, 10)).errno());
        assertEquals(Errno.ENOTTY, assertThrows(ErrnoException.class, () -> handle.ioctl(owner, 0, 10)).errno());
        assertEquals(7L, handle.submit(owner, 3, 4).get());
        final ExecutionException async = assertThrows(ExecutionException.class,
                () -> handle.submit(other, 3, 4).get());
        assertEquals(Errno.EBADF, ((ErrnoException) async.getCause()).errno());
        handle.close();
        handle.close();
        assertEquals(1, releases.get());
        assertFalse(handle.isOpen());
        assertEquals(Errno.EBADF, assertThrows(ErrnoException.class, () -> handle.ioctl(owner, 2, 10)).errno());
        assertEquals(Errno.ENOENT, assertThrows(ErrnoException.class,
                () -> devfs.open(owner, "/dev/nope", OpenFlags.O_RDWR)).errno());
    }

    @Test
    void shouldCloseHandlesWhenTheProcessExits() {
        final Devfs devfs = new Devfs();
        final String path = devfs.register("azure_blob", echo);
        final SimProcess owner = processes.spawn(Credentials.of(0, 0));
        final FileHandle a = devfs.open(owner, path, OpenFlags.O_RDWR | OpenFlags.O_NONBLOCK);
        devfs.open(owner, path, OpenFlags.O_RDWR);
        owner.exit();
        assertEquals(2, releases.get());
        assertFalse(a.isOpen());
        assertEquals(true, OpenFlags.isNonBlocking(a.flags()));
    }
}
