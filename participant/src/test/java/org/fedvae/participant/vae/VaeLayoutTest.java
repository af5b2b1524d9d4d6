package org.fedvae.participant.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedvae.protocol.model.ModelSpec;
import org.fedvae.protocol.model.TensorSpec;
import org.junit.jupiter.api.Test;

class VaeLayoutTest {

    @Test
    void referenceModelHas652824ParametersInTheDocumentedOrder() {
        ModelSpec spec = VaeLayout.spec(VaeConfig.defaults(1));
        assertEquals(652_824, spec.totalSize());
        assertEquals(
                List.of(
                        new TensorSpec("enc.fc1.weight", new int[] {400, 784}),
                        new TensorSpec("enc.fc1.bias", new int[] {400}),
                        new TensorSpec("enc.mu.weight", new int[] {20, 400}),
                        new TensorSpec("enc.mu.bias", new int[] {20}),
                        new TensorSpec("enc.logvar.weight", new int[] {20, 400}),
                        new TensorSpec("enc.logvar.bias", new int[] {20}),
                        new TensorSpec("dec.fc1.weight", new int[] {400, 20}),
                        new TensorSpec("dec.fc1.bias", new int[] {400}),
                        new TensorSpec("dec.out.weight", new int[] {784, 400}),
                        new TensorSpec("dec.out.bias", new int[] {784})),
                spec.tensors());
    }

    @Test
    void initialisationIsUniformWithinPyTorchBounds() {
        VaeConfig config = VaeConfig.defaults(5);
        ModelSpec spec = VaeLayout.spec(config);
        float[] values = VaeLayout.initialValues(spec, config.seed());
        int[] fanIns = {784, 784, 400, 400, 400, 400, 20, 20, 400, 400};
        int k = 0;
        for (TensorSpec t : spec.tensors()) {
            double bound = 1 / Math.sqrt(fanIns[k++]);
            int off = spec.offsetOf(t.name());
            double max = 0;
            double sum = 0;
            for (int i = off; i < off + t.size(); i++) {
                max = Math.max(max, Math.abs(values[i]));
                sum += values[i];
            }
            assertTrue(max <= bound, t.name() + " exceeds " + bound);
            if (t.size() >= 400) { // large tensors fill their range and centre on 0
                assertTrue(max > 0.95 * bound, t.name() + " max " + max + " of " + bound);
                assertTrue(Math.abs(sum / t.size()) < 0.1 * bound, t.name() + " mean " + sum / t.size());
            }
        }
    }
}
