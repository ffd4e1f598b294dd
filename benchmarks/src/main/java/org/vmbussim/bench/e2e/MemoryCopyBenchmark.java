package org.vmbussim.bench.e2e;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The physical limit for moving a payload: one {@code ByteBuffer.put} from a direct buffer into another direct
 * buffer of the same size (PERFORMANCE.md's memory-copy anchor). Copies per second times the size is the copy
 * bandwidth the 1 MiB GET is compared with.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class MemoryCopyBenchmark {
    /** Bytes per copy (the end-to-end payload sizes). */
    @Param({"4096", "65536", "1048576"})
    public int sizeBytes;

    private ByteBuffer source;
    private ByteBuffer destination;

    /** Allocates and fills the buffers. */
    @Setup
    public void setUp() {
        source = ByteBuffer.allocateDirect(sizeBytes);
        source.put(BlobWorkload.payload(sizeBytes)).flip();
        destination = ByteBuffer.allocateDirect(sizeBytes);
    }

    /**
     * One copy of the whole payload.
     *
     * @return a byte of the destination, so the copy is not dead code
     */
    @Benchmark
    public byte copy() {
        source.rewind();
        destination.clear();
        destination.put(source);
        return destination.get(sizeBytes - 1);
    }
}
