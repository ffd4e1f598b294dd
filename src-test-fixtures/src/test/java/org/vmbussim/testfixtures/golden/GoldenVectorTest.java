package org.vmbussim.testfixtures.golden;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vmbussim.wire.FieldValues;
import org.vmbussim.wire.LayoutRegistry;

/** Every golden vector on the class path, both directions; and every known struct has at least one. */
class GoldenVectorTest {

    static List<GoldenVector> vectors() {
        return GoldenVectors.loadAll();
    }

    @ParameterizedTest(name = "vector = {0}")
    @MethodSource("vectors")
    void vectorHoldsBothWays(final GoldenVector vector) {
        GoldenVectorCheck.assertHolds(vector);
    }

    @Test
    void everyWireStructHasAGoldenVector() {
        final Set<String> covered = vectors().stream().flatMap(v -> v.segments().stream())
                .map(FieldValues::layout).map(l -> l.name()).collect(Collectors.toSet());
        final Set<String> missing = LayoutRegistry.discover().layouts().keySet().stream()
                .filter(n -> !covered.contains(n)).collect(Collectors.toSet());
        assertTrue(missing.isEmpty(), "wire structs without a golden vector: " + missing);
    }

    @Test
    void harnessReportsAMismatchWithOffsets() {
        final GoldenVector good = vectors().stream().filter(v -> !v.isIoctl()).findFirst().orElseThrow();
        final byte[] corrupted = good.bytes().clone();
        corrupted[corrupted.length - 1] ^= 0x5A;
        final GoldenVector bad = new GoldenVector(good.name(), good.segments(), null, corrupted);
        final List<String> failures = GoldenVectorCheck.check(bad);
        assertFalse(failures.isEmpty());
        assertTrue(failures.get(0).contains("differing offsets: " + (corrupted.length - 1)), failures.get(0));
    }
}
