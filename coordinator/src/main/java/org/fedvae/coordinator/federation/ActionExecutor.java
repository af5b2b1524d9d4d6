package org.fedvae.coordinator.federation;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.transport.AuthenticatedPeer;
import org.fedvae.protocol.transport.IdentityKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects the {@link FederationMachine} to the world, on the {@link RoundThread}: turns channel
 * events into machine events (ignoring those of a connection already refused or replaced) and
 * carries out the actions that come back: frames through {@link PeerLink}s, deadlines as timers
 * on the round thread, the round start record and checkpoints through {@link RunState}, metrics
 * rows, listener calls. No decisions about rounds are made here. A RoundStart leaves with the
 * federation's revocation list as read for that round; a list that cannot be read stops the run
 * (participants would refuse every round without it) until the operator fixes the file.
 */
final class ActionExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(ActionExecutor.class);

    private final FederationMachine machine;
    private final RunState state;
    private final MetricsLog metrics;
    private final RoundThread thread;
    private final FederationListener listener;
    private final Consumer<Throwable> onFinished;
    private final RevocationListSource revocations;
    private final Map<String, PeerLink> links = new HashMap<>();
    private final Map<Long, ScheduledFuture<?>> deadlines = new HashMap<>();
    private volatile ModelParameters published;

    /** @param onFinished called once when the run ends: null after the last round, else the failure */
    ActionExecutor(
            FederationMachine machine,
            RunState state,
            MetricsLog metrics,
            RoundThread thread,
            FederationListener listener,
            Consumer<Throwable> onFinished,
            RevocationListSource revocations) {
        this.machine = machine;
        this.state = state;
        this.metrics = metrics;
        this.thread = thread;
        this.listener = listener;
        this.onFinished = onFinished;
        this.revocations = revocations;
        this.published = state.globalModel();
    }

    /** The global model after the last checkpointed round; safe from any thread. */
    ModelParameters globalModel() {
        return published;
    }

    // ------------------------------------------------------------------ events (round thread)

    void begin() {
        carryOut(machine.begin());
    }

    void connected(AuthenticatedPeer peer, Channel channel) {
        String id = peer.participantId();
        // Replaces a connection whose close is still queued behind this event; that close is then ignored.
        links.put(id, new PeerLink(id, channel));
        carryOut(machine.connected(id, IdentityKeys.rawPublic(peer.identityKey()), der(peer.certificate())));
    }

    void disconnected(String id, Channel channel) {
        if (isCurrent(id, channel)) {
            links.remove(id);
            carryOut(machine.disconnected(id));
        }
    }

    void received(String id, Channel channel, Envelope e) {
        if (isCurrent(id, channel)) {
            carryOut(machine.received(id, e));
        }
    }

    void internalError(RuntimeException e) {
        carryOut(machine.internalError(e));
    }

    private boolean isCurrent(String id, Channel channel) {
        PeerLink link = links.get(id);
        return link != null && link.channel() == channel;
    }

    // ------------------------------------------------------------------ actions

    /** Carries out {@code actions} in order; after a storage failure, none of the rest. */
    private void carryOut(List<RoundAction> actions) {
        for (RoundAction a : actions) {
            Exception failure = carryOut(a);
            if (failure != null) {
                carryOut(machine.storageFailed(failure));
                return;
            }
        }
    }

    /** Null, or the failure of a storage action. */
    private Exception carryOut(RoundAction action) {
        if (action instanceof RoundAction.Send s) {
            PeerLink link = links.get(s.to());
            if (link != null) {
                link.send(s.envelope());
            }
        } else if (action instanceof RoundAction.Broadcast b) {
            Envelope e = b.envelope();
            if (e.hasRoundStart()) {
                try {
                    e = withRevocationList(e);
                } catch (IOException io) {
                    return io;
                }
            }
            broadcast(b.to(), Unpooled.wrappedBuffer(e.toByteArray()), false);
        } else if (action instanceof RoundAction.Farewell f) {
            broadcast(f.to(), Unpooled.wrappedBuffer(f.envelope().toByteArray()), true);
        } else if (action instanceof RoundAction.Refuse r) {
            PeerLink link = links.remove(r.to());
            if (link != null) {
                link.refuse(r.code(), r.message());
            }
        } else if (action instanceof RoundAction.Close c) {
            PeerLink link = links.get(c.to());
            if (link != null) {
                link.close(c.why());
            }
        } else if (action instanceof RoundAction.ArmDeadline d) {
            long token = d.token();
            ScheduledFuture<?> f = thread.schedule(
                    () -> {
                        deadlines.remove(token);
                        carryOut(machine.deadlinePassed(token));
                    },
                    d.after());
            if (f != null) {
                deadlines.put(token, f);
            }
        } else if (action instanceof RoundAction.CancelDeadline d) {
            ScheduledFuture<?> f = deadlines.remove(d.token());
            if (f != null) {
                f.cancel(false);
            }
        } else if (action instanceof RoundAction.RecordRoundStart s) {
            try {
                state.roundStarting(s.roundId());
            } catch (IOException e) {
                return e;
            }
        } else if (action instanceof RoundAction.Checkpoint c) {
            try {
                state.checkpoint();
            } catch (IOException | RuntimeException e) {
                return e;
            }
            published = c.globalModel();
        } else if (action instanceof RoundAction.RecordMetrics m) {
            try {
                metrics.record(m.metrics());
            } catch (IOException e) {
                LOG.error(
                        "cannot write the metrics of round {}: {}", m.metrics().roundId(), e.getMessage());
            }
        } else if (action instanceof RoundAction.Notify n) {
            try {
                n.call().accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("a federation listener failed", e);
            }
        } else if (action instanceof RoundAction.Finish f) {
            onFinished.accept(f.failure());
        } else {
            throw new IllegalStateException("unknown action " + action);
        }
        return null;
    }

    private Envelope withRevocationList(Envelope e) throws IOException {
        byte[] crl;
        try {
            crl = revocations.current();
        } catch (IOException io) {
            throw new IOException(
                    "cannot read the revocation list for round " + e.getRoundId() + ": " + io.getMessage(), io);
        }
        return e.toBuilder()
                .setRoundStart(e.getRoundStart().toBuilder().setRevocationList(ByteString.copyFrom(crl)))
                .build();
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate == null ? null : certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a certificate that passed the handshake cannot be encoded", e);
        }
    }

    /** Sends {@code encoded} (one reference, released here) to every connected recipient; a farewell closes after it. */
    private void broadcast(List<String> to, ByteBuf encoded, boolean farewell) {
        try {
            for (String id : to) {
                PeerLink link = farewell ? links.remove(id) : links.get(id);
                if (link != null && farewell) {
                    link.sendAndClose(encoded.retainedDuplicate());
                } else if (link != null) {
                    link.sendEncoded(encoded.retainedDuplicate());
                }
            }
        } finally {
            encoded.release();
        }
    }
}
