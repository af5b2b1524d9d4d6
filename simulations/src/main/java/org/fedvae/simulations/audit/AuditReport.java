package org.fedvae.simulations.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.fedvae.simulations.Json;

/**
 * The audit's findings: summary.json for machines, a few lines for people.
 *
 * @param members        images trained on
 * @param nonMembers     images held out from the same distribution
 * @param finalTestLoss  the released model's loss on the whole test set (nats per image)
 * @param memberLoss     its mean loss on the members
 * @param nonMemberLoss  its mean loss on the non-members
 * @param attacks        each attack's result
 * @param check          the claimed guarantee and the ROC points above it, if one was claimed
 * @param proof          the delta and confidence of the attacks' empirical epsilons
 * @param trainingSeconds wall time of the federation
 */
record AuditReport(
        int members,
        int nonMembers,
        double finalTestLoss,
        double memberLoss,
        double nonMemberLoss,
        List<AttackResult> attacks,
        Optional<BoundCheck> check,
        DpBound proof,
        double trainingSeconds) {

    /** A claimed guarantee and what the audit found against it. */
    record BoundCheck(ForwardedRunOptions.Claim claim, DpBound bound, Map<String, List<DpBound.Violation>> byAttack) {

        boolean passed() {
            return byAttack.values().stream().allMatch(List::isEmpty);
        }

        int count() {
            return byAttack.values().stream().mapToInt(List::size).sum();
        }
    }

    ObjectNode json() {
        ObjectNode o = Json.object()
                .put("members", members)
                .put("non_members", nonMembers)
                .put("final_test_loss", finalTestLoss)
                .put("member_loss", memberLoss)
                .put("non_member_loss", nonMemberLoss)
                .put("training_seconds", trainingSeconds)
                .put("empirical_epsilon_delta", proof.delta())
                .put("empirical_epsilon_confidence", proof.confidence());
        ObjectNode attacksNode = o.putObject("attacks");
        for (AttackResult a : attacks) {
            attacksNode
                    .putObject(a.name())
                    .put("method", a.method())
                    .put("auc", a.roc().auc())
                    .put("tpr_at_fpr_0.001", a.roc().tprAtFpr(AttackResult.LOW_FPR))
                    .put("tpr_at_fpr_0.01", a.roc().tprAtFpr(AttackResult.FPR))
                    .put("balanced_accuracy", a.balanced().meanAccuracy())
                    .put("balanced_accuracy_std", a.balanced().stdAccuracy())
                    .put("balanced_per_side", a.balanced().perSide())
                    .put("balanced_draws", a.balanced().draws())
                    .put("empirical_epsilon", a.empiricalEpsilon())
                    .put("roc_points", a.roc().points().size())
                    .put("seconds", a.seconds());
        }
        if (check.isPresent()) {
            BoundCheck c = check.get();
            ObjectNode n = o.putObject("dp_check")
                    .put("epsilon", c.claim().epsilon())
                    .put("delta", c.claim().delta())
                    .put("source", c.claim().source())
                    .put("confidence", c.bound().confidence())
                    .put("passed", c.passed());
            ArrayNode v = n.putArray("violations");
            c.byAttack()
                    .forEach((attack, list) -> list.forEach(x -> v.addObject()
                            .put("attack", attack)
                            .put("threshold", x.point().threshold())
                            .put("fpr", x.point().fpr())
                            .put("tpr", x.point().tpr())
                            .put("fpr_upper", x.fprUpper())
                            .put("tpr_lower", x.tprLower())
                            .put("side", x.side())
                            .put("epsilon_needed", x.epsilon())));
        } else {
            o.putNull("dp_check");
        }
        return o;
    }

    void print(PrintStream out) {
        out.printf(
                Locale.ROOT,
                "Membership inference against the released global model: %d members, %d non-members%n",
                members,
                nonMembers);
        out.printf(
                Locale.ROOT,
                "  test loss %.2f nats/image; members %.2f, non-members %.2f (gap %.2f)%n",
                finalTestLoss,
                memberLoss,
                nonMemberLoss,
                nonMemberLoss - memberLoss);
        out.printf(
                Locale.ROOT,
                "  %-15s %6s %13s %11s %16s %12s%n",
                "attack",
                "AUC",
                "TPR@0.1%FPR",
                "TPR@1%FPR",
                "acc k-vs-k",
                "epsilon >=");
        for (AttackResult a : attacks) {
            out.printf(
                    Locale.ROOT,
                    "  %-15s %6.3f %13.4f %11.4f %9.3f (k=%d) %12.3f%n",
                    a.name(),
                    a.roc().auc(),
                    a.roc().tprAtFpr(AttackResult.LOW_FPR),
                    a.roc().tprAtFpr(AttackResult.FPR),
                    a.balanced().meanAccuracy(),
                    a.balanced().perSide(),
                    a.empiricalEpsilon());
        }
        out.printf(
                Locale.ROOT,
                "  (epsilon >=: what the attack proves no (epsilon, %.3g)-DP training could allow, %.0f%% confidence)%n",
                proof.delta(),
                100 * proof.confidence());
        check.ifPresent(c -> printCheck(out, c));
    }

    private void printCheck(PrintStream out, BoundCheck c) {
        String claim = String.format(
                Locale.ROOT,
                "(epsilon %.4g, delta %.3g)",
                c.claim().epsilon(),
                c.claim().delta());
        if (c.passed()) {
            out.printf(
                    Locale.ROOT,
                    "  DP check %s from %s: no ROC point above the bound (%.0f%% confidence)%n",
                    claim,
                    c.claim().source(),
                    100 * c.bound().confidence());
            return;
        }
        out.printf(
                Locale.ROOT,
                "DP VIOLATION: %d ROC point(s) lie above what %s-DP allows, beyond sampling error (%.0f%% "
                        + "confidence). The DP implementation or its accounting is WRONG.%n",
                c.count(),
                claim,
                100 * c.bound().confidence());
        // Per attack, how many points and the one that needs the largest epsilon to be allowed.
        c.byAttack().forEach((attack, list) -> list.stream()
                .max(Comparator.comparingDouble(DpBound.Violation::epsilon))
                .ifPresent(v -> out.printf(
                        Locale.ROOT,
                        "  %s attack: %d point(s); worst FPR %.4f (at most %.4f), TPR %.4f (at least %.4f): %s;"
                                + " only epsilon >= %.3f allows it%n",
                        attack,
                        list.size(),
                        v.point().fpr(),
                        v.fprUpper(),
                        v.point().tpr(),
                        v.tprLower(),
                        v.side(),
                        v.epsilon())));
    }
}
