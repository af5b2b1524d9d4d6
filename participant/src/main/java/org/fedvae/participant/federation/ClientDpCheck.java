package org.fedvae.participant.federation;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.Locale;
import org.fedvae.participant.privacy.DistributedDiscreteGaussian;
import org.fedvae.participant.privacy.RdpCurve;
import org.fedvae.protocol.encoding.ddp.ClientDpDigest;
import org.fedvae.protocol.encoding.ddp.ClientDpWire;
import org.fedvae.protocol.encoding.ddp.DdpParameters;
import org.fedvae.protocol.proto.RoundStart;
import org.fedvae.protocol.secagg.RoundConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a participant checks of a round's client-level DP declaration (docs/PROTOCOL.md, section
 * 7.1), and its own client-level budget. The coordinator declares the parameters; the site trusts
 * none of them for its guarantee but verifies: the round is masked (its noise share alone is far
 * too little for an update seen on its own); the noise counts on at most threshold contributors,
 * the fewest survivors any honest member lets be unmasked (so dropouts cannot leave less noise
 * than declared); the vector is what the configuration masks; and the composed epsilon with this
 * round stays within the site's budget, which it records before training.
 */
final class ClientDpCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ClientDpCheck.class);

    private final String participantId;
    private final ClientDpBudget budget; // null: no client-level budget of its own
    private final ClientDpLedger ledger;

    ClientDpCheck(String participantId, ClientDpBudget budget, ClientDpLedger ledger) {
        this.participantId = participantId;
        this.budget = budget;
        this.ledger = ledger;
    }

    /**
     * @return the round's DP parameters, or null for a round without client-level DP (accepted only
     *     by a site without a client-level budget)
     * @throws RoundRefused with the reason
     */
    synchronized DdpParameters admit(RoundStart start, RoundConfig config, int modelSize) throws RoundRefused {
        checkBound(start, config);
        if (!start.hasClientDp()) {
            if (budget != null) {
                throw new RoundRefused("round " + config.roundId() + " has no client-level DP and this site only takes "
                        + "part in client-level DP rounds (--client-dp-epsilon " + budget.epsilon() + ")");
            }
            return null;
        }
        DdpParameters params = parameters(start, config, modelSize);
        if (budget == null) {
            return params;
        }
        if (params.minContributors() > config.threshold() - budget.assumedCorrupt()) {
            throw new RoundRefused("the noise counts on " + params.minContributors() + " contributors, but with "
                    + budget.assumedCorrupt() + " colluding members (--client-dp-assume-corrupt) as few as "
                    + (config.threshold() - budget.assumedCorrupt()) + " honest shares may be in the sum");
        }
        DistributedDiscreteGaussian round = DistributedDiscreteGaussian.of(params, 1);
        RdpCurve total = RdpCurve.zero();
        for (DistributedDiscreteGaussian spent : ledger.rounds()) {
            total = total.plus(spent);
        }
        double before = total.epsilon(budget.delta()).epsilon();
        double after = total.plus(round).epsilon(budget.delta()).epsilon();
        if (after > budget.epsilon() * (1 + 1e-9)) {
            throw new RoundRefused(String.format(
                    Locale.ROOT,
                    "client-level privacy budget: round %d (noise %.4g on the sum for %d contributors, clip %.4g) would "
                            + "raise this site's epsilon from %.3f to %.3f, above its budget of %.3f at delta %.1e",
                    config.roundId(),
                    params.noiseStddev(),
                    params.minContributors(),
                    params.clip(),
                    before,
                    after,
                    budget.epsilon(),
                    budget.delta()));
        }
        try {
            ledger.record(round);
        } catch (IOException e) {
            throw new RoundRefused("cannot record the round's client-level privacy spending: " + e.getMessage());
        }
        LOG.info(String.format(
                Locale.ROOT,
                "%s: client-level DP round %d: epsilon %.3f of %.3f spent at delta %.1e",
                participantId,
                config.roundId(),
                after,
                budget.epsilon(),
                budget.delta()));
        return params;
    }

    /** Epsilon spent so far at the budget's delta; 0 without a budget. */
    synchronized double spent() {
        if (budget == null) {
            return 0;
        }
        RdpCurve total = RdpCurve.zero();
        for (DistributedDiscreteGaussian spent : ledger.rounds()) {
            total = total.plus(spent);
        }
        return total.epsilon(budget.delta()).epsilon();
    }

    /**
     * The DP parameters received must be the ones the signed configuration binds (its {@code client_dp_digest}):
     * the other members sign the digest they hold, so a member handed other parameters cannot complete the round
     * with them. A declaration without the binding, or a binding without the declaration, is refused too.
     */
    static void checkBound(RoundStart start, RoundConfig config) throws RoundRefused {
        if (start.hasClientDp() != config.hasClientDpDigest()) {
            throw new RoundRefused(
                    start.hasClientDp()
                            ? "unsafe round configuration: the round declares client-level DP parameters but its signed "
                                    + "configuration does not bind them (no client_dp_digest), so the other members "
                                    + "may have been handed different ones"
                            : "unsafe round configuration: the signed configuration binds client-level DP parameters "
                                    + "(client_dp_digest) that the round start does not carry");
        }
        if (start.hasClientDp()
                && !MessageDigest.isEqual(ClientDpDigest.of(start.getClientDp()), config.clientDpDigest())) {
            throw new RoundRefused("unsafe round configuration: the round's client-level DP parameters do not match "
                    + "the client_dp_digest of its signed configuration");
        }
    }

    static DdpParameters parameters(RoundStart start, RoundConfig config, int modelSize) throws RoundRefused {
        DdpParameters params;
        try {
            params = ClientDpWire.fromProto(start.getClientDp());
        } catch (IllegalArgumentException e) {
            throw new RoundRefused("invalid client-level DP parameters: " + e.getMessage());
        }
        if (!start.getSecureAggregation()) {
            throw new RoundRefused("a client-level DP round must use secure aggregation: one participant's noise "
                    + "share protects nothing on its own");
        }
        if (params.dimension() != modelSize) {
            throw new RoundRefused(
                    "the DP encoding is for " + params.dimension() + " coordinates, the model has " + modelSize);
        }
        if (params.paddedLength() != config.vectorLength()) {
            throw new RoundRefused("the DP encoding pads to " + params.paddedLength() + " words, the round masks "
                    + config.vectorLength());
        }
        if (params.minContributors() > config.threshold()) {
            throw new RoundRefused("the noise counts on " + params.minContributors() + " contributors, but as few as "
                    + config.threshold() + " (the threshold) may be unmasked");
        }
        if (params.maxParticipants() < config.cohortSize()) {
            throw new RoundRefused("the DP encoding is planned for at most " + params.maxParticipants()
                    + " participants, the cohort has " + config.cohortSize());
        }
        return params;
    }
}
