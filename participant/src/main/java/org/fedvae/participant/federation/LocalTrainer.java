package org.fedvae.participant.federation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import org.fedvae.participant.data.ImageSet;
import org.fedvae.participant.vae.DpSgd;
import org.fedvae.participant.vae.EpochStats;
import org.fedvae.participant.vae.ImageGrid;
import org.fedvae.participant.vae.SecureGaussian;
import org.fedvae.participant.vae.TrainingProgress;
import org.fedvae.participant.vae.Vae;
import org.fedvae.protocol.model.ModelFile;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.random.Seeds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of local work, on a training thread: evaluate the global model on the local test
 * set (federated evaluation), optionally save it and its pictures, train E epochs from it with
 * a fresh Adam (with DP-SGD when the round has a privacy plan, recording its spending before the
 * delta is returned), and return the delta. Stops between batches once the round is abandoned.
 */
final class LocalTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(LocalTrainer.class);
    static final String MODEL_FILE = "global-model.fvae";
    static final String SAMPLES_FILE = "samples.png";
    static final String RECONSTRUCTIONS_FILE = "reconstructions.png";

    private final ImageSet train;
    private final ImageSet test;
    private final Path outputDir;
    private final PrivateTraining privacy;
    private final LongFunction<SecureGaussian> dpRandomness;

    LocalTrainer(ImageSet train, ImageSet test, Path outputDir) {
        this(train, test, outputDir, null, null);
    }

    /**
     * @param privacy      the site's budget, which records every DP-SGD round's spending; null without DP
     * @param dpRandomness DP-SGD's sampling and noise stream for a round, from its training seed
     */
    LocalTrainer(
            ImageSet train,
            ImageSet test,
            Path outputDir,
            PrivateTraining privacy,
            LongFunction<SecureGaussian> dpRandomness) {
        this.train = train;
        this.test = test;
        this.outputDir = outputDir;
        this.privacy = privacy;
        this.dpRandomness = dpRandomness;
    }

    /** @throws CancellationException when {@code cancelled} turned true before training finished */
    TrainingResult run(AcceptedRound round, BooleanSupplier cancelled) {
        Vae vae = ThreadVaes.get(round.vae());
        ModelParameters global = round.global();
        vae.setParameters(global);
        vae.resetOptimizer();
        double testLoss = test.size() > 0 ? vae.evaluate(test) : Double.NaN;
        if (outputDir != null) {
            save(vae, global, round.roundId());
        }
        DpSgd dp = round.privacy() == null
                ? null
                : new DpSgd(vae, round.privacy().settings(), dpRandomness.apply(round.seed()));
        EpochStats last = null;
        for (int epoch = 0; epoch < round.epochs(); epoch++) {
            checkCancelled(cancelled);
            long seed = Seeds.mix(round.seed(), epoch);
            TrainingProgress progress = (done, total) -> checkCancelled(cancelled);
            last = dp == null ? vae.trainEpoch(train, seed, progress) : dp.trainEpoch(train, seed, progress);
        }
        if (dp != null) {
            try {
                privacy.spend(round.roundId(), round.privacy(), dp.clippedShare());
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot record this round's privacy spending, so its update stays here", e);
            }
        }
        float[] delta = vae.parameters().toFlatArray();
        for (int i = 0; i < delta.length; i++) {
            delta[i] -= global.get(i);
        }
        return new TrainingResult(
                delta, train.size(), testLoss, test.size(), last == null ? Double.NaN : last.meanLoss());
    }

    /** The global model and its pictures, for the operator of this site; never sent anywhere. */
    private void save(Vae vae, ModelParameters model, long seed) {
        try {
            ModelFile.write(model, outputDir.resolve(MODEL_FILE));
            ImageGrid.writeSamples(vae, train.width(), train.height(), seed, outputDir.resolve(SAMPLES_FILE));
            ImageSet shown = test.size() > 0 ? test : train;
            ImageGrid.writeReconstructions(vae, shown, outputDir.resolve(RECONSTRUCTIONS_FILE));
        } catch (IOException e) {
            LOG.warn("cannot save the global model or its pictures in {}: {}", outputDir, e.getMessage());
        }
    }

    private static void checkCancelled(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("the round was abandoned");
        }
    }
}
