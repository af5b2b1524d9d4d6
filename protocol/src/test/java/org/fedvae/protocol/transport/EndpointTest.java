package org.fedvae.protocol.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.channel.local.LocalAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class EndpointTest {

    @Test
    void parsesTcpAndInVmEndpoints() {
        assertEquals(new Endpoint.Tcp("coord.example", 7443), Endpoint.parse("coord.example:7443"));
        assertEquals(new Endpoint.Tcp("::1", 7443), Endpoint.parse("[::1]:7443"));
        assertEquals(new Endpoint.InVm("fed"), Endpoint.parse("local:fed"));
        assertEquals("[::1]:7443", new Endpoint.Tcp("::1", 7443).toString());
        assertEquals(new LocalAddress("fed"), new Endpoint.InVm("fed").address());
        assertEquals(7443, ((InetSocketAddress) new Endpoint.Tcp("127.0.0.1", 7443).address()).getPort());
    }

    @Test
    void refusesWhatIsNotAnEndpoint() {
        for (String bad : new String[] {"coord", "coord:", ":7443", "coord:port", "coord:70000", "local:"}) {
            assertThrows(IllegalArgumentException.class, () -> Endpoint.parse(bad), bad);
        }
    }
}
