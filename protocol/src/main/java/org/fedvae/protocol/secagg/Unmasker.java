package org.fedvae.protocol.secagg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import org.fedvae.protocol.crypto.KeyDerivation;
import org.fedvae.protocol.crypto.MaskPrg;
import org.fedvae.protocol.crypto.Shamir;
import org.fedvae.protocol.crypto.ShamirShare;
import org.fedvae.protocol.crypto.X25519KeyPair;
import org.fedvae.protocol.proto.RevealedShare;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.UnmaskingResponse;

/**
 * Turns the masked sum over U3 into the plain sum: reconstructs each survivor's seed b and
 * subtracts PRG(b); reconstructs each dropped participant's s_sk and, with every survivor's s_pk,
 * regenerates and removes the pairwise masks that did not cancel. Pairwise masks among
 * survivors cancel by themselves and are never touched.
 */
final class Unmasker {

    private final RoundConfig config;
    private final KeyRing u1;
    private final SessionGraph graph;
    private final byte[] sessionId;

    Unmasker(RoundConfig config, KeyRing u1, SessionGraph graph, byte[] sessionId) {
        this.config = config;
        this.u1 = u1;
        this.graph = graph;
        this.sessionId = sessionId;
    }

    void unmask(
            int[] sum,
            NavigableSet<Integer> survivors,
            NavigableSet<Integer> dropped,
            Map<Integer, UnmaskingResponse> responses)
            throws SecAggViolation {
        Map<Integer, List<ShamirShare>> bShares = new HashMap<>();
        Map<Integer, List<ShamirShare>> sShares = new HashMap<>();
        for (UnmaskingResponse r : responses.values()) {
            collect(r.getSelfMaskSharesList(), bShares);
            collect(r.getMaskKeySharesList(), sShares);
        }
        List<ParallelSum.Job> jobs = new ArrayList<>(survivors.size() + dropped.size());
        for (int u : survivors) {
            List<ShamirShare> shares = bShares.get(u);
            jobs.add(acc -> removeSelfMask(u, shares, acc));
        }
        for (int v : dropped) {
            List<Integer> maskedWith = new ArrayList<>();
            for (int u : graph.neighbourhood(v)) {
                if (u != v && survivors.contains(u)) {
                    maskedWith.add(u);
                }
            }
            if (maskedWith.isEmpty()) {
                continue; // sparse graph: no survivor masked with v, nothing to undo (and nobody asked holds its
                // shares)
            }
            List<ShamirShare> shares = sShares.get(v);
            jobs.add(acc -> removePairwiseMasks(v, shares, maskedWith, acc));
        }
        // Independent per owner, and addition mod 2^32 commutes: both cores of a small server share the work.
        ParallelSum.run(jobs, sum);
    }

    private void removeSelfMask(int u, List<ShamirShare> shares, int[] acc) throws SecAggViolation {
        byte[] b = reconstruct(shares, u, "self-mask seed");
        byte[] key = KeyDerivation.selfMaskKey(b, sessionId);
        MaskPrg.add(key, KeyDerivation.maskIv(), acc, true);
        Arrays.fill(b, (byte) 0);
        Arrays.fill(key, (byte) 0);
    }

    private void removePairwiseMasks(int v, List<ShamirShare> shares, List<Integer> maskedWith, int[] acc)
            throws SecAggViolation {
        byte[] sSk = reconstruct(shares, v, "mask key");
        // Shares are checked against their dealer's commitment, not proven to lie on one polynomial
        // (no VSS): a dealer may have committed to inconsistent shares. The advertised s_pk catches that.
        if (!Arrays.equals(
                X25519KeyPair.fromPrivateKey(sSk).publicKey(), u1.get(v).sPk())) {
            Arrays.fill(sSk, (byte) 0);
            throw failed(
                    "the mask key reconstructed for dropped participant " + v + " does not match its advertised s_pk");
        }
        for (int u : maskedWith) {
            byte[] shared = Agreement.agree(sSk, u1.get(u).sPk(), u, "s_pk");
            byte[] key = KeyDerivation.pairwiseMaskKey(shared, sessionId);
            // Survivor u added the stream if u < v and subtracted it otherwise; undo that.
            MaskPrg.add(key, KeyDerivation.maskIv(), acc, u < v);
            Arrays.fill(shared, (byte) 0);
            Arrays.fill(key, (byte) 0);
        }
        Arrays.fill(sSk, (byte) 0);
    }

    private static void collect(List<RevealedShare> revealed, Map<Integer, List<ShamirShare>> byOwner) {
        for (RevealedShare s : revealed) {
            byOwner.computeIfAbsent(s.getOwnerId(), k -> new ArrayList<>())
                    .add(new ShamirShare(s.getShareIndex(), s.getShare().toByteArray()));
        }
    }

    /**
     * Combines t shares; when more arrived, also combines the last t and requires the same secret,
     * so an inconsistent share aborts rather than silently corrupting the sum.
     */
    private byte[] reconstruct(List<ShamirShare> shares, int owner, String what) throws SecAggViolation {
        int t = config.threshold();
        int have = shares == null ? 0 : shares.size();
        if (have < t) {
            throw failed(
                    "only " + have + " shares of the " + what + " of participant " + owner + ", threshold is " + t);
        }
        byte[] secret = Shamir.combine(shares.subList(0, t));
        if (have > t) {
            byte[] check = Shamir.combine(shares.subList(have - t, have));
            boolean same = Arrays.equals(secret, check);
            Arrays.fill(check, (byte) 0);
            if (!same) {
                Arrays.fill(secret, (byte) 0);
                throw failed("the shares of the " + what + " of participant " + owner + " are inconsistent");
            }
        }
        return secret;
    }

    private static SecAggViolation failed(String detail) {
        return new SecAggViolation(SecAggAbortReason.RECONSTRUCTION_FAILED, detail);
    }
}
