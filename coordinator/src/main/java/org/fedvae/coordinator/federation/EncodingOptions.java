package org.fedvae.coordinator.federation;

import picocli.CommandLine.Option;

/** How updates are encoded before masking: the options {@code serve} and the simulations' {@code run} share. */
public final class EncodingOptions {

    @Option(names = "--clip-range", description = "Per-coordinate clip of each update (default: ${DEFAULT-VALUE}).")
    float clipRange = RoundPolicy.EncodingLimits.DEFAULT.clipRange();

    @Option(
            names = "--max-weight",
            description = "Cap on a participant's weight, its sample count (default: ${DEFAULT-VALUE}).")
    int maxWeight = RoundPolicy.EncodingLimits.DEFAULT.maxWeight();

    public RoundPolicy.EncodingLimits limits() {
        return new RoundPolicy.EncodingLimits(clipRange, maxWeight);
    }
}
