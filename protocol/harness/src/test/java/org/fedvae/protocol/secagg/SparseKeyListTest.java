package org.fedvae.protocol.secagg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.fedvae.protocol.crypto.SessionId;
import org.fedvae.protocol.crypto.X25519KeyPair;
import org.fedvae.protocol.property.Draw;
import org.fedvae.protocol.property.PropertyCase;
import org.fedvae.protocol.proto.AdvertisedKeys;
import org.fedvae.protocol.proto.KeyList;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With the sparse graph a participant verifies the advertise signatures of its neighbours only (PROTOCOL.md 3.1,
 * docs/SECURITY.md). A coordinator that forges the keys of one entry and shows every participant that list gets a
 * ring drawn from the forged list's session id, and exactly the forged member's neighbours on that ring abort with
 * INVALID_SIGNATURE; everyone else deals its shares only to its own, genuinely signed, neighbours.
 */
class SparseKeyListTest {

    static Stream<PropertyCase> aForgedEntryIsCaughtByExactlyItsNeighbours() {
        return PropertyCase.cases("secagg-plus-forged-key-list-entry", 20);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void aForgedEntryIsCaughtByExactlyItsNeighbours(PropertyCase c) {
        Draw d = c.draw();
        int n = d.between(12, 40);
        int k = 2 * d.between(1, Math.min((n - 3) / 2, 5));
        int t = d.between((k + 1) / 2 + 1, k + 1);
        long seed = d.anyLong();
        int forgedIndex = d.between(0, n - 1);
        boolean swapC = d.bool();
        c.check(() -> {
            Cohort cohort = Cohort.createSparse(seed, 9_000 + n, n, k, t, 2).withoutInputs();
            Harness h = new Harness(cohort).runUntilCoordinatorIn(SecAggStage.SHARE_KEYS);
            int forged = cohort.ids().get(forgedIndex);
            KeyList list = forge(h.pending(forged).getKeyList(), forged, swapC, seed);
            SessionGraph ring = ringOf(cohort, list);

            NavigableSet<Integer> caught = new TreeSet<>();
            for (int id : cohort.ids()) {
                if (id == forged) {
                    continue; // the coordinator withholds the list from the member it impersonates
                }
                SecAggMessage m = h.pending(id);
                List<SecAggMessage> replies =
                        h.deliverTo(id, m.toBuilder().setKeyList(list).build());
                SecAggParticipant p = cohort.participant(id);
                if (p.stage() == SecAggStage.ABORTED) {
                    assertEquals(
                            SecAggAbortReason.INVALID_SIGNATURE,
                            p.abortReason().orElseThrow().getReason());
                    caught.add(id);
                } else {
                    // Not next to the forged entry: it shares with its neighbours on the forged list's ring only.
                    assertEquals(SecAggStage.SHARE_KEYS, p.stage());
                    assertTrue(replies.get(0).hasShareKeys());
                    NavigableSet<Integer> recipients = new TreeSet<>();
                    replies.get(0).getShareKeys().getSharesList().forEach(s -> recipients.add(s.getRecipientId()));
                    NavigableSet<Integer> neighbours = new TreeSet<>(ring.neighbourhood(id));
                    neighbours.remove(id);
                    assertEquals(neighbours, recipients);
                    assertFalse(recipients.contains(forged));
                }
            }
            NavigableSet<Integer> expected = new TreeSet<>(ring.neighbourhood(forged));
            expected.remove(forged);
            assertEquals(expected, caught, "the forged member's neighbours, and only they, must catch it");
        });
    }

    /** The list with {@code forged}'s c_pk or s_pk replaced by a fresh key; its signature no longer matches. */
    private static KeyList forge(KeyList list, int forged, boolean swapC, long seed) {
        KeyList.Builder b = list.toBuilder();
        ByteString evil = ByteString.copyFrom(
                X25519KeyPair.generate(Cohort.seeded(seed ^ 0x5eedL)).publicKey());
        for (int i = 0; i < b.getEntriesCount(); i++) {
            AdvertisedKeys.Builder e = b.getEntries(i).toBuilder();
            if (e.getParticipantId() == forged) {
                e.setKeys(
                        swapC
                                ? e.getKeys().toBuilder().setCPk(evil)
                                : e.getKeys().toBuilder().setSPk(evil));
                b.setEntries(i, e);
            }
        }
        return b.build();
    }

    /** The ring every participant computes from this list (its session id hashes every entry, forged or not). */
    private static SessionGraph ringOf(Cohort cohort, KeyList list) {
        List<SessionId.Entry> entries = new ArrayList<>();
        NavigableSet<Integer> ids = new TreeSet<>();
        for (AdvertisedKeys e : list.getEntriesList()) {
            entries.add(new SessionId.Entry(
                    e.getParticipantId(),
                    e.getKeys().getCPk().toByteArray(),
                    e.getKeys().getSPk().toByteArray()));
            ids.add(e.getParticipantId());
        }
        byte[] sessionId = SessionId.compute(cohort.config.roundId(), entries);
        return SessionGraph.of(cohort.config, ids, sessionId);
    }
}
