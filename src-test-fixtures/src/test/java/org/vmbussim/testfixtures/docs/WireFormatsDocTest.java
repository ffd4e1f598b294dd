package org.vmbussim.testfixtures.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.vmbussim.wire.LayoutRegistry;

class WireFormatsDocTest {

    @Test
    void committedWireFormatsMatchTheLayoutClasses() throws IOException {
        final Path doc = Paths.get("").toAbsolutePath().getParent().resolve(WireFormatsMarkdown.PATH);
        final String rendered = WireFormatsMarkdown.render(LayoutRegistry.discover());
        if (Boolean.getBoolean("vmbussim.updateDocs")) {
            Files.writeString(doc, rendered);
        }
        final String committed = Files.exists(doc) ? Files.readString(doc) : "";
        assertEquals(rendered, committed, WireFormatsMarkdown.PATH + " drifted from the *Layout classes; regenerate it "
                + "with -Dvmbussim.updateDocs=true (command at the top of the file)");
    }
}
