package org.vmbussim.mgmt.testing;

import java.util.ArrayList;
import java.util.List;
import org.vmbussim.mgmt.spi.ChannelDataPath;
import org.vmbussim.mgmt.spi.ChannelDataPathFactory;
import org.vmbussim.mgmt.spi.DataPathSpec;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

/** A data-path factory that records what it opened and checks each path is closed exactly once. */
public final class RecordingDataPaths implements ChannelDataPathFactory {
    private final List<Path> opened = new ArrayList<>();
    private int refuseNext;

    @Override
    public ChannelDataPath open(final DataPathSpec spec) {
        if (refuseNext > 0) {
            refuseNext--;
            throw new ErrnoException(Errno.ENOMEM, "test: data path refused");
        }
        final Path p = new Path(spec);
        opened.add(p);
        return p;
    }

    /**
     * Makes the next opens throw ENOMEM.
     *
     * @param count how many
     */
    public void refuseNext(final int count) {
        refuseNext = count;
    }

    /**
     * Every path opened so far.
     *
     * @return the paths
     */
    public List<Path> opened() {
        return opened;
    }

    /**
     * Paths open now.
     *
     * @return the count
     */
    public long openNow() {
        return opened.stream().filter(p -> !p.closed).count();
    }

    /** One recorded data path. */
    public static final class Path implements ChannelDataPath {
        private final DataPathSpec spec;
        private boolean closed;

        private Path(final DataPathSpec spec) {
            this.spec = spec;
        }

        @Override
        public void close() {
            if (closed) {
                throw new AssertionError("closed twice: " + spec);
            }
            closed = true;
        }

        /**
         * The spec it was opened with.
         *
         * @return the spec
         */
        public DataPathSpec spec() {
            return spec;
        }

        /**
         * Whether it was closed.
         *
         * @return true after close
         */
        public boolean isClosed() {
            return closed;
        }
    }
}
