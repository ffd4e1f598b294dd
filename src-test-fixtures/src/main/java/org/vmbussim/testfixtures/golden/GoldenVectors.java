package org.vmbussim.testfixtures.golden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
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
        final TreeMap<String, String> texts = new TreeMap<>();
        try {
            final Enumeration<URL> urls = GoldenVectors.class.getClassLoader().getResources(root);
            while (urls.hasMoreElements()) {
                collect(urls.nextElement(), root, texts);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        final GoldenVectorParser parser = new GoldenVectorParser(registry);
        final List<GoldenVector> out = new ArrayList<>();
        texts.forEach((name, text) -> out.add(parser.parse(name, text)));
        return out;
    }

    private static void collect(final URL url, final String root, final TreeMap<String, String> texts)
            throws IOException {
        if ("file".equals(url.getProtocol())) {
            final Path dir;
            try {
                dir = Paths.get(url.toURI());
            } catch (final URISyntaxException e) {
                throw new IOException(e);
            }
            try (Stream<Path> files = Files.walk(dir)) {
                final List<Path> vecs = files.filter(f -> f.toString().endsWith(".vec")).sorted().toList();
                for (final Path p : vecs) {
                    texts.put(dir.relativize(p).toString().replace('\\', '/'), Files.readString(p));
                }
            }
        } else if ("jar".equals(url.getProtocol())) {
            final JarURLConnection conn = (JarURLConnection) url.openConnection();
            conn.setUseCaches(false);
            try (JarFile jar = conn.getJarFile()) {
                final Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    final JarEntry e = entries.nextElement();
                    if (e.getName().startsWith(root + "/") && e.getName().endsWith(".vec")) {
                        try (InputStream in = jar.getInputStream(e)) {
                            texts.put(e.getName().substring(root.length() + 1),
                                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
                        }
                    }
                }
            }
        }
    }
}
