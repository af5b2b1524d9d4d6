package org.fedvae.coordinator.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.proto.SecAggMessage.BodyCase;

/**
 * The checks the kit's participants run against a coordinator. The transport checks use one
 * participant before the others connect; then each round check plays one round with every kit
 * participant, one of them (or, below threshold, several) following a misbehaving plan. A
 * round's new global model is only known at the next RoundStart (or FederationComplete), so each
 * round check is reported once that arrives.
 */
final class CoordinatorChecks {

    private final CoordinatorKit kit;
    /** The last participant misbehaves in the round checks. */
    private final KitParticipant odd;

    /** What the next global model must be, once known: the pending round check. */
    private interface ModelCheck {
        String failure(ModelParameters next);
    }

    private record Pending(String name, ModelCheck check) {}

    private Pending pending;

    CoordinatorChecks(CoordinatorKit kit) {
        this.kit = kit;
        this.odd = kit.participants.get(kit.participants.size() - 1);
    }

    /** The round checks in the order the kit plays them: round k of the run is check k. */
    private enum RoundCheck {
        FULL_ROUND("coordinator.full-round", null, true),
        DROPOUT_ADVERTISE(
                "coordinator.dropout-after-advertise-keys", KitParticipant.Plan.vanishOn(BodyCase.KEY_LIST), false),
        DROPOUT_SHARE(
                "coordinator.dropout-after-share-keys", KitParticipant.Plan.vanishOn(BodyCase.ROUTED_SHARES), false),
        DROPOUT_MASKED(
                "coordinator.dropout-after-masked-input",
                KitParticipant.Plan.vanishOn(BodyCase.CONSISTENCY_CHECK_REQUEST),
                true),
        DROPOUT_SIGNED(
                "coordinator.dropout-after-consistency-signature",
                KitParticipant.Plan.vanishOn(BodyCase.UNMASKING_REQUEST),
                true),
        INVALID_SIGNATURE(
                "coordinator.invalid-signature-rejected",
                new KitParticipant.Plan(BodyCase.BODY_NOT_SET, true, false),
                false),
        REPLAY(
                "coordinator.replayed-message-rejected",
                new KitParticipant.Plan(BodyCase.BODY_NOT_SET, false, true),
                false),
        BELOW_THRESHOLD("coordinator.below-threshold-nothing-unmasked", null, false);

        final String check;
        final KitParticipant.Plan oddPlan;
        final boolean oddCounts;

        RoundCheck(String check, KitParticipant.Plan oddPlan, boolean oddCounts) {
            this.check = check;
            this.oddPlan = oddPlan;
            this.oddCounts = oddCounts;
        }
    }

    void runAll(Consumer<CheckResult> report) throws InterruptedException {
        CoordinatorTransportChecks transport = new CoordinatorTransportChecks(kit);
        report.accept(result("coordinator.wrong-protocol-version-rejected", transport.wrongVersion()));
        report.accept(result("coordinator.oversized-frame-rejected", transport.oversizedFrame()));
        installSchedule();
        for (RoundCheck c : RoundCheck.values()) {
            if (c == RoundCheck.BELOW_THRESHOLD) {
                belowThreshold(report);
            } else {
                round(report, c.check, c.oddCounts);
            }
        }
        if (pending == null) {
            return;
        }
        ModelParameters last = kit.nextModel();
        report.accept(result(
                pending.name(),
                last == null
                        ? "the coordinator started no further round and did not end the federation"
                        : pending.check().failure(last)));
    }

    /**
     * Fixes every participant's plan for every round before any starts: the coordinator may start
     * a round the moment the last one ends, before the kit could tell its participants anything.
     * Round ids increase by one (9.1), so the k-th round after the first the kit sees is check k.
     */
    private void installSchedule() {
        AtomicLong first = new AtomicLong(-1);
        RoundCheck[] checks = RoundCheck.values();
        for (KitParticipant p : kit.participants) {
            p.planner = (config, self) -> {
                first.compareAndSet(-1, config.roundId());
                long k = config.roundId() - first.get();
                if (k < 0 || k >= checks.length) {
                    return KitParticipant.Plan.HONEST;
                }
                if (checks[(int) k] == RoundCheck.BELOW_THRESHOLD) {
                    // Those with numeric id >= t vanish: n - t + 1 of them, so t - 1 remain to sign.
                    return self >= config.threshold()
                            ? KitParticipant.Plan.vanishOn(BodyCase.CONSISTENCY_CHECK_REQUEST)
                            : KitParticipant.Plan.HONEST;
                }
                return p == odd && checks[(int) k].oddPlan != null
                        ? checks[(int) k].oddPlan
                        : KitParticipant.Plan.HONEST;
            };
        }
    }

