package org.fedvae.protocol.fuzz;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.fedvae.protocol.proto.RevealedShare;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.UnmaskingResponse;
import org.fedvae.protocol.secagg.Rejection;
import org.fedvae.protocol.secagg.SecAggStage;

/**
 * Runs fuzz inputs against the secure-aggregation state machines of both sides and checks:
 * <ul>
 *   <li>nothing throws and every round ends within its step budget;</li>
 *   <li>safety: a completed round's sum is exactly the survivors' inputs (with a participant's
 *       accepted, altered masked input counted as what it unmasks to); the coordinator never accepts
 *       a revealed share other than the one its sender really holds (protocol v2: shares are bound
 *       to signed commitments); no honest participant ever reveals both kinds of share of one peer;</li>
 *   <li>isolation: a message from an authenticated participant X that the coordinator refuses
 *       (or an Abort from X) removes X alone, and the round then ends exactly as if X had
 *       dropped at that stage: same result, same survivors, same sum, every other participant
 *       completed, nobody else refused; likewise a participant that aborts on a coordinator
 *       message leaves the others' round as if it had dropped.</li>
 * </ul>
 * One instance per thread: the participant cache is not thread-safe.
 */
public final class SecAggFuzzTargets {

    private final Fixture fx = new Fixture();
    private final ParticipantOracle oracle = new ParticipantOracle(fx);
    /** Each participant's honest message of each stage. */
    private final Map<Integer, Map<SecAggStage, SecAggMessage>> honestUp = new TreeMap<>();
    /** The honest coordinator message each participant answers with each stage. */
    private final Map<Integer, Map<SecAggStage, SecAggMessage>> honestDown = new TreeMap<>();

    private final List<SecAggMessage> allHonest = new ArrayList<>();
    private final Map<String, FuzzRound.Outcome> baselines = new HashMap<>();

    public SecAggFuzzTargets() {
        for (int id : Fixture.IDS) {
            honestUp.put(id, new EnumMap<>(SecAggStage.class));
            honestDown.put(id, new EnumMap<>(SecAggStage.class));
        }
        FuzzRound.Outcome honest = FuzzRound.run(fx, oracle, Map.of(), new FuzzRound.Hooks() {
            @Override
            public List<SecAggMessage> upstream(int from, SecAggMessage m) {
                honestUp.get(from).put(FuzzRound.stageOf(m), m);
                allHonest.add(m);
                return List.of(m);
            }

            @Override
            public List<SecAggMessage> downstream(int to, SecAggMessage m) {
                SecAggStage s = SecAggStage.ofReplyTo(m);
                if (s != null) {
                    honestDown.get(to).put(s, m);
                }
                allHonest.add(m);
                return List.of(m);
            }
        });
        if (honest.stage() != SecAggStage.COMPLETED) {
            throw new IllegalStateException("the honest fuzz round does not complete: " + honest.abort());
        }
    }

    /** The honest message participant {@code id} sends in {@code stage}. */
    public SecAggMessage honestUpstream(int id, SecAggStage stage) {
        return honestUp.get(id).get(stage);
    }

    /** The honest coordinator message participant {@code id} answers with {@code stage}'s message. */
    public SecAggMessage honestDownstream(int id, SecAggStage stage) {
        return honestDown.get(id).get(stage);
    }

    /** Every honest message of the round, both directions: donors for mutations. */
    public List<SecAggMessage> honestMessages() {
        return List.copyOf(allHonest);
    }

    public Verdict run(FuzzInput in) {
        return switch (in.kind()) {
            case FRAME -> FrameFuzzTarget.run(in);
            case COORDINATOR -> coordinator(in);
            case PARTICIPANT -> participant(in);
        };
    }

