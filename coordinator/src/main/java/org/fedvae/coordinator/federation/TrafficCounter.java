package org.fedvae.coordinator.federation;

/** Envelope bytes in and out (frames with their length prefix; TLS overhead not included), counted by the machine. One thread. */
final class TrafficCounter {

    private long in;
    private long out;

    void received(long bytes) {
        in += bytes;
    }

    void sent(long bytes) {
        out += bytes;
    }

    long in() {
        return in;
    }

    long out() {
        return out;
    }
}
