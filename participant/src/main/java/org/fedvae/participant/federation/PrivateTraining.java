package org.fedvae.participant.federation;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;
import org.fedvae.participant.privacy.Mechanism;
import org.fedvae.participant.privacy.PrivacySpent;
import org.fedvae.participant.privacy.RdpAccountant;
import org.fedvae.participant.vae.DpSgdSettings;
import org.fedvae.participant.vae.SecureGaussian;
import org.fedvae.protocol.random.Seeds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A site's privacy budget at work: calibrates DP-SGD's noise so that its planned rounds together
 * spend exactly its epsilon, admits a round only if the spending so far plus that round stays
 * within the budget, and records each round's spending in the {@link PrivacyLedger} before its
 * update leaves the site.
 *
 * <p>A training plan that asks for more local epochs than the noise is calibrated for is CAPPED:
 * the site trains its calibrated epochs and takes part (its update is masked, so nobody can tell),
 * rather than declining, which would let a coordinator push DP sites out by asking too much. Fewer
 * epochs than calibrated spend less. The calibration's epochs are the operator's setting or, without
 * it, the first round's plan, recorded once: a later plan can never raise them, nor the noise budget.
 */
final class PrivateTraining {

    private static final Logger LOG = LoggerFactory.getLogger(PrivateTraining.class);

    /** What one admitted round runs: its DP-SGD settings, its (possibly capped) epochs, what it spends. */
    record Plan(DpSgdSettings settings, int epochs, Mechanism mechanism, double epsilonAfter) {}

    private final String participantId;
    private final PrivacyBudget budget;
    private final PrivacyLedger ledger;
    private final int images;
    private long calibratedSteps = -1;
    private double calibratedSigma;

    private PrivateTraining(String participantId, PrivacyBudget budget, PrivacyLedger ledger, int images) {
        this.participantId = participantId;
        this.budget = budget;
        this.ledger = ledger;
        this.images = images;
    }

    /** @throws IOException if the ledger in {@code stateDir} is damaged */
    static PrivateTraining open(String participantId, PrivacyBudget budget, int images, Path stateDir)
            throws IOException {
        return new PrivateTraining(participantId, budget, PrivacyLedger.open(stateDir), images);
    }

    /** The DP-SGD round {@code roundId} gets for a plan of {@code planEpochs}, or why it is refused. */
    synchronized Plan admit(long roundId, int planEpochs) throws RoundRefused {
        int calibrated = calibratedEpochs(planEpochs);
        int epochs = Math.min(planEpochs, calibrated);
        double q = DpSgdSettings.samplingRate(budget.batchSize(), images);
        DpSgdSettings settings = new DpSgdSettings(budget.clipNorm(), sigma(q, calibrated), q);
        Mechanism round = new Mechanism(q, settings.noiseMultiplier(), epochs * settings.stepsPerEpoch());
        List<Mechanism> after = new ArrayList<>(ledger.rounds());
        after.add(round);
        double epsilon = RdpAccountant.epsilon(after, budget.delta()).epsilon();
        if (epsilon > budget.epsilon() * (1 + 1e-9)) {
            throw new RoundRefused(String.format(
                    Locale.ROOT,
                    "privacy budget: round %s would raise this site's epsilon to %.3f, above its budget of %.3f "
                            + "(delta %.3g; %d rounds trained so far, %.3f spent)",
                    Long.toUnsignedString(roundId),
                    epsilon,
                    budget.epsilon(),
                    budget.delta(),
                    ledger.rounds().size(),
                    spent().epsilon()));
        }
        if (epochs < planEpochs) {
            LOG.info(
                    "{}: round {}: the plan asks for {} local epochs; training {}, the epochs this site's noise is "
                            + "calibrated for",
                    participantId,
                    Long.toUnsignedString(roundId),
                    planEpochs,
                    epochs);
        }
        return new Plan(settings, epochs, round, epsilon);
    }

    /** Records what round {@code roundId} spent; call before anything of it leaves the site. */
    synchronized void spend(long roundId, Plan plan, double clippedShare) throws IOException {
        ledger.recordRound(plan.mechanism());
        LOG.info(String.format(
                Locale.ROOT,
                "%s: round %s: DP-SGD spent epsilon %.3f of %.3f so far (delta %.3g); this round sigma %.3f, "
                        + "q %.4f, %d steps, clip %.3g (%.0f%% of sampled images clipped)",
                participantId,
                Long.toUnsignedString(roundId),
                spent().epsilon(),
                budget.epsilon(),
                budget.delta(),
                plan.settings().noiseMultiplier(),
                plan.settings().samplingRate(),
                plan.mechanism().steps(),
                plan.settings().clipNorm(),
                100 * clippedShare));
    }

    /** Epsilon spent so far (0 before the first round), at the budget's delta. */
    synchronized PrivacySpent spent() {
        return RdpAccountant.epsilon(ledger.rounds(), budget.delta());
    }

    /**
     * DP-SGD's sampling and noise stream of a round: fresh from {@code random}, or, in simulations
     * that asked for reproducible training, derived from the round's (then predictable) seed.
     */
    static LongFunction<SecureGaussian> randomness(Long reproducibleSeed, SecureRandom random) {
        if (reproducibleSeed == null) {
            return roundSeed -> SecureGaussian.fresh(random);
        }
        return roundSeed -> SecureGaussian.insecureFromSeed(Seeds.mix(roundSeed, 0xD9L));
    }

    /** The operator's epochs per round, else the ones recorded, else this first plan's (recorded now). */
    private int calibratedEpochs(int planEpochs) throws RoundRefused {
        if (budget.epochsPerRound() != null) {
            return budget.epochsPerRound();
        }
        Integer recorded = ledger.calibratedEpochs();
        if (recorded != null) {
            return recorded;
        }
        try {
            ledger.recordCalibratedEpochs(planEpochs);
        } catch (IOException e) {
            throw new RoundRefused("cannot record the privacy calibration (" + e.getMessage() + ")");
        }
        return planEpochs;
    }

    /** Sigma for all planned rounds of {@code epochs} epochs to spend the budget; cached. */
    private double sigma(double q, int epochs) {
        long steps = (long) budget.plannedRounds() * epochs * Math.max(1, Math.round(1.0 / q));
        if (steps != calibratedSteps) {
            calibratedSigma = RdpAccountant.noiseMultiplier(q, steps, budget.delta(), budget.epsilon());
            calibratedSteps = steps;
            LOG.info(String.format(
                    Locale.ROOT,
                    "%s: DP-SGD calibrated: sigma %.3f for (epsilon %.3f, delta %.3g) over %d rounds x %d epochs x %d "
                            + "steps (q %.4f: expected batch %d of %d images), clip %.3g",
                    participantId,
                    calibratedSigma,
                    budget.epsilon(),
                    budget.delta(),
                    budget.plannedRounds(),
                    epochs,
                    Math.max(1, Math.round(1.0 / q)),
                    q,
                    budget.batchSize(),
                    images,
                    budget.clipNorm()));
        }
        return calibratedSigma;
    }
}
