package org.fedvae.coordinator.conformance;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.fedvae.protocol.encoding.UpdateEncoder;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.SecAggParticipant;

/**
 * The kit's own members of one round: a {@link SecAggParticipant} each with a random encoded
 * update that the kit keeps, so that it can take their inputs out of the unmasked sum and see the
 * participant's update alone. The first {@code vanishCount} disappear right after advertising keys.
 */
final class KitMembers {

    private final Map<Integer, SecAggParticipant> machines = new TreeMap<>();
    private final Map<Integer, int[]> words = new TreeMap<>();
    final Set<Integer> vanishing;

    KitMembers(RoundConfig config, KitCohort cohort, int vanishCount, SecureRandom random) {
        Random r = new Random(random.nextLong());
        for (Map.Entry<Integer, byte[]> e : cohort.privateKeys.entrySet()) {
            int id = e.getKey();
            machines.put(id, new SecAggParticipant(config, id, e.getValue(), random));
            float[] delta = new float[config.vectorLength()];
            for (int j = 0; j < delta.length; j++) {
                delta[j] = (float) (r.nextGaussian() * 0.01);
            }
            words.put(
                    id,
                    UpdateEncoder.encode(delta, 10 + id, config.encoding(), r).words());
        }
        this.vanishing = machines.keySet().stream().limit(vanishCount).collect(Collectors.toUnmodifiableSet());
    }

    /** Every member's opening messages, in id order: its AdvertiseKeys and its encoded input. */
    List<SecAggMessage> start() {
        List<SecAggMessage> out = new ArrayList<>();
        for (Map.Entry<Integer, SecAggParticipant> e : machines.entrySet()) {
            out.addAll(e.getValue().start());
            out.addAll(e.getValue().submitEncodedInput(words.get(e.getKey())));
        }
        return out;
    }

    /** Member {@code id}'s answer to a message of the coordinator. */
    List<SecAggMessage> handle(int id, SecAggMessage m) {
        return machines.get(id).handle(m);
    }

    /** {@code sum} less the inputs of the kit members among {@code survivors}, in place. */
    int[] subtractFrom(int[] sum, Set<Integer> survivors) {
        for (int id : survivors) {
            int[] w = words.get(id);
            if (w != null) {
                for (int i = 0; i < sum.length; i++) {
                    sum[i] -= w[i];
                }
            }
        }
        return sum;
    }
}
