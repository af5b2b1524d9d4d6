package org.fedvae.protocol.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fedvae.protocol.proto.Envelope;

/** A test application handler: records what reaches the application, optionally throws on a frame. */
@io.netty.channel.ChannelHandler.Sharable
class Recorder extends ChannelInboundHandlerAdapter {

    final List<Envelope> frames = new CopyOnWriteArrayList<>();
    final List<Object> events = new CopyOnWriteArrayList<>();
    volatile RuntimeException throwOnFrame;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        frames.add((Envelope) msg);
        RuntimeException t = throwOnFrame;
        if (t != null) {
            throw t;
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        events.add(evt);
    }
}
