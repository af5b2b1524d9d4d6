package org.fedvae.simulations.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditReportTest {

    /** A loss attack that separates 500 members from 500 non-members perfectly, a guessing reconstruction attack. */
    private static AuditReport report(double epsilon) {
        double[] members = new double[500];
        double[] nonMembers = new double[500];
        Arrays.fill(members, 1);
        Roc perfect = Roc.of(members, nonMembers);
        Roc guessing = Roc.of(nonMembers, nonMembers);
        List<AttackResult> attacks = List.of(
                new AttackResult("loss", "test", perfect, new BalancedGuess.Result(100, 1, 1.0, 0), 5, 0),
                new AttackResult("reconstruction", "test", guessing, new BalancedGuess.Result(100, 1, 0.5, 0), 0, 0));
        DpBound bound = new DpBound(epsilon, 1e-5, 0.95);
        Map<String, List<DpBound.Violation>> found = new LinkedHashMap<>();
        attacks.forEach(a -> found.put(a.name(), bound.violations(a.roc())));
        ForwardedRunOptions.Claim claim = new ForwardedRunOptions.Claim(epsilon, 1e-5, "test");
        return new AuditReport(
                500,
                500,
                100,
                90,
                110,
                attacks,
                Optional.of(new AuditReport.BoundCheck(claim, bound, found)),
                new DpBound(0, 1e-5, 0.95),
                1);
    }

    private static String printed(AuditReport r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        r.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aPointAboveTheClaimedBoundIsReportedLoudlyAndFailsTheCheck() {
        AuditReport r = report(1);
        assertFalse(r.check().orElseThrow().passed());
        JsonNode check = r.json().get("dp_check");
        assertFalse(check.get("passed").asBoolean());
        JsonNode first = check.get("violations").get(0);
        assertEquals("loss", first.get("attack").asText());
        assertEquals(1.0, first.get("tpr").asDouble());
        assertEquals(0.0, first.get("fpr").asDouble());
        String text = printed(r);
        assertTrue(text.contains("DP VIOLATION") && text.contains("WRONG"), text);
        assertTrue(text.contains("loss attack: 1 point(s); worst FPR 0.0000"), text);
        assertTrue(first.get("epsilon_needed").asDouble() > 1, first.toString());
    }

    @Test
    void aGuaranteeTooWeakToBreakPasses() {
        AuditReport r = report(20); // e^20 FPR at the first non-member is already beyond 1
        assertTrue(r.check().orElseThrow().passed(), r.json().toString());
        assertTrue(r.json().get("dp_check").get("violations").isEmpty());
        assertTrue(printed(r).contains("no ROC point above the bound"), printed(r));
        assertEquals(1.0, r.json().get("attacks").get("loss").get("auc").asDouble());
        assertEquals(
                0.5, r.json().get("attacks").get("reconstruction").get("auc").asDouble());
    }
}
