package org.fedvae.coordinator.conformance;

import io.netty.buffer.Unpooled;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.proto.LocalReport;
import org.fedvae.protocol.transport.Envelopes;
import org.fedvae.protocol.transport.ProtocolVersion;

/** The transport checks one kit participant runs against a coordinator before the others connect. */
final class CoordinatorTransportChecks {

    private final CoordinatorKit kit;

    CoordinatorTransportChecks(CoordinatorKit kit) {
        this.kit = kit;
    }

    /** A frame with another protocol version is refused with UNSUPPORTED_VERSION. */
    String wrongVersion() throws InterruptedException {
        KitParticipant p = kit.participants.get(0);
        String problem = p.connect(kit.wait.toSeconds());
        if (problem != null) {
            return problem;
        }
        p.send(Envelopes.newEnvelope(p.id, 0)
                .setProtocolVersion(ProtocolVersion.CURRENT - 1)
                .setLocalReport(LocalReport.getDefaultInstance())
                .build());
        return expectRefusal(p, ErrorCode.UNSUPPORTED_VERSION);
    }

    /** A length prefix above any allowed frame limit (2^30) is refused with FRAME_TOO_LARGE. */
    String oversizedFrame() throws InterruptedException {
        KitParticipant p = kit.participants.get(0);
        String problem = p.connect(kit.wait.toSeconds());
        if (problem != null) {
            return problem;
        }
        p.sendRaw(Unpooled.buffer(4).writeInt((1 << 30) + 1));
        return expectRefusal(p, ErrorCode.FRAME_TOO_LARGE);
    }

    private String expectRefusal(KitParticipant p, ErrorCode code) throws InterruptedException {
        ErrorCode got = null;
        while (true) {
            KitParticipant.Event e = kit.next();
            if (e == null) {
                return "the connection stayed open" + (got == null ? " without an error" : " after " + got);
            }
            if (e.from() != p) {
                continue;
            }
            if (e.kind() == KitParticipant.Kind.ERROR && got == null) {
                got = e.envelope().getError().getCode();
            }
            if (e.kind() == KitParticipant.Kind.CLOSED) {
                break;
            }
        }
        if (got == null) {
            return "it closed the connection without an ErrorMessage (" + code + " expected)";
        }
        return got == code ? null : "it answered " + got + ", not " + code;
    }
}
