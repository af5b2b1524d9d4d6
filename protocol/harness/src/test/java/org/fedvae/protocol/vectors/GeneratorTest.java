package org.fedvae.protocol.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checked-in files are exactly what the generator writes: regenerating changes nothing. */
class GeneratorTest {

    @Test
    void regeneratingGivesByteIdenticalFiles() {
        Map<String, String> generated = VectorGenerator.generate();
        assertEquals(15, generated.size());
        generated.forEach((name, content) -> assertEquals(
                VectorFile.text(name), content, name + " is stale: run generate-vectors (see docs/PROTOCOL.md)"));
    }
}
