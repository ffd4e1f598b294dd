package org.vmbussim.testfixtures.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.vmbussim.mgmt.scenario.ScenarioParser;

/** Every shipped scenario replays (twice, identically) to its golden transcript. */
class ShippedScenariosTest {
    /** The source folder, so -Dvmbussim.updateTranscripts=true rewrites the committed goldens. */
    static final Path SOURCE_FOLDER = Path.of("src/main/resources", ScenarioFiles.SHIPPED);

    @TestFactory
    Stream<DynamicTest> shippedScenarios() {
        return ScenarioTests.under(SOURCE_FOLDER);
    }

    @Test
    void theClassPathFolderGivesOneTestPerShippedScenario() {
        assertEquals(ScenarioFiles.shipped().stream().map(s -> ScenarioParser.nameOf(s.source())).toList(),
                ScenarioTests.under(ScenarioFiles.SHIPPED).map(DynamicTest::getDisplayName).toList());
    }

    @Test
    void theClassPathCopyIsTheSourceFolderAndEveryScenarioHasAGolden() throws IOException {
        final List<ScenarioSource> onDisk = ScenarioFiles.under(SOURCE_FOLDER);
        final List<ScenarioSource> shipped = ScenarioFiles.shipped();
        assertTrue(shipped.size() >= 12, "at least 12 scenarios ship: " + shipped.size());
        assertEquals(onDisk.stream().map(s -> s.source().substring(SOURCE_FOLDER.toString().length() + 1)).toList(),
                shipped.stream().map(s -> s.source().substring(ScenarioFiles.SHIPPED.length() + 1)).toList());
        for (int i = 0; i < shipped.size(); i++) {
            assertEquals(onDisk.get(i).text(), shipped.get(i).text());
            assertTrue(shipped.get(i).goldenText().isPresent(), shipped.get(i).source() + " has no golden");
            assertEquals(onDisk.get(i).golden(), shipped.get(i).golden());
        }
    }
}
