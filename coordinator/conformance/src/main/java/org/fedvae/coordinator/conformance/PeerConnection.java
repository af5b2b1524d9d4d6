package org.fedvae.coordinator.conformance;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.transport.PipelineNames;

/**
 * One welcomed connection of the participant under test, seen from the kit's fake coordinator:
 * what it sent, in order, and whether it closed.
 */
final class PeerConnection {

    /** Put on the queue when the connection closed, so a reader waiting for frames wakes up. */
    static final Envelope CLOSED =
            Envelope.newBuilder().setSender("\u0000closed").build();

    final Channel channel;
    final String participantId;
    final byte[] identityKey;
    /** Its participant certificate (DER) from the TLS handshake: the kit puts it in its cohort entry. */
    final byte[] certificate;

    private final BlockingQueue<Envelope> inbound = new LinkedBlockingQueue<>();

    PeerConnection(Channel channel, String participantId, byte[] identityKey, byte[] certificate) {
        this.channel = channel;
        this.participantId = participantId;
        this.identityKey = identityKey;
        this.certificate = certificate;
        channel.closeFuture().addListener(f -> inbound.add(CLOSED));
    }

    void received(Envelope e) {
        inbound.add(e);
    }

    /** The next frame from the participant, {@link #CLOSED} once it closed, or null after {@code wait}. */
    Envelope next(Duration wait) throws InterruptedException {
        Envelope e = inbound.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (e == CLOSED) {
            inbound.add(CLOSED); // stays closed for later readers
        }
        return e;
    }

    void send(Envelope e) {
        channel.writeAndFlush(e);
    }

    /** Writes bytes below the framing (but inside TLS): a frame the kit's own encoder would not make. */
    void sendRaw(ByteBuf bytes) {
        channel.eventLoop()
                .execute(() ->
                        channel.pipeline().context(PipelineNames.FRAME_ENCODER).writeAndFlush(bytes));
    }
}
