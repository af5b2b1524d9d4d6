package org.fedvae.protocol.secagg;

import org.fedvae.protocol.proto.SecAggMessage;

/** A coordinator message for one participant. Broadcasts share one message object across recipients. */
public record Outgoing(int recipientId, SecAggMessage message) {}
