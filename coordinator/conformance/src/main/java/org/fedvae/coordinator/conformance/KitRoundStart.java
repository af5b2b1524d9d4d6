package org.fedvae.coordinator.conformance;

import com.google.protobuf.ByteString;
import java.util.List;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.proto.CohortEntry;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.RoundStart;
import org.fedvae.protocol.proto.RoundTimeouts;
import org.fedvae.protocol.proto.TrainingPlan;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.transport.Envelopes;

/**
 * The RoundStart the kit, as the coordinator, sends the participant under test: a short honest
 * training plan, every member's certificate and the federation's revocation list.
 */
final class KitRoundStart {

    private KitRoundStart() {}

    /**
     * @param planSeed the training plan's seed (a participant must not let it steer its training)
     * @param cohortNames transport ids sorted; secure-aggregation ids are 1..n in this order
     * @param certificates each member's certificate (DER), in the same order
     * @param revocationList the federation's revocation list (DER)
     */
    static Envelope envelope(
            RoundConfig config,
            long planSeed,
            ModelParameters model,
            List<String> cohortNames,
            List<byte[]> certificates,
            byte[] revocationList) {
        RoundStart.Builder b = RoundStart.newBuilder()
                .setSecagg(config.toProto())
                .setGlobalModel(model.toProto())
                .setTraining(TrainingPlan.newBuilder()
                        .setLocalEpochs(1)
                        .setLearningRate(1e-3)
                        .setBatchSize(32)
                        .setKlBeta(1.0)
                        .setSeed(planSeed))
                .setTimeouts(
                        RoundTimeouts.newBuilder().setKeyStageMillis(30_000).setTrainingMillis(120_000))
                .setSecureAggregation(true)
                .setRevocationList(ByteString.copyFrom(revocationList));
        for (int i = 0; i < cohortNames.size(); i++) {
            b.addCohort(CohortEntry.newBuilder()
                    .setParticipantId(cohortNames.get(i))
                    .setSecaggId(i + 1)
                    .setCertificate(ByteString.copyFrom(certificates.get(i))));
        }
        return Envelopes.newEnvelope("", config.roundId()).setRoundStart(b).build();
    }
}
