package org.fedvae.protocol.secagg;

import com.google.protobuf.ByteString;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fedvae.protocol.proto.EncryptedShares;
import org.fedvae.protocol.proto.RoutedCiphertext;
import org.fedvae.protocol.proto.RoutedShares;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.ShareCommitments;
import org.fedvae.protocol.proto.ShareKeys;

/**
 * Stage 2 (coordinator): collects every U1 member's encrypted shares, exactly one ciphertext per
 * other member of U1, with (protocol v2) its signed commitments to every share it dealt. On close:
 * U2 = senders, and each member of U2 receives the ciphertexts addressed to it by the other members
 * of U2, each with its sender's signed commitments; the coordinator keeps the commitments to check
 * the shares revealed at unmasking.
 */
final class CoordinatorShareKeysState extends CoordinatorState {

    /** A SharePair of two 32-byte shares is about 70 bytes; anything far larger is not one. */
    private static final int MAX_CIPHERTEXT_BYTES = 512;

    private final KeyRing u1;
    private final SessionGraph graph;
    private final byte[] sessionId;
    private final StageArrivals<Dealt> arrivals;

    /** One sender's ShareKeys as accepted: its ciphertexts by recipient and its verified, signed commitments. */
    private record Dealt(
            Map<Integer, ByteString> ciphertexts, ShareCommitments signed, DealerCommitments commitments) {}

    CoordinatorShareKeysState(CoordinatorContext ctx, KeyRing u1, SessionGraph graph, byte[] sessionId) {
        super(ctx);
        this.u1 = u1;
        this.graph = graph;
        this.sessionId = sessionId;
        this.arrivals = new StageArrivals<>("ShareKeys", "U1", ctx.present(u1.ids()));
    }

    @Override
    SecAggStage stage() {
        return SecAggStage.SHARE_KEYS;
    }

    @Override
    SecAggMessage.BodyCase collects() {
        return SecAggMessage.BodyCase.SHARE_KEYS;
    }

    @Override
    void accept(int sender, SecAggMessage message) throws SecAggViolation {
        arrivals.admit(sender);
        ShareKeys shareKeys = message.getShareKeys();
        Map<Integer, ByteString> byRecipient = new HashMap<>();
        for (EncryptedShares e : shareKeys.getSharesList()) {
            int recipient = e.getRecipientId();
            if (recipient == sender || !u1.contains(recipient)) {
                throw malformed("ShareKeys of participant " + sender + " has a ciphertext for "
                        + Integer.toUnsignedString(recipient) + ", who is not one of its peers in U1");
            }
            if (!graph.areNeighbours(sender, recipient)) {
                throw malformed("ShareKeys of participant " + sender + " has a ciphertext for " + recipient
                        + ", who is not its neighbour");
            }
            if (e.getCiphertext().isEmpty() || e.getCiphertext().size() > MAX_CIPHERTEXT_BYTES) {
                throw malformed("ShareKeys of participant " + sender + " has a ciphertext of "
                        + e.getCiphertext().size() + " bytes for " + recipient + ", expected 1.."
                        + MAX_CIPHERTEXT_BYTES);
            }
            if (byRecipient.put(recipient, e.getCiphertext()) != null) {
                throw malformed("ShareKeys of participant " + sender + " has two ciphertexts for " + recipient);
            }
        }
        NavigableSet<Integer> hood = graph.neighbourhood(sender);
        if (byRecipient.size() != hood.size() - 1) {
            throw malformed("ShareKeys of participant " + sender + " has ciphertexts for " + byRecipient.size()
                    + " peers, " + (graph.isSparse() ? "its neighbourhood" : "U1") + " has " + (hood.size() - 1));
        }
        if (!shareKeys.hasCommitments()) {
            throw malformed("ShareKeys of participant " + sender + " carries no share commitments");
        }
        DealerCommitments commitments =
                DealerCommitments.verify(ctx.config, sessionId, sender, hood, shareKeys.getCommitments());
        arrivals.put(sender, new Dealt(byRecipient, shareKeys.getCommitments(), commitments));
    }

    private static SecAggViolation malformed(String detail) {
        return new SecAggViolation(SecAggAbortReason.MALFORMED_MESSAGE, detail);
    }

    @Override
    boolean complete() {
        return arrivals.complete(ctx.gone);
    }

    @Override
    CoordinatorState close(List<Outgoing> out) throws SecAggViolation {
        arrivals.requireThreshold(ctx.config.threshold());
        Map<Integer, Dealt> sent = arrivals.arrived();
        NavigableSet<Integer> u2 = Collections.unmodifiableNavigableSet(new TreeSet<>(sent.keySet()));
        ctx.dismissMissing(arrivals, "ShareKeys", out);
        for (int recipient : u2) {
            if (ctx.gone.contains(recipient)) {
                continue;
            }
            RoutedShares.Builder routed = RoutedShares.newBuilder();
            for (int sender : graph.neighbourhood(recipient)) {
                if (sender != recipient && u2.contains(sender)) {
                    Dealt d = sent.get(sender);
                    routed.addCiphertexts(RoutedCiphertext.newBuilder()
                            .setSenderId(sender)
                            .setCiphertext(d.ciphertexts().get(recipient))
                            .setSenderCommitments(d.signed()));
                }
            }
            out.add(new Outgoing(
                    recipient, ctx.message().setRoutedShares(routed).build()));
        }
        Map<Integer, DealerCommitments> commitments = new TreeMap<>();
        u2.forEach(dealer -> commitments.put(dealer, sent.get(dealer).commitments()));
        return new CoordinatorMaskedInputState(ctx, u1, graph, sessionId, u2, Collections.unmodifiableMap(commitments));
    }

    @Override
    Set<Integer> members() {
        return arrivals.expected();
    }
}
