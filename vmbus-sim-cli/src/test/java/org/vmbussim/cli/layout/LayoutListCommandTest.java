package org.vmbussim.cli.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.vmbussim.cli.CliHarness;
import org.vmbussim.cli.ExitCode;
import org.vmbussim.wire.LayoutCatalog;
import org.vmbussim.wire.LayoutRegistry;
import org.vmbussim.wire.StructLayout;

class LayoutListCommandTest {

    @Test
    void listsEveryRegisteredStructUnderItsCatalogWithSizeAndDoc() {
        final CliHarness.Result r = CliHarness.run("layout", "list");
        assertEquals(ExitCode.OK, r.exitCode(), r::describe);
        assertEquals("", r.err());
        final List<String> lines = r.out().lines().toList();
        final LayoutRegistry registry = LayoutRegistry.discover();
        int at = 0;
        for (final LayoutCatalog catalog : registry.catalogs()) {
            while (lines.get(at).isEmpty()) {
                at++;
            }
            assertEquals(catalog.title(), lines.get(at++), r::describe);
            for (final StructLayout l : catalog.layouts()) {
                final String size = l.fixedLength() + (l.isVariableLength() ? "+n" : "");
                assertTrue(lines.get(at).matches("  " + Pattern.quote(l.name()) + " +" + Pattern.quote(size) + "  "
                        + Pattern.quote(l.doc())), "line " + at + ": " + lines.get(at));
                at++;
            }
        }
        assertEquals(lines.size(), at, r::describe);
    }

    @Test
    void showsTheProjectsStructsAndMarksVariableLengthOnes() {
        final String out = CliHarness.run("layout", "list").out();
        assertTrue(out.contains("uapi: include/uapi/misc/hv_azure_blob.h\n"), out);
        assertTrue(out.matches("(?s).*\n  az_blob_request_sync +72  ioctl argument of /dev/azure_blob.*"), out);
        assertTrue(out.matches("(?s).*\n  az_blob_vsp_request +56  .*"), out);
        assertTrue(out.matches("(?s).*\n  cli_test_pfn_list +8\\+n  test: a counted PFN list\n.*"), out);
    }

    @Test
    void alignsTheSizeColumnAcrossCatalogs() {
        final String out = CliHarness.run("layout", "list").out();
        final int column = out.indexOf("  72  ") + 4;
        final int lineStart = out.lastIndexOf('\n', column) + 1;
        final int sizeEnd = column - lineStart;
        out.lines().filter(l -> l.startsWith("  ")).forEach(l -> {
            final char last = l.charAt(sizeEnd - 1);
            assertTrue(Character.isDigit(last) || last == 'n', l);
            assertEquals(' ', l.charAt(sizeEnd), l);
        });
    }
}
