package org.vmbussim.testfixtures;

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
import java.util.Enumeration;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Reads the text files below a class-path folder, whether the folder is a directory (a build's output) or
 * inside jars (a dependency, the CLI's runnable jar): golden vectors, scenarios and their transcripts.
 */
public final class ClassPathFolder {

    private ClassPathFolder() {
    }

    /**
     * Every wanted file below a folder, in every class-path entry that has the folder; where two entries have the
     * same file, the first on the class path wins, as for classes.
     *
     * @param root   the folder, e.g. {@code golden}, without a trailing slash
     * @param loader the class loader to search (a jar is found by its directory entry for the folder)
     * @param wanted which files to read, by their path below the folder ({@code a/b.vec})
     * @return path below the folder (with {@code /}) to UTF-8 text, sorted by path
     * @throws UncheckedIOException when a file or jar cannot be read
     */
    public static SortedMap<String, String> read(final String root, final ClassLoader loader,
            final Predicate<String> wanted) {
        final SortedMap<String, String> texts = new TreeMap<>();
        try {
            final Enumeration<URL> urls = loader.getResources(root);
            while (urls.hasMoreElements()) {
                collect(urls.nextElement(), root, wanted, texts);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("reading class-path folder " + root, e);
        }
        return texts;
    }

    private static void collect(final URL url, final String root, final Predicate<String> wanted,
            final SortedMap<String, String> texts) throws IOException {
        if ("file".equals(url.getProtocol())) {
            final Path dir;
            try {
                dir = Paths.get(url.toURI());
            } catch (final URISyntaxException e) {
                throw new IOException(e);
            }
            final List<Path> files;
            try (Stream<Path> walk = Files.walk(dir)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (final Path p : files) {
                final String name = dir.relativize(p).toString().replace('\\', '/');
                if (wanted.test(name)) {
                    texts.putIfAbsent(name, Files.readString(p, StandardCharsets.UTF_8));
                }
            }
        } else if ("jar".equals(url.getProtocol())) {
            final JarURLConnection conn = (JarURLConnection) url.openConnection();
            conn.setUseCaches(false);
            try (JarFile jar = conn.getJarFile()) {
                final Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    final JarEntry e = entries.nextElement();
                    if (!e.isDirectory() && e.getName().startsWith(root + "/")
                            && wanted.test(e.getName().substring(root.length() + 1))) {
                        try (InputStream in = jar.getInputStream(e)) {
                            texts.putIfAbsent(e.getName().substring(root.length() + 1),
                                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
                        }
                    }
                }
            }
        }
    }
}