    private static CheckResult result(String name, String failure) {
        return failure == null ? CheckResult.pass(name) : CheckResult.fail(name, failure);
    }

    /**
     * One round in which the odd participant follows its scheduled plan: it must complete, the odd one
     * refused when it sent something bad, and the new model must be the FedAvg of the updates
     * that should count (the odd one's only if {@code oddCounts}).
     */
    private void round(Consumer<CheckResult> report, String name, boolean oddCounts) throws InterruptedException {
        Map<KitParticipant, CoordinatorKit.Seen> seen = play(report, name);
        if (seen == null) {
            return;
        }
        List<KitParticipant.Update> counted = new ArrayList<>();
        for (KitParticipant p : kit.participants) {
            CoordinatorKit.Seen s = seen.get(p);
            if (p != odd || oddCounts) {
                counted.add(s.update);
            }
            if (p != odd
                    && (s.roundEnd == null
                            || !s.roundEnd.envelope().getRoundEnd().getCompleted())) {
                report.accept(CheckResult.fail(
                        name,
                        p.id + " was not told the round completed: "
                                + (s.roundEnd == null
                                        ? "no RoundEnd"
                                        : s.roundEnd.envelope().getRoundEnd().getDetail())));
                return;
            }
        }
        String refusal = expectedRefusal(name, seen.get(odd));
        if (refusal != null) {
            report.accept(CheckResult.fail(name, refusal));
            return;
        }
        int survivors = seen.get(kit.participants.get(0))
                .roundEnd
                .envelope()
                .getRoundEnd()
                .getSurvivors();
        if (survivors != counted.size()) {
            report.accept(CheckResult.fail(
                    name, "RoundEnd says " + survivors + " survivors, " + counted.size() + " expected"));
            return;
        }
        pending = new Pending(name, next -> FedAvgExpectation.failure(counted, next));
    }

    /** The odd participant of a bad-message check must have been refused with the table's code (9.4). */
    private String expectedRefusal(String name, CoordinatorKit.Seen odd) {
        ErrorCode expected = name.endsWith("invalid-signature-rejected")
                ? ErrorCode.BAD_SIGNATURE
                : name.endsWith("replayed-message-rejected") ? ErrorCode.WRONG_ROUND : null;
        if (expected == null) {
            return null;
        }
        if (odd.error == null) {
            return "the misbehaving participant was not refused (" + expected + " expected)";
        }
        ErrorCode got = odd.error.envelope().getError().getCode();
        return got == expected ? null : "the misbehaving participant was refused with " + got + ", not " + expected;
    }

    /**
     * Fewer than t participants sign the survivor set: the round aborts, nobody is asked to
     * unmask, and the model does not change.
     */
    private void belowThreshold(Consumer<CheckResult> report) throws InterruptedException {
        String name = RoundCheck.BELOW_THRESHOLD.check;
        Map<KitParticipant, CoordinatorKit.Seen> seen = play(report, name);
        if (seen == null) {
            return;
        }
        for (KitParticipant p : kit.participants) {
            CoordinatorKit.Seen s = seen.get(p);
            if (s.unmaskingRequest) {
                report.accept(CheckResult.fail(name, p.id + " was asked to unmask with fewer than t signatures"));
                return;
            }
            if (s.roundEnd != null && s.roundEnd.envelope().getRoundEnd().getCompleted()) {
                report.accept(CheckResult.fail(name, p.id + " was told the round completed"));
                return;
            }
        }
        ModelParameters before = seen.get(kit.participants.get(0)).update.global();
        pending =
                new Pending(name, next -> next.bitEquals(before) ? null : "the aborted round changed the global model");
    }

    /** Connects everyone, reports the previous round check at this round's start, plays the round. */
    private Map<KitParticipant, CoordinatorKit.Seen> play(Consumer<CheckResult> report, String name)
            throws InterruptedException {
        String problem = kit.connectAll();
        if (problem != null) {
            report.accept(CheckResult.fail(name, problem));
            return null;
        }
        Map<KitParticipant, CoordinatorKit.Seen> seen = kit.playRound(model -> {
            if (pending != null) {
                report.accept(result(pending.name(), pending.check().failure(model)));
                pending = null;
            }
        });
        if (seen == null) {
            report.accept(CheckResult.fail(
                    name,
                    "the round did not start and end for every kit participant within " + kit.wait.toSeconds() + " s"));
        }
        return seen;
    }
}
