package org.fedvae.protocol.secagg;

import java.util.Arrays;
import org.fedvae.protocol.crypto.Ed25519;
import org.fedvae.protocol.proto.AdvertiseKeys;
import org.fedvae.protocol.proto.SecAggAbortReason;

/**
 * Checks one AdvertiseKeys against the sender's enrolled identity key; both sides use it. A participant of a sparse
 * round checks every entry's form but only its neighbours' signatures (PROTOCOL.md 3.1, docs/SECURITY.md).
 */
final class AdvertiseCheck {

    static final int X25519_KEY_BYTES = 32;
    static final int SIGNATURE_BYTES = 64;

    private AdvertiseCheck() {}

    /** Form and signature: {@link #wellFormed} and then {@link #requireSigned}. */
    static PeerKeys verify(RoundConfig config, int senderId, AdvertiseKeys keys) throws SecAggViolation {
        PeerKeys peer = wellFormed(config, senderId, keys);
        requireSigned(config, peer);
        return peer;
    }

    /** A cohort member, two 32-byte keys and a 64-byte signature, {@code c_pk != s_pk}; the signature unchecked. */
    static PeerKeys wellFormed(RoundConfig config, int senderId, AdvertiseKeys keys) throws SecAggViolation {
        if (!config.contains(senderId)) {
            throw new SecAggViolation(
                    SecAggAbortReason.UNKNOWN_SENDER,
                    "participant " + senderId + " is not in the cohort of round " + config.roundId());
        }
        if (keys.getCPk().size() != X25519_KEY_BYTES
                || keys.getSPk().size() != X25519_KEY_BYTES
                || keys.getSignature().size() != SIGNATURE_BYTES) {
            throw new SecAggViolation(
                    SecAggAbortReason.MALFORMED_MESSAGE,
                    "AdvertiseKeys of participant " + senderId
                            + " must carry two 32-byte public keys and a 64-byte signature, got "
                            + keys.getCPk().size()
                            + ", " + keys.getSPk().size() + " and "
                            + keys.getSignature().size() + " bytes");
        }
        PeerKeys peer = PeerKeys.of(senderId, keys);
        if (Arrays.equals(peer.cPk(), peer.sPk())) {
            throw new SecAggViolation(
                    SecAggAbortReason.DUPLICATE_KEY,
                    "participant " + senderId + " advertised the same public key as c_pk and s_pk");
        }
        return peer;
    }

    /** The advertise signature of {@code peer} verifies against its enrolled identity key. */
    static void requireSigned(RoundConfig config, PeerKeys peer) throws SecAggViolation {
        byte[] payload = SignedPayloads.advertise(config, peer.id(), peer.cPk(), peer.sPk());
        if (!Ed25519.verify(config.identityKey(peer.id()), payload, peer.signature())) {
            throw new SecAggViolation(
                    SecAggAbortReason.INVALID_SIGNATURE,
                    "AdvertiseKeys of participant " + peer.id()
                            + " does not verify against its enrolled identity key for this round and configuration");
        }
    }
}
