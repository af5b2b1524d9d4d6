package org.fedvae.protocol.secagg;

import java.security.SecureRandom;
import java.util.Arrays;
import org.fedvae.protocol.proto.SecAggMessage;

/** What every participant state may use: who we are, the round, and the (encoded) input once given. */
final class ParticipantContext {

    final RoundConfig config;
    final int selfId;
    final SecureRandom random;
    private final byte[] identityPrivateKey;
    private int[] encodedInput;

    ParticipantContext(RoundConfig config, int selfId, byte[] identityPrivateKey, SecureRandom random) {
        this.config = config;
        this.selfId = selfId;
        this.identityPrivateKey = identityPrivateKey.clone();
        this.random = random;
    }

    byte[] identityPrivateKey() {
        return identityPrivateKey;
    }

    boolean hasInput() {
        return encodedInput != null;
    }

    void setInput(int[] words) {
        this.encodedInput = words;
    }

    /** The encoded input, handed over once: the caller masks it in place and we forget it. */
    int[] takeInput() {
        int[] in = encodedInput;
        encodedInput = null;
        return in;
    }

    SecAggMessage.Builder message() {
        return SecAggMessage.newBuilder().setRoundId(config.roundId()).setSenderId(selfId);
    }

    void wipe() {
        Arrays.fill(identityPrivateKey, (byte) 0);
        if (encodedInput != null) {
            Arrays.fill(encodedInput, 0);
            encodedInput = null;
        }
    }
}
