package org.vmbussim.testfixtures.golden;

import java.util.ArrayList;
import java.util.List;
import org.vmbussim.testfixtures.ClassPathFolder;
import org.vmbussim.wire.LayoutRegistry;

/**
 * Finds every {@code *.vec} resource below a class-path folder (in directories and jars alike) and
 * parses it. Vectors shipped here live below {@code golden/}; users can keep their own elsewhere.
 */
public final class GoldenVectors {
    /** The class-path folder of the vectors shipped with vmbus-sim. */
    public static final String ROOT = "golden";

    private GoldenVectors() {
    }

    /**
     * Loads all vectors below {@link #ROOT} with every layout on the class path.
     *
     * @return the vectors, sorted by name
     */
    public static List<GoldenVector> loadAll() {
        return load(ROOT, LayoutRegistry.discover());
    }

    /**
     * Loads all vectors below a class-path folder.
     *
     * @param root     the folder, e.g. {@code golden}
     * @param registry the structs vectors may name
     * @return the vectors, sorted by name
     */
    public static List<GoldenVector> load(final String root, final LayoutRegistry registry) {
        final GoldenVectorParser parser = new GoldenVectorParser(registry);
        final List<GoldenVector> out = new ArrayList<>();
        ClassPathFolder.read(root, GoldenVectors.class.getClassLoader(), name -> name.endsWith(".vec"))
                .forEach((name, text) -> out.add(parser.parse(name, text)));
        return out;
    }
}
