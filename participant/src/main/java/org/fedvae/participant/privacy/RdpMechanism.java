package org.fedvae.participant.privacy;

/** Anything with a Renyi DP curve: DP-SGD's subsampled Gaussian, the distributed discrete Gaussian. */
public interface RdpMechanism {

    /** Its RDP at each order (orders checked by {@link RdpOrders#check}). */
    double[] rdp(double[] orders);
}
