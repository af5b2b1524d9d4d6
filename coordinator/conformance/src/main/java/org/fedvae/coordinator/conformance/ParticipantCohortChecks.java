package org.fedvae.coordinator.conformance;

import com.google.protobuf.ByteString;
import org.fedvae.protocol.proto.CohortEntry;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.RoundStart;
import org.fedvae.protocol.proto.SecAggMessage;

/**
 * The kit's checks that a participant authenticates its cohort (PROTOCOL.md, the participant's
 * checks of a RoundStart): a member the coordinator invented, or a revocation list older than one
 * the participant has seen, makes it decline before it advertises keys, since everything after
 * that is derived from its update.
 */
final class ParticipantCohortChecks {

    private final ParticipantKit kit;

    ParticipantCohortChecks(ParticipantKit kit) {
        this.kit = kit;
    }

    /** One kit member comes with a self-signed certificate (no CA vouches for it): declined, no AdvertiseKeys. */
    String fabricatedMember() throws Exception {
        String[] forged = {null};
        KitRound r = kit.round(0, new KitRound.Lie() {
            @Override
            public Envelope roundStart(Envelope honest, KitRound round) {
                RoundStart.Builder s = honest.getRoundStart().toBuilder();
                for (int i = 0; i < s.getCohortCount(); i++) {
                    CohortEntry e = s.getCohort(i);
                    if (e.getSecaggId() != round.selfId) {
                        forged[0] = e.getParticipantId();
                        byte[] self = KitCredentials.selfSigned(
                                e.getParticipantId(), round.config.identityKey(e.getSecaggId()));
                        s.setCohort(i, e.toBuilder().setCertificate(ByteString.copyFrom(self)));
                        break;
                    }
                }
                return honest.toBuilder().setRoundStart(s).build();
            }
        });
        if (r == null) {
            return "the participant did not connect";
        }
        r.start().run(kit.wait);
        return refusedBeforeKeys(r, "a cohort with member " + forged[0] + ", whose certificate is self-signed");
    }

    /** After a round with revocation list k, a round with list k-1 (validly signed, unexpired) is declined. */
    String oldRevocationList() throws Exception {
        KitCredentials c = kit.credentials;
        if (c.number() < 2) {
            c.serve(c.number() + 1); // there must be an older list to serve
        }
        KitRound honest = kit.round(0, KitRound.Lie.NONE);
        if (honest == null) {
            return "the participant did not connect";
        }
        honest.start().run(kit.wait);
        if (honest.fromParticipant.stream().noneMatch(SecAggMessage::hasAdvertiseKeys)) {
            return "it did not take part in an honest round with revocation list " + c.number() + ": "
                    + ParticipantChecks.why(honest);
        }
        long k = c.number();
        byte[] older = c.signed(k - 1);
        KitRound r = kit.round(0, new KitRound.Lie() {
            @Override
            public Envelope roundStart(Envelope start, KitRound round) {
                return start.toBuilder()
                        .setRoundStart(start.getRoundStart().toBuilder().setRevocationList(ByteString.copyFrom(older)))
                        .build();
            }
        });
        if (r == null) {
            return "the participant did not reconnect";
        }
        r.start().run(kit.wait);
        return refusedBeforeKeys(r, "a round with revocation list " + (k - 1) + " after one with list " + k);
    }

    private static String refusedBeforeKeys(KitRound r, String what) {
        if (r.fromParticipant.stream().anyMatch(SecAggMessage::hasAdvertiseKeys)) {
            return "it advertised keys (its masked update would follow) in " + what;
        }
        if (r.declined == null) {
            return "it did not decline " + what + ": " + ParticipantChecks.why(r);
        }
        return null;
    }
}