    private Verdict coordinator(FuzzInput in) {
        SecAggMessage parsed;
        try {
            parsed = SecAggMessage.parseFrom(in.data().get(0));
        } catch (InvalidProtocolBufferException e) {
            return Verdict.ok("unparsable");
        }
        int x = in.party();
        boolean authenticated = in.flag() && Fixture.IDS.contains(x);
        SecAggMessage m = authenticated ? parsed.toBuilder().setSenderId(x).build() : parsed;
        boolean[] used = {false};
        FuzzRound.Outcome o = FuzzRound.run(fx, oracle, Map.of(), new FuzzRound.Hooks() {
            @Override
            public List<SecAggMessage> upstream(int from, SecAggMessage real) {
                // A member's message is replaced; an outsider's is slipped in before the stage's first message.
                boolean member = Fixture.IDS.contains(x);
                if (!used[0] && (from == x || !member) && FuzzRound.stageOf(real) == in.stage()) {
                    used[0] = true;
                    return member ? List.of(m) : List.of(m, real);
                }
                return List.of(real);
            }
        });
        if (used[0]) {
            // Protocol v2: shares are bound to their dealers' signed commitments, so the coordinator
            // must refuse an altered share whatever else happens in the round.
            String altered = alteredShareAccepted(m, o);
            if (altered != null) {
                return Verdict.failed("coordinator", altered);
            }
        }
        String problem = safety(o, used[0] ? adjustment(m, o) : new int[fx.config.wordCount()]);
        if (problem != null) {
            return Verdict.failed("coordinator", problem);
        }
        if (!authenticated) {
            return Verdict.ok("coordinator-unauthenticated");
        }
        Rejection refused = o.refusals().get(m);
        if (m.hasAbort() || refused != null) {
            if (refused != null && (refused.senderId() != x || !refused.senderRemoved())) {
                return Verdict.failed(
                        "coordinator", "refusing " + x + "'s message did not remove exactly " + x + ": " + refused);
            }
            String iso = isolation(o, x, in.stage());
            return iso == null
                    ? Verdict.ok(refused != null ? "coordinator-refused" : "coordinator-abort")
                    : Verdict.failed("coordinator", iso);
        }
        for (Rejection r : o.rejections()) {
            if (r.senderId() != x) {
                return Verdict.failed(
                        "coordinator",
                        "an accepted message from " + x + " got participant " + r.senderId() + " refused: " + r);
            }
        }
        return Verdict.ok("coordinator-accepted");
    }

    private Verdict participant(FuzzInput in) {
        SecAggMessage m;
        try {
            m = SecAggMessage.parseFrom(in.data().get(0));
        } catch (InvalidProtocolBufferException e) {
            return Verdict.ok("unparsable");
        }
        int p = in.party();
        if (!Fixture.IDS.contains(p)) {
            return Verdict.ok("participant-none");
        }
        boolean[] used = {false};
        FuzzRound.Outcome o = FuzzRound.run(fx, oracle, Map.of(), new FuzzRound.Hooks() {
            @Override
            public List<SecAggMessage> downstream(int to, SecAggMessage real) {
                if (!used[0] && to == p && SecAggStage.ofReplyTo(real) == in.stage()) {
                    used[0] = true;
                    return in.flag() ? List.of(m) : List.of(real, m);
                }
                return List.of(real);
            }
        });
        String conflict = revealConflict(o);
        if (conflict != null) {
            return Verdict.failed("participant", conflict);
        }
        if (!o.stage().isTerminal()) {
            return Verdict.failed("participant", "round ended in a non-terminal stage " + o.stage());
        }
        if (o.participantStages().get(p) == SecAggStage.ABORTED && abortedAt(o, p, in)) {
            String iso = isolation(o, p, in.stage());
            return iso == null ? Verdict.ok("participant-aborted") : Verdict.failed("participant", iso);
        }
        return Verdict.ok("participant-continued");
    }

    /** P aborted on the fuzz message itself (its first message after it is an Abort, or it went silent by PEER_ABORTED). */
    private boolean abortedAt(FuzzRound.Outcome o, int p, FuzzInput in) {
        if (!in.flag()) {
            return false; // the real message came first; P answered it, so it did not drop "at" this stage
        }
        List<SecAggMessage> sent = o.sent().get(p);
        int before = 0;
        for (SecAggStage s : SecAggStage.values()) {
            if (s.ordinal() < in.stage().ordinal() && honestUp.get(p).containsKey(s)) {
                before++;
            }
        }
        return sent.size() == before
                || (sent.size() == before + 1 && sent.get(before).hasAbort());
    }

    /** The round must end as the baseline where {@code x} drops at {@code stage}. */
    private String isolation(FuzzRound.Outcome o, int x, SecAggStage stage) {
        FuzzRound.Outcome base = baselines.computeIfAbsent(
                x + "@" + stage, k -> FuzzRound.run(fx, oracle, Map.of(x, stage), new FuzzRound.Hooks() {}));
        if (o.stage() != base.stage()) {
            return "after removing " + x + " at " + stage + " the round ends " + o.stage() + " " + o.abort()
                    + ", as a dropout it ends " + base.stage();
        }
        if (!o.survivors().equals(base.survivors())) {
            return "survivors " + o.survivors() + " differ from the dropout baseline " + base.survivors();
        }
        if (o.sum().isPresent() != base.sum().isPresent()
                || o.sum().isPresent()
                        && !Arrays.equals(o.sum().get(), base.sum().get())) {
            return "sum differs from the dropout baseline";
        }
        for (int id : Fixture.IDS) {
            if (id != x
                    && o.participantStages().get(id) != base.participantStages().get(id)) {
                return "participant " + id + " ends in " + o.participantStages().get(id) + ", in the baseline in "
                        + base.participantStages().get(id);
            }
        }
        for (Rejection r : o.rejections()) {
            if (r.senderId() != x) {
                return "participant " + r.senderId() + " was refused too: " + r;
            }
        }
        return null;
    }

