package org.fedvae.participant.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.fedvae.participant.data.ImageSet;
import org.fedvae.protocol.model.ModelFile;
import org.fedvae.protocol.model.ModelParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaeModelFileTest {

    @TempDir
    Path dir;

    @Test
    void saveAndLoadRoundTripBitForBit() throws IOException {
        VaeConfig config = VaeConfig.defaults(11);
        ImageSet data = SyntheticImages.noise(300, 28, 5);
        Vae vae = new Vae(config);
        vae.trainEpoch(data, 1); // trained values, not just the init
        ModelParameters saved = vae.parameters();
        Path file = dir.resolve("model.fvae");
        ModelFile.write(saved, file);

        ModelParameters loaded = ModelFile.read(file);
        assertTrue(loaded.bitEquals(saved));
        Vae restored = new Vae(config, loaded);
        assertTrue(restored.parameters().bitEquals(saved));
        assertEquals(vae.evaluate(data), restored.evaluate(data), "same parameters, same loss, bit for bit");
    }

    @Test
    void parametersAreTheTensorViewsInLayoutOrder() {
        VaeConfig config = new VaeConfig(6, 5, 2, 1.0, 1e-3, 4, 1);
        Vae vae = new Vae(config);
        float[] values = new float[VaeLayout.parameterCount(config)];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        vae.setParameters(ModelParameters.of(vae.spec(), values));
        // dec.out.bias is the last tensor: [6], at the end of the flat vector
        assertEquals(values.length - 6, vae.tensors().decOutB.getFloat(0, 0));
        // enc.mu.weight [2, 5] starts after enc.fc1 (5*6 + 5): element [1, 3] is offset 35 + 5 + 3
        assertEquals(43f, vae.tensors().encMuW.getFloat(1, 3));
        assertEquals(43f, vae.parameters().tensorValues(VaeLayout.ENC_MU_WEIGHT)[8]);
    }

    @Test
    void rejectsParametersOfAnotherShape() {
        Vae vae = new Vae(new VaeConfig(6, 5, 2, 1.0, 1e-3, 4, 1));
        ModelParameters other = new Vae(new VaeConfig(6, 5, 3, 1.0, 1e-3, 4, 1)).parameters();
        assertThrows(IllegalArgumentException.class, () -> vae.setParameters(other));
    }
}
