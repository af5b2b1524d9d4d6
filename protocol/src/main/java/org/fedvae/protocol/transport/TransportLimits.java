package org.fedvae.protocol.transport;

import java.time.Duration;

/**
 * Bounds that keep one peer from holding resources forever.
 *
 * @param maxFrameBytes largest Envelope accepted or sent, without the 4-byte length prefix
 * @param idleTimeout a connection that receives nothing (not even a heartbeat) for this long is
 *     closed with TIMEOUT; each side sends a heartbeat after a third of it without writing
 * @param handshakeTimeout time from connect until the TLS handshake and Hello/Welcome are done
 * @param maxCohort the largest round cohort this side takes part in: n_max of the per-message bounds
 *     ({@link MessageBounds#forCohort}), which grow with it
 */
public record TransportLimits(int maxFrameBytes, Duration idleTimeout, Duration handshakeTimeout, int maxCohort) {

    /** 16 MiB: room for the 2.6 MB model several times over. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
    /** Frames before the handshake completes are tiny; a low cap stops unauthenticated peers from buffering megabytes. */
    public static final int HANDSHAKE_MAX_FRAME_BYTES = 64 * 1024;

    public static final int MIN_FRAME_BYTES = 256;
    public static final int MAX_FRAME_BYTES = 1024 * 1024 * 1024;

    /** n_max by default: the complete graph's largest cohort, the bounds of protocol v2 as first published. */
    public static final int DEFAULT_MAX_COHORT = 255;
    /**
     * The largest n_max: the per-cohort messages' bounds (1,024 bytes a member, {@link MessageBounds}) then stay
     * below the default frame limit, and {@code GraphRule.DEFAULT} still finds a degree (96) for the sparse graph.
     */
    public static final int LARGEST_MAX_COHORT = 10_000;

    /** Heartbeats are long enough apart to cost nothing and short enough that two can be lost. */
    public static final TransportLimits DEFAULTS =
            new TransportLimits(DEFAULT_MAX_FRAME_BYTES, Duration.ofSeconds(60), Duration.ofSeconds(15));

    /** Limits for cohorts up to {@link #DEFAULT_MAX_COHORT}. */
    public TransportLimits(int maxFrameBytes, Duration idleTimeout, Duration handshakeTimeout) {
        this(maxFrameBytes, idleTimeout, handshakeTimeout, DEFAULT_MAX_COHORT);
    }

    public TransportLimits {
        if (maxFrameBytes < MIN_FRAME_BYTES || maxFrameBytes > MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("maxFrameBytes must be in [" + MIN_FRAME_BYTES + ", " + MAX_FRAME_BYTES
                    + "], got " + maxFrameBytes);
        }
        requirePositive("idleTimeout", idleTimeout);
        requirePositive("handshakeTimeout", handshakeTimeout);
        if (idleTimeout.toMillis() < 30) {
            throw new IllegalArgumentException("idleTimeout must be at least 30 ms, got " + idleTimeout);
        }
        if (maxCohort < 3 || maxCohort > LARGEST_MAX_COHORT) {
            throw new IllegalArgumentException(
                    "the largest cohort (n_max) must be in 3.." + LARGEST_MAX_COHORT + ", got " + maxCohort);
        }
    }

    public TransportLimits withMaxFrameBytes(int bytes) {
        return new TransportLimits(bytes, idleTimeout, handshakeTimeout, maxCohort);
    }

    public TransportLimits withIdleTimeout(Duration timeout) {
        return new TransportLimits(maxFrameBytes, timeout, handshakeTimeout, maxCohort);
    }

    public TransportLimits withHandshakeTimeout(Duration timeout) {
        return new TransportLimits(maxFrameBytes, idleTimeout, timeout, maxCohort);
    }

    /** The same limits with per-message bounds for cohorts up to {@code n}. */
    public TransportLimits withMaxCohort(int n) {
        return new TransportLimits(maxFrameBytes, idleTimeout, handshakeTimeout, n);
    }

    /** The per-message bounds for {@link #maxCohort}. */
    public MessageBounds messageBounds() {
        return MessageBounds.forCohort(maxCohort);
    }

    /** The frame limit until Hello/Welcome are exchanged. */
    public int handshakeMaxFrameBytes() {
        return Math.min(maxFrameBytes, HANDSHAKE_MAX_FRAME_BYTES);
    }

    /** How long a side may stay silent before it sends a heartbeat. */
    public Duration heartbeatInterval() {
        return idleTimeout.dividedBy(3);
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }
}
