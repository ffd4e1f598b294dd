package org.vmbussim.cli.layout;

import java.util.Iterator;
import org.vmbussim.wire.LayoutRegistry;

/**
 * The C names of the structs on the class path, for picocli's {@code ${COMPLETION-CANDIDATES}} in the
 * usage help of the commands that take a struct name.
 */
final class StructNames implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        return LayoutRegistry.discover().layouts().keySet().iterator();
    }
}
