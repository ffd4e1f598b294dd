/**
 * End-to-end JMH benchmarks through the whole stack (client library → VSC → VMBus ring → VSP → in-memory store →
 * completion → client), each beside its anchor in the same run: the same requests as REST over loopback HTTP to
 * the same kind of store, and a direct-to-direct memory copy of the same size. {@link
 * org.vmbussim.bench.e2e.FastPathStack} and {@link org.vmbussim.bench.e2e.HttpStack} build the two ways in;
 * {@link org.vmbussim.bench.e2e.ProcessCpuProfiler} adds CPU time per request. build/run-benchmarks.sh runs the
 * suite and writes docs/benchmarks.md.
 */
package org.vmbussim.bench.e2e;
