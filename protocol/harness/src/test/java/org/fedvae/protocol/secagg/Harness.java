package org.fedvae.protocol.secagg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.fedvae.protocol.proto.SecAggMessage;

/**
 * Drives a round stage by stage so that tests can look at, replace or forge the messages in
 * between. Coordinator messages wait in per-participant inboxes until delivered.
 */
final class Harness {

    final Cohort cohort;
    final SecAggCoordinator coordinator;
    /** Coordinator messages not yet delivered, by recipient. */
    final Map<Integer, List<SecAggMessage>> inbox = new TreeMap<>();
    /** Every participant message the coordinator got, in order. */
    final List<SecAggMessage> upstream = new ArrayList<>();

    final List<Rejection> rejections = new ArrayList<>();

    Harness(Cohort cohort) {
        this.cohort = cohort;
        this.coordinator = new SecAggCoordinator(cohort.config);
    }

    /** All participants start; their AdvertiseKeys go to the coordinator. */
    Harness start() {
        return start(cohort.participants.keySet());
    }

    Harness start(Collection<Integer> who) {
        for (int id : who) {
            toCoordinator(cohort.participant(id).start());
        }
        return this;
    }

    void toCoordinator(List<SecAggMessage> messages) {
        for (SecAggMessage m : messages) {
            upstream.add(m);
            record(coordinator.handle(m));
        }
    }

    void record(CoordinatorStep step) {
        step.rejection().ifPresent(rejections::add);
        for (Outgoing o : step.messages()) {
            inbox.computeIfAbsent(o.recipientId(), k -> new ArrayList<>()).add(o.message());
        }
    }

    /** The single pending coordinator message for {@code id}. */
    SecAggMessage pending(int id) {
        List<SecAggMessage> q = inbox.get(id);
        assertFalse(q == null || q.isEmpty(), "no message pending for participant " + id);
        assertEquals(1, q.size(), "pending for " + id + ": " + q);
        return q.get(0);
    }

    /** Delivers every pending message except to {@code silent}, whose messages are discarded; replies go upstream. */
    Harness deliverAll(Set<Integer> silent) {
        Map<Integer, List<SecAggMessage>> batch = new TreeMap<>(inbox);
        inbox.clear();
        batch.forEach((id, messages) -> {
            if (!silent.contains(id)) {
                for (SecAggMessage m : messages) {
                    toCoordinator(cohort.participant(id).handle(m));
                }
            }
        });
        return this;
    }

    Harness deliverAll() {
        return deliverAll(Set.of());
    }

    /** Delivers one message to one participant and returns its replies without forwarding them. */
    List<SecAggMessage> deliverTo(int id, SecAggMessage m) {
        return cohort.participant(id).handle(m);
    }

    Harness deadline() {
        record(coordinator.stageDeadlinePassed());
        return this;
    }

    /**
     * Runs the honest round (nobody drops) until the coordinator collects {@code stage}: the
     * requests of that stage then wait in the inboxes.
     */
    Harness runUntilCoordinatorIn(SecAggStage stage) {
        start();
        while (coordinator.stage().ordinal() < stage.ordinal()) {
            deliverAll();
        }
        assertEquals(stage, coordinator.stage());
        return this;
    }
}
