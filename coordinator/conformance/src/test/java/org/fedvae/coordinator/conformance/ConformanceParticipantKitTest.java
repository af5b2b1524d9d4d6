package org.fedvae.coordinator.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.fedvae.coordinator.enrol.Enrolment;
import org.fedvae.coordinator.enrol.FederationDirectory;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.model.ModelSpec;
import org.fedvae.protocol.model.TensorSpec;
import org.fedvae.protocol.transport.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The participant side of the kit against a participant built from the real protocol pieces:
 * honest, it passes every check; with its security checks ignored, exactly those checks fail.
 */
@Timeout(120)
class ConformanceParticipantKitTest {

    @TempDir
    Path tmp;

    @Test
    void anHonestParticipantPassesEveryCheck() throws Exception {
        Map<String, Boolean> passed = run(false, false);
        assertEquals(9, passed.size(), passed.toString());
        assertEquals(9, passed.values().stream().filter(p -> p).count(), passed.toString());
    }

    @Test
    void aParticipantSkippingTheCohortCheckFailsExactlyTheCohortChecks() throws Exception {
        Map<String, Boolean> passed = run(false, true);
        Map<String, Boolean> failed = new TreeMap<>(passed);
        failed.values().removeIf(p -> p);
        assertEquals(9, passed.size(), passed.toString());
        assertEquals(
                Map.of(
                        "participant.fabricated-member-refused",
                        false,
                        "participant.old-revocation-list-refused",
                        false),
                failed);
    }

    @Test
    void aParticipantIgnoringItsSecurityChecksFailsThem() throws Exception {
        Map<String, Boolean> passed = run(true, false);
        Map<String, Boolean> expected = new TreeMap<>(Map.of(
                "participant.full-round", true,
                "participant.replayed-key-list-rejected", true,
                "participant.invalid-signature-rejected", false,
                "participant.inconsistent-survivor-set-aborted", false,
                "participant.refuses-to-reveal-both-shares", false,
                "participant.fabricated-member-refused", true,
                "participant.old-revocation-list-refused", true,
                "participant.wrong-protocol-version-rejected", true,
                "participant.oversized-frame-rejected", true));
        assertEquals(expected, passed);
    }

    private Map<String, Boolean> run(boolean broken, boolean skipCohortCheck) throws Exception {
        FederationDirectory fed = new FederationDirectory(tmp.resolve("federation"));
        Enrolment enrolment = new Enrolment(fed);
        enrolment.initCa("Kit test CA", 30, false);
        enrolment.coordinator("localhost", 30, false);
        enrolment.participant("site-1", 30, false);
        Map<String, Boolean> passed = new TreeMap<>();
        StringBuilder lines = new StringBuilder();
        EventLoopGroup group = new Endpoint.Tcp("127.0.0.1", 1).newEventLoopGroup(1, "kit-test-participant");
        try (ParticipantKit.KitServerHandle kit = ParticipantKit.listen(fed, "127.0.0.1", 0);
                KitTestParticipant site =
                        new KitTestParticipant(fed, "site-1", kit.port(), group, broken, skipCohortCheck)) {
            kit.kit(smallModel(), Duration.ofSeconds(30), 1).runAll(r -> {
                passed.put(r.check(), r.passed());
                lines.append(r.line()).append('\n');
            });
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        System.out.print(lines);
        return passed;
    }

    static ModelParameters smallModel() {
        float[] v = new float[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.sin(i);
        }
        return ModelParameters.of(new ModelSpec(List.of(new TensorSpec("w", new int[] {v.length}))), v);
    }
}
