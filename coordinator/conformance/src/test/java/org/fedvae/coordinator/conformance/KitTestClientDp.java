package org.fedvae.coordinator.conformance;

import java.security.MessageDigest;
import org.fedvae.protocol.encoding.ddp.ClientDpDigest;
import org.fedvae.protocol.proto.ClientDp;
import org.fedvae.protocol.proto.RoundStart;
import org.fedvae.protocol.secagg.RoundConfig;

/**
 * What {@link KitTestParticipant} checks of a round's client-level DP declaration (PROTOCOL.md 7.1).
 *
 * @param minNoiseMultiplier its client-level budget, as a test double: the least noise on the sum, in multiples of
 *     the clip, it accepts per round (the real participant composes RDP instead); 0: no budget of its own
 */
record KitTestClientDp(double minNoiseMultiplier) {

    /** Why it declines the round's client-level DP declaration (PROTOCOL.md 7.1), or null. */
    String refusal(RoundStart start, RoundConfig config) {
        if (!start.hasClientDp()) {
            if (config.hasClientDpDigest()) {
                return "the configuration binds client-level DP parameters the round start does not carry";
            }
            return minNoiseMultiplier > 0 ? "this site takes part only in client-level DP rounds" : null;
        }
        ClientDp dp = start.getClientDp();
        if (!config.hasClientDpDigest() || !MessageDigest.isEqual(ClientDpDigest.of(dp), config.clientDpDigest())) {
            return "the client-level DP parameters are not the ones the signed configuration binds";
        }
        if (!start.getSecureAggregation()) {
            return "a client-level DP round must be masked";
        }
        if (Integer.toUnsignedLong(dp.getMinContributors()) > config.threshold()) {
            return "the noise counts on more contributors than the threshold";
        }
        if (dp.getNoiseStddev() < minNoiseMultiplier * dp.getClip()) {
            return "the round's noise is beyond this site's client-level budget";
        }
        return null;
    }
}
