package org.vmbussim.azblob.vsp.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Parses the Put Block List body: a BlockList element holding Latest, Committed and Uncommitted
 * elements, each with a block id.
 * The body comes from the guest: DTDs, external entities and XInclude are refused, so a hostile body
 * cannot read host files or expand entities.
 */
final class BlockListXml {
    /** Which list a Put Block List entry names. */
    enum Kind { LATEST, COMMITTED, UNCOMMITTED }

    /** One entry of the requested list. */
    record Entry(Kind kind, String blockId) {
    }

    private BlockListXml() {
    }

    static List<Entry> parse(final byte[] body, final int maxEntries) throws StorageException {
        final Document doc;
        try {
            final DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            final DocumentBuilder builder = f.newDocumentBuilder();
            // The default handler prints parse errors to stderr; a silent one only throws.
            builder.setErrorHandler(new DefaultHandler());
            doc = builder.parse(new ByteArrayInputStream(body));
        } catch (final SAXException | IOException e) {
            throw StorageErrors.invalidXml();
        } catch (final ParserConfigurationException e) {
            throw new IllegalStateException("XML parser lacks a required safety feature", e);
        }
        final Element root = doc.getDocumentElement();
        if (root == null || !"BlockList".equals(root.getTagName())) {
            throw StorageErrors.invalidXml();
        }
        final List<Entry> entries = new ArrayList<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() != Node.ELEMENT_NODE) {
                continue;
            }
            final Kind kind = switch (((Element) n).getTagName()) {
                case "Latest" -> Kind.LATEST;
                case "Committed" -> Kind.COMMITTED;
                case "Uncommitted" -> Kind.UNCOMMITTED;
                default -> throw StorageErrors.invalidXml();
            };
            if (entries.size() >= maxEntries) {
                throw StorageErrors.invalidBlockList();
            }
            entries.add(new Entry(kind, n.getTextContent().trim()));
        }
        return entries;
    }
}
