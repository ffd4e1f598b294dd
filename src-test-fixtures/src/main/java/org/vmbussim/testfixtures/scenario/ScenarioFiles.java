package org.vmbussim.testfixtures.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.vmbussim.mgmt.scenario.ScenarioParser;
import org.vmbussim.testfixtures.ClassPathFolder;

/**
 * Finds scenario files and their golden transcripts: below a folder on disk, or below a class-path folder in
 * directories and jars alike. Results are sorted by name, so replays run in a stable order.
 */
public final class ScenarioFiles {
    /** The class-path folder of the scenarios shipped with vmbus-sim (in src-test-fixtures). */
    public static final String SHIPPED = "scenarios";

    private ScenarioFiles() {
    }

    /**
     * Every {@code *.scenario} file below a folder (recursively), or the file itself when given a file.
     *
     * @param path a folder or a scenario file
     * @return the scenarios, sorted by path
     * @throws IOException when the folder or a file cannot be read
     */
    public static List<ScenarioSource> under(final Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return List.of(file(path));
        }
        final List<Path> files;
        try (Stream<Path> walk = Files.walk(path)) {
            files = walk.filter(p -> p.getFileName().toString().endsWith(ScenarioParser.EXTENSION)
                    && Files.isRegularFile(p)).sorted().toList();
        }
        final List<ScenarioSource> out = new ArrayList<>();
        for (final Path f : files) {
            out.add(file(f));
        }
        return out;
    }

    /**
     * One scenario file and the golden transcript beside it.
     *
     * @param file the file
     * @return the scenario
     * @throws IOException when it cannot be read
     */
    public static ScenarioSource file(final Path file) throws IOException {
        final Path golden = file.resolveSibling(ScenarioSource.goldenNameOf(file.getFileName().toString()));
        return new ScenarioSource(file.toString(), Files.readString(file, StandardCharsets.UTF_8),
                Files.isRegularFile(golden) ? Files.readString(golden, StandardCharsets.UTF_8) : null, golden);
    }

    /**
     * Every {@code *.scenario} resource below a class-path folder, with its golden transcript.
     *
     * @param folder the folder, e.g. {@value #SHIPPED}
     * @param loader the class loader to search
     * @return the scenarios, sorted by their path below the folder; their golden transcripts are not writable
     */
    public static List<ScenarioSource> onClassPath(final String folder, final ClassLoader loader) {
        final String root = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
        final Map<String, String> texts = ClassPathFolder.read(root, loader,
                name -> name.endsWith(ScenarioParser.EXTENSION) || name.endsWith(ScenarioSource.TRANSCRIPT_EXTENSION));
        final List<ScenarioSource> out = new ArrayList<>();
        for (final Map.Entry<String, String> e : texts.entrySet()) {
            if (e.getKey().endsWith(ScenarioParser.EXTENSION)) {
                out.add(new ScenarioSource(root + "/" + e.getKey(), e.getValue(),
                        texts.get(ScenarioSource.goldenNameOf(e.getKey())), null));
            }
        }
        return out;
    }

    /**
     * The scenarios shipped with vmbus-sim.
     *
     * @return the scenarios below {@value #SHIPPED} on the class path of this library
     */
    public static List<ScenarioSource> shipped() {
        return onClassPath(SHIPPED, ScenarioFiles.class.getClassLoader());
    }
}
