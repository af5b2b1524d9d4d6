package org.fedvae.coordinator.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.fedvae.protocol.proto.Abort;
import org.fedvae.protocol.proto.RevealedShare;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.UnmaskingRequest;

/**
 * The kit's check of the unmasking stage: a participant reveals, for each other member, either
 * its self-mask share or its mask-key share, never both, since both together unmask that
 * member's update alone (PROTOCOL.md, section 6).
 */
final class ParticipantUnmaskingChecks {

    private final ParticipantKit kit;

    ParticipantUnmaskingChecks(ParticipantKit kit) {
        this.kit = kit;
    }

    /**
     * After an honest unmasking, a second request moves a survivor to the dropped list: the
     * participant, which already revealed that member's self-mask share, must refuse.
     */
    String bothShares() throws Exception {
        KitRound r = kit.round(0, KitRound.Lie.NONE);
        if (r == null) {
            return "the participant did not connect";
        }
        r.withoutRoundEnd().start().run(kit.wait);
        UnmaskingRequest honest = r.toParticipant.stream()
                .filter(SecAggMessage::hasUnmaskingRequest)
                .map(SecAggMessage::getUnmaskingRequest)
                .findFirst()
                .orElse(null);
        SecAggMessage response = r.fromParticipant.stream()
                .filter(SecAggMessage::hasUnmaskingResponse)
                .findFirst()
                .orElse(null);
        if (honest == null || response == null) {
            return "the honest round did not reach the participant's unmasking response: " + ParticipantChecks.why(r);
        }
        int victim = response.getUnmaskingResponse().getSelfMaskSharesList().stream()
                .mapToInt(RevealedShare::getOwnerId)
                .filter(id -> id != r.selfId)
                .findFirst()
                .orElse(-1);
        if (victim < 0) {
            return "its unmasking response revealed no self-mask share of another member";
        }
        TreeSet<Integer> survivors = new TreeSet<>(honest.getSurvivorsList());
        survivors.remove(victim);
        TreeSet<Integer> dropped = new TreeSet<>(honest.getDroppedList());
        dropped.add(victim);
        int before = r.fromParticipant.size();
        r.sendToParticipant(SecAggMessage.newBuilder()
                .setRoundId(r.roundId)
                .setSenderId(0)
                .setUnmaskingRequest(honest.toBuilder()
                        .clearSurvivors()
                        .addAllSurvivors(survivors)
                        .clearDropped()
                        .addAllDropped(dropped))
                .build());
        kit.barrier(r);
        List<SecAggMessage> reaction = new ArrayList<>(r.fromParticipant.subList(before, r.fromParticipant.size()));
        for (SecAggMessage m : reaction) {
            if (m.hasUnmaskingResponse()
                    && m.getUnmaskingResponse().getMaskKeySharesList().stream()
                            .anyMatch(s -> s.getOwnerId() == victim)) {
                return "it revealed its share of participant " + victim
                        + "'s mask key after revealing its self-mask share";
            }
        }
        Abort a = reaction.stream()
                .filter(SecAggMessage::hasAbort)
                .map(SecAggMessage::getAbort)
                .findFirst()
                .orElse(null);
        if (a == null) {
            return "it did not abort on a request for the other share of participant " + victim
                    + " (REVEAL_CONFLICT expected)"
                    + (r.timedOut ? "; it did not answer the next round start either" : "");
        }
        return a.getReason() == SecAggAbortReason.REVEAL_CONFLICT
                ? null
                : "it aborted with " + a.getReason() + ", not REVEAL_CONFLICT";
    }
}
