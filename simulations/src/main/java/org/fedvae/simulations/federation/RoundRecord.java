package org.fedvae.simulations.federation;

import org.fedvae.coordinator.federation.RoundMetrics;

/** One round as the simulation saw it: the coordinator's metrics and the central test loss. */
record RoundRecord(RoundMetrics metrics, double centralTestLoss, int dropped) {}
