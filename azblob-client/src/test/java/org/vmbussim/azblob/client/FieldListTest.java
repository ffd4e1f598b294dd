package org.vmbussim.azblob.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.protocol.HttpFields;

class FieldListTest {

    @Test
    void reservedFieldsComeFirstInOrderAndTheListGrows() {
        final FieldList list = new FieldList(1).reserve(2);
        list.add("x-ms-range", "bytes=0-9").add("If-Match", "\"0x1\"").add("x-ms-meta-a", "1");
        list.setReserved(0, "x-ms-version", "2021-08-06");
        list.setReserved(1, "Host", "blob.fastpath");
        assertEquals(HttpFields.of("x-ms-version", "2021-08-06", "Host", "blob.fastpath", "x-ms-range", "bytes=0-9",
                "If-Match", "\"0x1\"", "x-ms-meta-a", "1"), list.toHttpFields());
        assertEquals("\"0x1\"", list.first("if-match"));
        assertNull(list.first("If-None-Match"));
        assertEquals(5, list.size());
        list.removeAt(2);
        assertEquals(HttpFields.of("x-ms-version", "2021-08-06", "Host", "blob.fastpath", "If-Match", "\"0x1\"",
                "x-ms-meta-a", "1"), list.toHttpFields());
        list.removeAt(3);
        assertEquals(3, list.size());
        assertNull(list.first("x-ms-meta-a"));
    }

    @Test
    void aBuiltListKeepsItsFieldsWhileTheFieldListChangesOn() {
        final FieldList list = new FieldList(2).reserve(1);
        list.setReserved(0, "x-ms-version", "2021-08-06");
        list.add("Authorization", "first");
        final HttpFields first = list.toHttpFields();
        list.removeAt(1);
        list.setReserved(0, "x-ms-version", "2099-01-01");
        list.add("Authorization", "second");
        final HttpFields second = list.toHttpFields();
        list.add("x-ms-meta-a", "1");
        assertEquals(HttpFields.of("x-ms-version", "2021-08-06", "Authorization", "first"), first);
        assertEquals(HttpFields.of("x-ms-version", "2099-01-01", "Authorization", "second"), second);
        assertEquals(3, list.size());
    }

    @Test
    void anUnfilledReservedFieldIsRefusedWhenBuilt() {
        final FieldList list = new FieldList(1).reserve(1);
        assertThrows(IllegalArgumentException.class, list::toHttpFields);
    }

    @Test
    void refusesWhatHttpFieldsRefusesWithTheSameMessage() {
        final FieldList list = new FieldList(4);
        for (final String[] bad : new String[][] {{"bad name", "v"}, {"name", "line\r\nbreak"}, {"", "v"}}) {
            final IllegalArgumentException expected = assertThrows(IllegalArgumentException.class,
                    () -> HttpFields.builder().add(bad[0], bad[1]));
            assertEquals(expected.getMessage(), assertThrows(IllegalArgumentException.class,
                    () -> list.add(bad[0], bad[1])).getMessage());
            assertEquals(expected.getMessage(), assertThrows(IllegalArgumentException.class,
                    () -> new FieldList(1).reserve(1).setReserved(0, bad[0], bad[1])).getMessage());
        }
        assertEquals(0, list.size());
    }
}
