package org.fedvae.protocol.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.fedvae.protocol.proto.Envelope;

/** Test helpers: frames as bytes, and what an EmbeddedChannel wrote, as Envelopes. */
final class Wire {

    private Wire() {}

    static ByteBuf frame(Envelope e) {
        return rawFrame(e.toByteArray());
    }

    static ByteBuf rawFrame(byte[] payload) {
        ByteBuf b = Unpooled.buffer(4 + payload.length);
        b.writeInt(payload.length);
        b.writeBytes(payload);
        return b;
    }

    /** Every Envelope the channel wrote so far (the prefix and the body may be separate buffers). */
    static List<Envelope> written(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            all.writeBytes(b);
            b.release();
        }
        List<Envelope> out = new ArrayList<>();
        while (all.readableBytes() >= 4) {
            int len = all.readInt();
            byte[] body = new byte[len];
            all.readBytes(body);
            try {
                out.add(Envelope.parseFrom(body));
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError("channel wrote an invalid Envelope", e);
            }
        }
        if (all.isReadable()) {
            throw new AssertionError(all.readableBytes() + " stray bytes written");
        }
        return out;
    }
}
