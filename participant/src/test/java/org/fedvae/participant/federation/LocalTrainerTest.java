package org.fedvae.participant.federation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import org.fedvae.participant.data.ImageSet;
import org.fedvae.participant.vae.Vae;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.protocol.model.ModelFile;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.random.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTrainerTest {

    @TempDir
    Path tmp;

    private static ImageSet images(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] px = new float[count * 784];
        for (int i = 0; i < px.length; i++) {
            px[i] = r.nextDouble() < 0.2 ? 1f : 0f;
        }
        return ImageSet.of(px, new int[count], 28, 28);
    }

    private static AcceptedRound round(ModelParameters global, VaeConfig vae, int epochs) {
        return new AcceptedRound(3, null, 1, global, vae, epochs, 1234, true, Duration.ofMinutes(1), null, null);
    }

    @Test
    void evaluatesTheGlobalModelThenTrainsFromItWithAFreshOptimizer() {
        ImageSet train = images(40, 1);
        ImageSet test = images(10, 2);
        VaeConfig vae = VaeConfig.defaults(0).withBatchSize(16);
        ModelParameters global = new Vae(VaeConfig.defaults(5)).parameters();
        LocalTrainer trainer = new LocalTrainer(train, test, tmp);

        TrainingResult r = trainer.run(round(global, vae, 2), () -> false);
        // The shared per-thread VAE already trained once: a second run must not carry anything over.
        TrainingResult again = trainer.run(round(global, vae, 2), () -> false);
        assertArrayEquals(r.delta(), again.delta());

        Vae reference = new Vae(vae, global);
        assertEquals(reference.evaluate(test), r.testLoss());
        reference.trainEpoch(train, Seeds.mix(1234, 0));
        reference.trainEpoch(train, Seeds.mix(1234, 1));
        float[] expected = reference.parameters().toFlatArray();
        for (int i = 0; i < expected.length; i++) {
            expected[i] -= global.get(i);
        }
        assertArrayEquals(expected, r.delta());
        assertEquals(40, r.weight());
        assertEquals(10, r.testSamples());
        assertTrue(Files.exists(tmp.resolve(LocalTrainer.SAMPLES_FILE)));
        assertTrue(Files.exists(tmp.resolve(LocalTrainer.RECONSTRUCTIONS_FILE)));
    }

    @Test
    void savesTheReceivedModelNotTheTrainedOne() throws Exception {
        ModelParameters global = new Vae(VaeConfig.defaults(6)).parameters();
        new LocalTrainer(images(20, 3), images(0, 4), tmp).run(round(global, VaeConfig.defaults(0), 1), () -> false);
        assertTrue(ModelFile.read(tmp.resolve(LocalTrainer.MODEL_FILE)).bitEquals(global));
    }

    @Test
    void stopsWhenTheRoundIsAbandoned() {
        ModelParameters global = new Vae(VaeConfig.defaults(7)).parameters();
        LocalTrainer trainer = new LocalTrainer(images(64, 5), images(0, 6), null);
        assertThrows(
                CancellationException.class,
                () -> trainer.run(round(global, VaeConfig.defaults(0).withBatchSize(8), 3), () -> true));
    }
}