    /** A completed sum must be the survivors' inputs; honest participants never reveal both shares of a peer. */
    private String safety(FuzzRound.Outcome o, int[] adjustment) {
        if (!o.stage().isTerminal()) {
            return "round ended in a non-terminal stage " + o.stage();
        }
        if (o.stage() == SecAggStage.COMPLETED) {
            int[] expected = adjustment.clone();
            for (int id : o.survivors().orElseThrow()) {
                int[] in = fx.input(id);
                for (int i = 0; i < expected.length; i++) {
                    expected[i] += in[i];
                }
            }
            if (!Arrays.equals(expected, o.sum().orElseThrow())) {
                return "completed with a sum that is not the survivors' inputs "
                        + o.survivors().orElseThrow();
            }
        }
        return revealConflict(o);
    }

    /**
     * What an accepted, altered MaskedInput adds to the sum: its words minus the real masked words
     * of the participant it names (whose own MaskedInput is then refused as a duplicate).
     */
    private int[] adjustment(SecAggMessage m, FuzzRound.Outcome o) {
        int[] adj = new int[fx.config.wordCount()];
        int s = m.getSenderId();
        SecAggMessage real = Fixture.IDS.contains(s) ? honestUp.get(s).get(SecAggStage.MASKED_INPUT) : null;
        boolean refused = o.refusals().containsKey(m);
        if (real == null
                || !m.hasMaskedInput()
                || m.getRoundId() != Fixture.ROUND_ID
                || refused
                || m.getMaskedInput().getWordsLe().size() != 4 * adj.length) {
            return adj;
        }
        int[] fake = words(m.getMaskedInput().getWordsLe().toByteArray());
        int[] honest = words(real.getMaskedInput().getWordsLe().toByteArray());
        for (int i = 0; i < adj.length; i++) {
            adj[i] = fake[i] - honest[i];
        }
        return adj;
    }

    /**
     * Describes a share the coordinator took in an UnmaskingResponse that is not what its named
     * sender really holds (an owner's share of either kind with other bytes), or null if none.
     */
    private String alteredShareAccepted(SecAggMessage m, FuzzRound.Outcome o) {
        int s = m.getSenderId();
        if (!m.hasUnmaskingResponse() || o.refusals().containsKey(m) || !Fixture.IDS.contains(s)) {
            return null;
        }
        SecAggMessage real = honestUp.get(s).get(SecAggStage.UNMASKING);
        if (real == null) {
            return null;
        }
        UnmaskingResponse fake = m.getUnmaskingResponse();
        UnmaskingResponse honest = real.getUnmaskingResponse();
        String b = alteredAmong(fake.getSelfMaskSharesList(), honest.getSelfMaskSharesList());
        String k = alteredAmong(fake.getMaskKeySharesList(), honest.getMaskKeySharesList());
        String which = b != null ? "self-mask share of " + b : k != null ? "mask-key share of " + k : null;
        return which == null ? null : "the coordinator accepted an altered " + which + " in the response of " + s;
    }

    /** The owner of a share in {@code taken} whose bytes or index differ from the honest share of that owner, or null. */
    private static String alteredAmong(List<RevealedShare> taken, List<RevealedShare> honest) {
        Map<Integer, RevealedShare> byOwner = new HashMap<>();
        honest.forEach(h -> byOwner.put(h.getOwnerId(), h));
        for (RevealedShare t : taken) {
            RevealedShare h = byOwner.get(t.getOwnerId());
            if (h == null || !h.getShare().equals(t.getShare()) || h.getShareIndex() != t.getShareIndex()) {
                return Integer.toUnsignedString(t.getOwnerId());
            }
        }
        return null;
    }

    private static int[] words(byte[] le) {
        int[] out = new int[le.length / 4];
        ByteBuffer.wrap(le).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
        return out;
    }

    private static String revealConflict(FuzzRound.Outcome o) {
        for (Map.Entry<Integer, List<SecAggMessage>> e : o.sent().entrySet()) {
            Set<Integer> selfMask = new HashSet<>();
            Set<Integer> maskKey = new HashSet<>();
            for (SecAggMessage m : e.getValue()) {
                if (m.hasUnmaskingResponse()) {
                    m.getUnmaskingResponse().getSelfMaskSharesList().forEach(s -> selfMask.add(s.getOwnerId()));
                    for (RevealedShare s : m.getUnmaskingResponse().getMaskKeySharesList()) {
                        maskKey.add(s.getOwnerId());
                    }
                }
            }
            selfMask.retainAll(maskKey);
            if (!selfMask.isEmpty()) {
                return "participant " + e.getKey() + " revealed both kinds of share of " + selfMask;
            }
        }
        return null;
    }
}
