package org.fedvae.simulations.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback between participants and a coordinator that keeps a copy of every byte
 * the participants send: what an eavesdropper on the wire (or the coordinator itself) receives.
 */
final class CapturingRelay implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<ByteArrayOutputStream> upstream = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    CapturingRelay(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "relay-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Everything received from participants, one byte array per connection. */
    List<byte[]> captured() {
        return upstream.stream()
                .map(b -> {
                    synchronized (b) {
                        return b.toByteArray();
                    }
                })
                .toList();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket coordinator = new Socket(target.getAddress(), target.getPort());
                sockets.add(client);
                sockets.add(coordinator);
                ByteArrayOutputStream copy = new ByteArrayOutputStream();
                upstream.add(copy);
                pump(client.getInputStream(), coordinator.getOutputStream(), copy, coordinator);
                pump(coordinator.getInputStream(), client.getOutputStream(), null, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(InputStream in, OutputStream out, ByteArrayOutputStream copy, Socket closeAtEnd) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[64 * 1024];
                    try {
                        for (int n; (n = in.read(buf)) >= 0; ) {
                            if (copy != null) {
                                synchronized (copy) {
                                    copy.write(buf, 0, n);
                                }
                            }
                            out.write(buf, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // one side closed
                    } finally {
                        try {
                            closeAtEnd.close();
                        } catch (IOException ignored) {
                            // closing anyway
                        }
                    }
                },
                "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
