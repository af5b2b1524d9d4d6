package org.fedvae.participant.federation;

import java.time.Duration;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.protocol.encoding.ddp.DdpParameters;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.secagg.RoundConfig;

/**
 * A round start that passed {@link RoundStartCheck}: everything the round needs, validated.
 *
 * @param selfId    this participant's secure-aggregation id in the round
 * @param global    the round's global model; null once local training has used it ({@link #trained()})
 * @param vae       the model and training settings the round asks for
 * @param epochs    local epochs
 * @param seed      the round's training seed: fresh and secret, or reproducible in simulations
 *                  ({@link ParticipantConfig#reproducibleTrainingSeed()}); never the coordinator's choice
 * @param maxSilence how long to wait for the coordinator between two of its messages
 * @param privacy   the DP-SGD this round trains with under the site's budget, or null: ordinary training
 * @param clientDp  the round's client-level DP encoding, checked ({@link ClientDpCheck}), or null
 */
record AcceptedRound(
        long roundId,
        RoundConfig config,
        int selfId,
        ModelParameters global,
        VaeConfig vae,
        int epochs,
        long seed,
        boolean secureAggregation,
        Duration maxSilence,
        PrivateTraining.Plan privacy,
        DdpParameters clientDp) {

    /** The same round trained with DP-SGD as {@code plan} says, for the epochs it allows. */
    AcceptedRound withPrivacy(PrivateTraining.Plan plan) {
        return new AcceptedRound(
                roundId,
                config,
                selfId,
                global,
                vae,
                plan.epochs(),
                seed,
                secureAggregation,
                maxSilence,
                plan,
                clientDp);
    }

    /** The same round with its update encoded for client-level DP (null: the plain fixed-point encoding). */
    AcceptedRound withClientDp(DdpParameters params) {
        return new AcceptedRound(
                roundId, config, selfId, global, vae, epochs, seed, secureAggregation, maxSilence, privacy, params);
    }

    /**
     * The same round without its global model, once training has used it: a thousand simulated sites in one JVM
     * would otherwise each keep a copy (2.6 MB) until the round ends.
     */
    AcceptedRound trained() {
        return new AcceptedRound(
                roundId, config, selfId, null, vae, epochs, seed, secureAggregation, maxSilence, privacy, clientDp);
    }
}
