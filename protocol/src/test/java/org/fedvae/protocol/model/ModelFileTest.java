package org.fedvae.protocol.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

    @TempDir
    Path dir;

    static ModelParameters randomModel() {
        ModelSpec spec = ModelSpec.of(new TensorSpec("w", new int[] {3, 4}), new TensorSpec("b", new int[] {3}));
        float[] v = new float[spec.totalSize()];
        Random r = new Random(7);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        v[0] = Float.intBitsToFloat(0x7fc00001); // a NaN payload must survive too
        v[1] = -0f;
        return ModelParameters.of(spec, v);
    }

    @Test
    void roundTripsBitForBit() throws IOException {
        ModelParameters m = randomModel();
        Path f = dir.resolve("m.fvae");
        ModelFile.write(m, f);
        ModelParameters back = ModelFile.read(f);
        assertTrue(m.bitEquals(back));
        assertEquals(m.spec(), back.spec());
        assertEquals(12, back.spec().offsetOf("b"));
        assertEquals(Arrays.toString(m.tensorValues("b")), Arrays.toString(back.tensorValues("b")));
    }

    @Test
    void truncatedFileIsRejected() throws IOException {
        Path f = dir.resolve("m.fvae");
        ModelFile.write(randomModel(), f);
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length - 5));
        IOException e = assertThrows(IOException.class, () -> ModelFile.read(f));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        Files.write(f, Arrays.copyOf(all, 10));
        assertThrows(IOException.class, () -> ModelFile.read(f));
    }

    @Test
    void corruptedOrForeignFileIsRejected() throws IOException {
        Path f = dir.resolve("m.fvae");
        ModelFile.write(randomModel(), f);
        byte[] all = Files.readAllBytes(f);
        all[20] ^= 1;
        Files.write(f, all);
        assertThrows(IOException.class, () -> ModelFile.read(f));
        Files.writeString(f, "this is not a model file, just some text of sufficient length");
        IOException e = assertThrows(IOException.class, () -> ModelFile.read(f));
        assertTrue(e.getMessage().contains("wrong magic"), e.getMessage());
    }

    @Test
    void specRejectsBadShapes() {
        assertThrows(IllegalArgumentException.class, () -> new TensorSpec("x", new int[] {0}));
        assertThrows(
                IllegalArgumentException.class,
                () -> ModelSpec.of(new TensorSpec("x", new int[] {1}), new TensorSpec("x", new int[] {2})));
        ModelSpec spec = ModelSpec.of(new TensorSpec("x", new int[] {2}));
        assertThrows(IllegalArgumentException.class, () -> ModelParameters.of(spec, new float[3]));
    }
}
