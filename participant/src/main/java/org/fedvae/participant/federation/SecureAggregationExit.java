package org.fedvae.participant.federation;

import com.google.protobuf.Message;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.fedvae.protocol.proto.Abort;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.SecAggParticipant;
import org.fedvae.protocol.secagg.SecAggStage;

/** The update leaves masked: a fresh {@link SecAggParticipant} per round (so fresh keys) does the work. */
final class SecureAggregationExit implements UpdateExit {

    private final SecAggParticipant machine;

    SecureAggregationExit(RoundConfig config, int selfId, byte[] identityKey, SecureRandom random) {
        this.machine = new SecAggParticipant(config, selfId, identityKey, random);
    }

    @Override
    public List<Message> start() {
        return List.copyOf(machine.start());
    }

    @Override
    public List<Message> onMessage(SecAggMessage message) {
        return List.copyOf(machine.handle(message));
    }

    @Override
    public List<Message> submit(int[] words) {
        // The machine copies the words before masking, so the caller's array stays the plain encoding.
        return List.copyOf(machine.submitEncodedInput(words));
    }

    @Override
    public List<Message> deadlinePassed() {
        return List.copyOf(machine.deadlinePassed()); // aborts the machine, which wipes its keys
    }

    @Override
    public boolean isTerminal() {
        return machine.stage().isTerminal();
    }

    @Override
    public Optional<Abort> abortReason() {
        return machine.abortReason();
    }

    @Override
    public Optional<String> refusal() {
        return Optional.empty(); // every coordinator message is the machine's to judge; it aborts instead
    }

    @Override
    public Optional<SecAggStage> stage() {
        return Optional.of(machine.stage());
    }
}
