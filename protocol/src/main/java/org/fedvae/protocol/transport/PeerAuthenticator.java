package org.fedvae.protocol.transport;

import io.netty.channel.Channel;
import org.fedvae.protocol.proto.Hello;

/**
 * The coordinator's decision on a Hello whose version and shape are already valid. Runs on the
 * connection's event loop, so it must not block (an in-memory lookup, at most a file stat).
 */
@FunctionalInterface
public interface PeerAuthenticator {

    /**
     * @return the authenticated peer
     * @throws TransportException with UNAUTHENTICATED, UNKNOWN_PARTICIPANT, ... to refuse it
     */
    AuthenticatedPeer authenticate(Channel channel, Hello hello) throws TransportException;
}
