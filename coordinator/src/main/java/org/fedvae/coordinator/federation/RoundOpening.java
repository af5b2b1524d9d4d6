package org.fedvae.coordinator.federation;

import com.google.protobuf.ByteString;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.encoding.ddp.ClientDpDigest;
import org.fedvae.protocol.encoding.ddp.ClientDpWire;
import org.fedvae.protocol.encoding.ddp.DdpParameters;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.proto.CohortEntry;
import org.fedvae.protocol.proto.RoundStart;
import org.fedvae.protocol.proto.RoundTimeouts;
import org.fedvae.protocol.proto.TrainingPlan;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.SecAggViolation;
import org.fedvae.protocol.secagg.graph.GraphParameters;
import org.fedvae.protocol.secagg.graph.GraphRule;

/**
 * What a round starts with: its secure-aggregation configuration (threshold, the encoding
 * planned for this cohort size, the members' identity keys; above 255 members the sparse graph of
 * {@link GraphRule#DEFAULT}) and the RoundStart that carries it,
 * the members' certificates, the global model, the training plan and the deadlines to the cohort.
 */
final class RoundOpening {

    /**
     * What the coordinator knows of a connected participant from its handshake.
     *
     * @param identityKey raw Ed25519 identity public key
     * @param certificate DER participant certificate, passed to its cohorts; null where there is none (tests)
     */
    record Member(byte[] identityKey, byte[] certificate) {
        Member {
            identityKey = identityKey.clone();
            certificate = certificate == null ? null : certificate.clone();
        }
    }

    private RoundOpening() {}

    /** @param members (at least) the cohort's members, by transport id */
    static RoundConfig config(
            RoundPolicy policy, long roundId, int vectorLength, Cohort cohort, Map<String, Member> members) {
        Map<Integer, byte[]> keys = new TreeMap<>();
        for (String id : cohort.members()) {
            keys.put(cohort.secaggId(id), members.get(id).identityKey());
        }
        RoundPolicy.EncodingLimits limits = policy.encoding();
        EncodingConfig encoding = EncodingPlanner.plan(cohort.size(), limits.clipRange(), limits.maxWeight());
        try {
            Optional<GraphParameters> sparse = GraphRule.DEFAULT.forCohort(cohort.size());
            if (sparse.isPresent()) {
                // SecAgg+: the participants check these against the same rule (PROTOCOL.md 3.1).
                GraphParameters p = sparse.get();
                return RoundConfig.sparse(
                        roundId, p.degree(), p.threshold(), vectorLength, encoding, keys, GraphRule.DEFAULT);
            }
            return RoundConfig.of(roundId, policy.cohort().thresholdFor(cohort.size()), vectorLength, encoding, keys);
        } catch (SecAggViolation v) {
            throw new IllegalStateException(
                    "the coordinator built an invalid round configuration: " + v.getMessage(), v);
        }
    }

    /**
     * The configuration with the round's client-level DP parameters bound into its digest (docs/PROTOCOL.md
     * 7.1), so members handed different parameters sign different digests; unchanged without client-level DP.
     */
    static RoundConfig bindClientDp(RoundConfig config, DdpParameters clientDp) {
        if (clientDp == null) {
            return config;
        }
        try {
            return config.withClientDpDigest(ClientDpDigest.of(ClientDpWire.toProto(clientDp)));
        } catch (SecAggViolation v) {
            throw new IllegalStateException(
                    "the coordinator built an invalid client-level DP digest: " + v.getMessage(), v);
        }
    }

    /**
     * The round start without the revocation list, which the {@link ActionExecutor} adds as it
     * sends it (reading the list is I/O). Each cohort entry carries the member's certificate.
     */
    static RoundStart roundStart(
            RoundPolicy policy,
            RoundConfig config,
            Cohort cohort,
            ModelParameters global,
            Map<String, Member> members,
            DdpParameters clientDp) {
        RoundPolicy.Training t = policy.training();
        RoundStart.Builder b = RoundStart.newBuilder()
                .setSecagg(config.toProto())
                .setGlobalModel(global.toProto())
                .setTraining(TrainingPlan.newBuilder()
                        .setLocalEpochs(t.localEpochs())
                        .setLearningRate(t.learningRate())
                        .setBatchSize(t.batchSize())
                        .setKlBeta(t.klBeta())
                        .setSeed(t.seed()))
                .setTimeouts(RoundTimeouts.newBuilder()
                        .setKeyStageMillis((int) policy.deadlines().keyStage().toMillis())
                        .setTrainingMillis((int) policy.deadlines().training().toMillis()))
                .setSecureAggregation(policy.secureAggregation());
        for (String id : cohort.members()) {
            CohortEntry.Builder entry =
                    CohortEntry.newBuilder().setParticipantId(id).setSecaggId(cohort.secaggId(id));
            byte[] certificate = members.get(id).certificate();
            if (certificate != null) {
                entry.setCertificate(ByteString.copyFrom(certificate));
            }
            b.addCohort(entry);
        }
        if (clientDp != null) {
            b.setClientDp(ClientDpWire.toProto(clientDp));
        }
        return b.build();
    }
}
