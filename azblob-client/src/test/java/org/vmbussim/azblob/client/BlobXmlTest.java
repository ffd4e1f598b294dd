package org.vmbussim.azblob.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlobXmlTest {
    private static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsBlobsPrefixesMetadataAndTheNextMarker() throws Exception {
        final BlobListPage page = BlobXml.listBlobs(utf8("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<EnumerationResults ServiceEndpoint=\"http://h/a\" ContainerName=\"c\"><Prefix>p</Prefix>"
                + "<MaxResults>2</MaxResults><Blobs><Blob><Name>p/a &amp; b</Name><Properties>"
                + "<Last-Modified>Tue, 24 Nov 2026 19:59:58 GMT</Last-Modified><Etag>0x8DE</Etag>"
                + "<Content-Length>52100</Content-Length><Content-Type>image/jpeg</Content-Type>"
                + "<BlobType>BlockBlob</BlobType><Unknown><Nested/></Unknown></Properties>"
                + "<Metadata><k1>v1</k1><k2/></Metadata></Blob><BlobPrefix><Name>p/dir/</Name></BlobPrefix>"
                + "</Blobs><NextMarker>p/dir/z</NextMarker></EnumerationResults>"));
        assertEquals(2, page.items().size());
        final BlobItem blob = page.items().get(0);
        assertEquals("p/a & b", blob.name());
        assertEquals(52100, blob.properties().contentLength());
        assertEquals("image/jpeg", blob.properties().contentType());
        assertEquals("0x8DE", blob.properties().eTag());
        assertEquals(2026, blob.properties().lastModified().getYear());
        assertEquals(Map.of("k1", "v1", "k2", ""), blob.metadata());
        assertTrue(page.items().get(1).isPrefix());
        assertEquals("p/dir/z", page.nextMarker());
        assertNull(BlobXml.listBlobs(utf8("<EnumerationResults><Blobs/><NextMarker/></EnumerationResults>"))
                .nextMarker());
    }

    @Test
    void refusesBodiesThatAreNotAListing() {
        for (final String bad : new String[] {"", "<Error/>", "<EnumerationResults><Blobs><Blob/></Blobs>",
            "<EnumerationResults><Blobs><Blob><Name>x</Name><Properties><Content-Length>nan</Content-Length>"
                    + "</Properties></Blob></Blobs></EnumerationResults>", "not xml"}) {
            assertThrows(BlobXml.MalformedXmlException.class, () -> BlobXml.listBlobs(utf8(bad)), bad);
        }
    }

    @Test
    void refusesDocumentTypeDeclarationsSoNoEntityIsExpanded() {
        final String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<EnumerationResults><Blobs><Blob><Name>&e;</Name></Blob></Blobs></EnumerationResults>";
        assertThrows(BlobXml.MalformedXmlException.class, () -> BlobXml.listBlobs(utf8(xxe)));
    }

    @Test
    void errorMessageIsTheMessageElementOrNothing() {
        assertEquals("The specified blob does not exist.\nRequestId:1", BlobXml.errorMessage(utf8(
                "<?xml version=\"1.0\"?><Error><Code>BlobNotFound</Code><Message>The specified blob does not exist."
                        + "\nRequestId:1</Message></Error>")));
        assertNull(BlobXml.errorMessage(new byte[0]));
        assertNull(BlobXml.errorMessage(utf8("{\"json\":true}")));
        assertNull(BlobXml.errorMessage(utf8("<Error><Code>X</Code></Error>")));
    }
}
