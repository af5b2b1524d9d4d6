package org.fedvae.coordinator.federation;

import java.util.Locale;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.FederationComplete;
import org.fedvae.protocol.proto.RoundEnd;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.transport.Envelopes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the run tells its operator and its participants at its milestones: the log lines of its
 * start and of each round's start, and the RoundEnd and FederationComplete messages.
 */
final class RunLog {

    private static final Logger LOG = LoggerFactory.getLogger(FederationMachine.class);

    private RunLog() {}

    static void begin(RoundPolicy policy, long roundsDone) {
        if (roundsDone >= policy.rounds()) {
            LOG.info("all {} rounds are done already", policy.rounds());
        } else if (policy.secureAggregation()) {
            LOG.info(
                    "rounds {}..{}: at least {} participants, secure aggregation on",
                    roundsDone + 1,
                    policy.rounds(),
                    policy.cohort().neededToStart());
        } else {
            LOG.warn("SECURE AGGREGATION IS OFF (--no-secagg): participants send their updates UNMASKED and this "
                    + "coordinator sees each one. For comparison runs only; each participant must consent to each such "
                    + "round by its id (--allow-no-secagg-round ID).");
        }
    }

    static void roundStarting(RoundPolicy policy, RoundConfig config, Cohort cohort, int connected) {
        String line = String.format(
                Locale.ROOT,
                "round %d: cohort of %d (of %d connected), threshold %d, encoding %d scale bits "
                        + "(clip %s, weight cap %d), %s",
                config.roundId(),
                cohort.size(),
                connected,
                config.threshold(),
                config.encoding().scaleBits(),
                config.encoding().clipRange(),
                config.encoding().maxWeight(),
                cohort.members());
        if (policy.secureAggregation()) {
            LOG.info(line);
        } else {
            LOG.warn("WITHOUT SECURE AGGREGATION (--no-secagg): {}", line);
        }
    }

    /** How a round ended, for its cohort: completed or not, how many survivors, why it aborted. */
    static Envelope roundEnd(RoundMetrics m) {
        return Envelopes.newEnvelope("", m.roundId())
                .setRoundEnd(RoundEnd.newBuilder()
                        .setCompleted(m.completed())
                        .setSurvivors(m.survivors().size())
                        .setDetail(m.abortReason().orElse("")))
                .build();
    }

    static Envelope federationComplete(long rounds, ModelParameters model) {
        return Envelopes.newEnvelope("", 0)
                .setFederationComplete(
                        FederationComplete.newBuilder().setRounds(rounds).setFinalModel(model.toProto()))
                .build();
    }
}
