package org.fedvae.participant.privacy;

/**
 * One run of DP-SGD as the accountant sees it: {@code steps} applications of the
 * Poisson-subsampled Gaussian mechanism, each record sampled with probability {@code
 * samplingRate}, noise of standard deviation {@code noiseMultiplier} times the clipping norm. A
 * site's spent-budget ledger is a list of these, one per round (rates and noise may differ).
 *
 * @param samplingRate q in [0, 1] (batch size over data size)
 * @param noiseMultiplier sigma, positive and finite
 * @param steps number of noisy steps, at least 0
 */
public record Mechanism(double samplingRate, double noiseMultiplier, long steps) implements RdpMechanism {

    /** @throws IllegalArgumentException when a parameter is outside its range (or NaN) */
    public Mechanism {
        if (!(samplingRate >= 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("sampling rate must be in [0, 1], got " + samplingRate);
        }
        if (!(noiseMultiplier > 0 && noiseMultiplier < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("noise multiplier must be positive and finite, got " + noiseMultiplier);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be at least 0, got " + steps);
        }
    }

    /** The RDP of all its steps at each order (orders checked by {@link RdpOrders#check}). */
    @Override
    public double[] rdp(double[] orders) {
        RdpOrders.check(orders);
        double[] rdp = new double[orders.length];
        for (int i = 0; i < orders.length; i++) {
            rdp[i] = steps == 0 ? 0 : steps * SampledGaussianRdp.perStep(samplingRate, noiseMultiplier, orders[i]);
        }
        return rdp;
    }
}
