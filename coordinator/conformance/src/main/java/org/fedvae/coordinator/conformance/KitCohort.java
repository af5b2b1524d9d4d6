package org.fedvae.coordinator.conformance;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fedvae.protocol.crypto.Ed25519KeyPair;

/**
 * The cohort of one kit round: the participant under test and {@code members} kit members with
 * fresh identity keys and certificates the kit issues with the federation CA, so that an honest
 * round's cohort is as authentic as a real coordinator's. Secure-aggregation ids are 1..n in the
 * order of the sorted transport ids.
 */
final class KitCohort {

    final List<String> names;
    final int selfId;
    /** Identity public keys by secure-aggregation id. */
    final Map<Integer, byte[]> publicKeys = new TreeMap<>();
    /** The kit members' identity private keys by secure-aggregation id. */
    final Map<Integer, byte[]> privateKeys = new TreeMap<>();
    /** Certificates (DER) in the order of {@link #names}. */
    final List<byte[]> certificates = new ArrayList<>();

    KitCohort(PeerConnection peer, KitCredentials credentials, int members, SecureRandom random) {
        TreeSet<String> sorted = new TreeSet<>();
        sorted.add(peer.participantId);
        for (int i = 1; i <= members; i++) {
            sorted.add("conformance-kit-" + i);
        }
        this.names = List.copyOf(sorted);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(peer.participantId)) {
                publicKeys.put(i + 1, peer.identityKey);
                certificates.add(peer.certificate);
            } else {
                Ed25519KeyPair k = Ed25519KeyPair.generate(random);
                publicKeys.put(i + 1, k.publicKey());
                privateKeys.put(i + 1, k.privateKey());
                certificates.add(credentials.certificate(names.get(i), k.publicKey()));
            }
        }
        this.selfId = names.indexOf(peer.participantId) + 1;
    }
}
