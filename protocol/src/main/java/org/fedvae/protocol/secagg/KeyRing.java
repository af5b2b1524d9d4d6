package org.fedvae.protocol.secagg;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import org.fedvae.protocol.crypto.SessionId;
import org.fedvae.protocol.proto.KeyList;
import org.fedvae.protocol.proto.SecAggAbortReason;

/** U1: the verified round keys of every participant that advertised in time, by id. */
final class KeyRing {

    private final TreeMap<Integer, PeerKeys> byId;

    private KeyRing(TreeMap<Integer, PeerKeys> byId) {
        this.byId = byId;
    }

    /** Rejects a second entry for one id and any public key that appears twice in the round. */
    static KeyRing of(Iterable<PeerKeys> peers) throws SecAggViolation {
        TreeMap<Integer, PeerKeys> byId = new TreeMap<>();
        Map<ByteBuffer, Integer> owners = new HashMap<>();
        for (PeerKeys p : peers) {
            if (byId.put(p.id(), p) != null) {
                throw new SecAggViolation(
                        SecAggAbortReason.DUPLICATE_SENDER, "participant " + p.id() + " appears twice in the key list");
            }
            for (byte[] key : List.of(p.cPk(), p.sPk())) {
                Integer other = owners.putIfAbsent(ByteBuffer.wrap(key), p.id());
                if (other != null) {
                    throw new SecAggViolation(
                            SecAggAbortReason.DUPLICATE_KEY,
                            "participants " + other + " and " + p.id() + " advertised the same public key");
                }
            }
        }
        return new KeyRing(byId);
    }

    int size() {
        return byId.size();
    }

    boolean contains(int id) {
        return byId.containsKey(id);
    }

    PeerKeys get(int id) {
        PeerKeys p = byId.get(id);
        if (p == null) {
            throw new IllegalArgumentException("participant " + id + " is not in U1");
        }
        return p;
    }

    /** The entries of {@code ids} only (each must be here): what a participant keeps of U1 after the key list. */
    KeyRing restrictedTo(Iterable<Integer> ids) {
        TreeMap<Integer, PeerKeys> kept = new TreeMap<>();
        for (int id : ids) {
            kept.put(id, get(id));
        }
        return kept.size() == byId.size() ? this : new KeyRing(kept);
    }

    /** Ids in ascending order. */
    NavigableSet<Integer> ids() {
        return Collections.unmodifiableNavigableSet(byId.navigableKeySet());
    }

    /** The session id binds every derived key and stream to this round and to exactly these keys. */
    byte[] sessionId(long roundId) {
        List<SessionId.Entry> entries = new ArrayList<>(byId.size());
        for (PeerKeys p : byId.values()) {
            entries.add(new SessionId.Entry(p.id(), p.cPk(), p.sPk()));
        }
        return SessionId.compute(roundId, entries);
    }

    KeyList toProto() {
        KeyList.Builder b = KeyList.newBuilder();
        for (PeerKeys p : byId.values()) {
            b.addEntries(p.toProto());
        }
        return b.build();
    }
}
