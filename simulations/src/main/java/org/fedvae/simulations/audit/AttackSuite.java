package org.fedvae.simulations.audit;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fedvae.participant.vae.Vae;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.random.Seeds;
import org.fedvae.simulations.Progress;

/** The attacks on one released model: each scores every member and non-member, then is measured. */
final class AttackSuite {

    private final List<MembershipAttack> attacks;
    private final int guessSize;
    private final int guessDraws;
    private final long seed;
    private final DpBound proof;
    private final Map<String, double[]> scores = new LinkedHashMap<>();

    /** {@code proof} gives the delta and confidence of each attack's empirical epsilon. */
    AttackSuite(List<MembershipAttack> attacks, int guessSize, int guessDraws, long seed, DpBound proof) {
        this.attacks = List.copyOf(attacks);
        this.proof = proof;
        this.guessSize = guessSize;
        this.guessDraws = guessDraws;
        this.seed = seed;
    }

    /**
     * The loss and reconstruction attacks on {@code released}, each on its own copy of the model
     * (beta 1, so the loss is the negative ELBO), with noise seeded from {@code seed}; and the
     * calibrated loss attack if a reference model is given (the same noise on both models).
     */
    static AttackSuite against(
            ModelParameters released, Optional<Reference> reference, long seed, AttackOptions options, DpBound proof) {
        VaeConfig config = VaeConfig.defaults(seed);
        long lossSeed = Seeds.mix(seed, 101);
        List<MembershipAttack> attacks = new ArrayList<>();
        attacks.add(new LossAttack(new Vae(config, released), options.lossSamples, lossSeed));
        attacks.add(new ReconstructionAttack(
                new Vae(config, released), new Encoder(config, released), options.repeats, Seeds.mix(seed, 102)));
        reference.ifPresent(r -> attacks.add(new CalibratedLossAttack(
                new LossAttack(new Vae(config, released), options.lossSamples, lossSeed),
                new LossAttack(new Vae(config, r.model()), options.lossSamples, lossSeed),
                r.description())));
        return new AttackSuite(attacks, options.guessSize, options.guessDraws, seed, proof);
    }

    /** A reference model for the calibrated attack, and how it was made. */
    record Reference(ModelParameters model, String description) {}

    /** Runs every attack over {@code split.all()}, announcing each on {@code console}, progress on stderr. */
    List<AttackResult> run(MemberSplit split, PrintStream console) {
        int members = split.members().size();
        List<AttackResult> results = new ArrayList<>();
        for (MembershipAttack attack : attacks) {
            console.println("Attack: " + attack.name() + " (" + attack.describe() + ")");
            long start = System.nanoTime();
            double[] all = attack.scores(
                    split.all(),
                    new Progress(attack.name() + " attack", split.all().size()));
            double seconds = (System.nanoTime() - start) / 1e9;
            scores.put(attack.name(), all);
            double[] m = Arrays.copyOfRange(all, 0, members);
            double[] n = Arrays.copyOfRange(all, members, all.length);
            int k = Math.min(guessSize, Math.min(m.length, n.length)); // small audits use every image
            Roc roc = Roc.of(m, n);
            results.add(new AttackResult(
                    attack.name(),
                    attack.describe(),
                    roc,
                    BalancedGuess.of(m, n, k, guessDraws, Seeds.mix(seed, 103)),
                    proof.empiricalEpsilon(roc),
                    seconds));
        }
        return results;
    }

    /** Every image's score per attack (members first), after {@link #run}. */
    Map<String, double[]> scores() {
        return scores;
    }
}
