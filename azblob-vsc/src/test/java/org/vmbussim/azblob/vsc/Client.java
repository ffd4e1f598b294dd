package org.vmbussim.azblob.vsc;

import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.vmbussim.core.devfs.FileHandle;
import org.vmbussim.core.memory.HvPage;
import org.vmbussim.core.process.AddressSpace;
import org.vmbussim.core.process.Protection;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.uapi.AzBlobRequestSync;
import org.vmbussim.uapi.Ioctl;
import org.vmbussim.wire.Guid;

/** A simulated user process with the device open: builds requests in its own memory and issues them. */
final class Client {
    final SimProcess process;
    final FileHandle handle;

    Client(final SimProcess process, final FileHandle handle) {
        this.process = process;
        this.handle = handle;
    }

    AddressSpace space() {
        return process.addressSpace();
    }

    /** Maps zeroed read-write memory. */
    long map(final long bytes) {
        return space().mmap(bytes, Protection.READ_WRITE);
    }

    /** A request with fresh buffers: request 64 bytes (patterned), response 256, no data, timeout 1 s. */
    Spec spec(final Random random) {
        return new Spec(random);
    }

    /** Writes the struct into fresh memory and returns its address. */
    long place(final AzBlobRequestSync sync) {
        final long va = map(HvPage.PAGE_SIZE);
        sync.write(space(), va);
        return va;
    }

    long ioctl(final long structVa) {
        return handle.ioctl(process, Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST, structVa);
    }

    CompletableFuture<Long> submit(final long structVa) {
        return handle.submit(process, Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST, structVa);
    }

    AzBlobRequestSync read(final long structVa) {
        return AzBlobRequestSync.read(space(), structVa);
    }

    static Guid randomGuid(final Random random) {
        final byte[] b = new byte[Guid.LENGTH];
        random.nextBytes(b);
        return Guid.fromWire(b);
    }

    /** A request under construction; unset buffers are mapped (page aligned plus the chosen offset) on build. */
    final class Spec {
        Guid guid;
        int timeoutMillis = 1000;
        int requestLen = 64;
        int responseLen = 256;
        int dataLen;
        int dataValid;
        int requestOffset;
        int responseOffset;
        int dataOffset;
        long requestVa;
        long responseVa;
        long dataVa;
        private final Random random;

        Spec(final Random random) {
            this.random = random;
            this.guid = randomGuid(random);
        }

        Spec guid(final Guid value) {
            guid = value;
            return this;
        }

        Spec timeout(final int millis) {
            timeoutMillis = millis;
            return this;
        }

        Spec request(final int length, final int offsetInPage) {
            requestLen = length;
            requestOffset = offsetInPage;
            return this;
        }

        Spec response(final int length, final int offsetInPage) {
            responseLen = length;
            responseOffset = offsetInPage;
            return this;
        }

        Spec data(final int length, final int valid, final int offsetInPage) {
            dataLen = length;
            dataValid = valid;
            dataOffset = offsetInPage;
            return this;
        }

        Spec at(final long request, final long response, final long data) {
            requestVa = request;
            responseVa = response;
            dataVa = data;
            return this;
        }

        /** Maps what is missing, fills the request buffer and the valid data with a pattern. */
        AzBlobRequestSync build() {
            if (requestVa == 0) {
                requestVa = map(span(requestOffset, requestLen)) + requestOffset;
                final byte[] head = new byte[requestLen];
                random.nextBytes(head);
                space().putBytes(requestVa, head);
            }
            if (responseVa == 0) {
                responseVa = map(span(responseOffset, responseLen)) + responseOffset;
            }
            if (dataVa == 0 && dataLen != 0) {
                dataVa = map(span(dataOffset, dataLen)) + dataOffset;
                final byte[] body = new byte[dataValid];
                random.nextBytes(body);
                space().putBytes(dataVa, body);
            }
            return new AzBlobRequestSync(guid, timeoutMillis, requestLen, responseLen, dataLen, dataValid, requestVa,
                    responseVa, dataVa, 0, 0);
        }

        /** Builds and places the struct. */
        long place() {
            return Client.this.place(build());
        }

        private long span(final int offset, final int length) {
            return Math.max(1, Integer.toUnsignedLong(length) + offset);
        }
    }
}
