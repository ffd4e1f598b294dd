package org.vmbussim.bench.e2e;

/** Closes what a benchmark started, in order, each even when an earlier one fails. */
final class Closeables {
    private Closeables() {
    }

    /**
     * Closes each resource in turn, skipping nulls; the first failure is thrown after all were tried, later ones
     * are attached to it as suppressed.
     *
     * @param resources in the order to close them (clients before servers before stores)
     */
    static void closeAll(final AutoCloseable... resources) {
        RuntimeException failure = null;
        for (final AutoCloseable r : resources) {
            if (r == null) {
                continue;
            }
            try {
                r.close();
            } catch (final Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException re ? re : new IllegalStateException("closing " + r, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
