package io.ipcring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyValuesTest {
    @Test
    void valuesWithSpacesAndEqualsSurvive() {
        String line = KeyValues.create().put("a", "x y=z & %").put("b", 42).put("skipped", null).toLine();
        KeyValues back = KeyValues.parseLine(line);
        assertEquals("x y=z & %", back.get("a"));
        assertEquals(42, back.getInt("b"));
        assertNull(back.getOrNull("skipped"));
    }

    @Test
    void malformedWordsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> KeyValues.parse(List.of("novalue")));
        assertThrows(IllegalArgumentException.class, () -> KeyValues.parse(List.of("=x")));
        assertThrows(IllegalArgumentException.class, () -> KeyValues.parse(List.of("a=1", "a=2")));
        assertThrows(IllegalArgumentException.class, () -> KeyValues.parse(List.of("a=1")).get("b"));
        assertThrows(IllegalArgumentException.class, () -> KeyValues.parse(List.of("a=x")).getLong("a"));
    }
}
