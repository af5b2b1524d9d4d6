package org.fedvae.protocol.transport;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import org.fedvae.protocol.proto.Envelope;

/** A misbehaving peer over a plain socket: writes whatever bytes a test wants, reads frames back. Every read is bounded. */
final class RawPeer implements AutoCloseable {

    static final int READ_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawPeer(InetSocketAddress server) throws IOException {
        socket = new Socket();
        socket.connect(server, READ_TIMEOUT_MILLIS);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    RawPeer send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    RawPeer send(Envelope e) throws IOException {
        byte[] body = e.toByteArray();
        byte[] frame = new byte[4 + body.length];
        frame[0] = (byte) (body.length >>> 24);
        frame[1] = (byte) (body.length >>> 16);
        frame[2] = (byte) (body.length >>> 8);
        frame[3] = (byte) body.length;
        System.arraycopy(body, 0, frame, 4, body.length);
        return send(frame);
    }

    /** The next frame; fails if none arrives within the read timeout. */
    Envelope read() throws IOException {
        int len = in.readInt();
        byte[] body = new byte[len];
        in.readFully(body);
        return Envelope.parseFrom(body);
    }

    /** True once the server closed the connection (end of stream or reset); fails on a further frame or timeout. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketException | EOFException e) {
            return true; // a reset after close is also a close
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
