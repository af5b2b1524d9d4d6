package org.fedvae.protocol.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;

/**
 * Checks every frame after the handshake, so the application only ever sees Envelopes with the
 * agreed version, a known body, no second handshake and (on the server) the authenticated sender.
 * Takes the place of the handshake handler once the handshake succeeded.
 */
public final class EnvelopeValidator extends ChannelInboundHandlerAdapter {

    private final int version;
    private final String expectedSender;

    /**
     * @param version the version agreed in the handshake
     * @param expectedSender the authenticated participant id on the server; null on the client,
     *     where the coordinator's frames carry no sender
     */
    public EnvelopeValidator(int version, String expectedSender) {
        this.version = version;
        this.expectedSender = expectedSender;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (TransportAttributes.isClosing(ctx.channel())) {
            return;
        }
        Envelope e = (Envelope) msg;
        if (e.getProtocolVersion() != version) {
            throw new TransportException(
                    ErrorCode.UNSUPPORTED_VERSION,
                    "frame has protocol version " + Integer.toUnsignedString(e.getProtocolVersion())
                            + " but this connection speaks version " + version);
        }
        switch (e.getBodyCase()) {
            case BODY_NOT_SET ->
                throw new TransportException(
                        ErrorCode.MALFORMED_FRAME,
                        "envelope without a body (or with a message type this side does not know)");
            case HELLO, WELCOME ->
                throw new TransportException(ErrorCode.WRONG_STAGE, e.getBodyCase() + " after the handshake completed");
            default -> {}
        }
        if (expectedSender != null && !expectedSender.equals(e.getSender())) {
            throw new TransportException(
                    ErrorCode.UNAUTHENTICATED,
                    "frame claims sender " + LogText.quote(e.getSender()) + " on the connection of participant "
                            + expectedSender);
        }
        ctx.fireChannelRead(e);
    }
}
