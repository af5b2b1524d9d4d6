package org.fedvae.participant.privacy;

import java.util.Arrays;

/**
 * Renyi DP at a fixed set of orders: an immutable value that composes by addition, so a site's
 * spent budget is the sum of the curves of the rounds it took part in, whatever each round's
 * sampling rate, noise and steps were.
 */
public final class RdpCurve {

    private final double[] orders;
    private final double[] rdp;

    private RdpCurve(double[] orders, double[] rdp) {
        this.orders = orders;
        this.rdp = rdp;
    }

    /** Nothing spent yet, at the given orders. */
    public static RdpCurve zero(double[] orders) {
        RdpOrders.check(orders);
        return new RdpCurve(orders.clone(), new double[orders.length]);
    }

    /** Nothing spent yet, at {@link RdpOrders#defaults()}. */
    public static RdpCurve zero() {
        return zero(RdpOrders.defaults());
    }

    /** This curve with {@code mechanism}'s RDP added (its composition after this). */
    public RdpCurve plus(RdpMechanism mechanism) {
        return plus(mechanism.rdp(orders), orders);
    }

    /** @throws IllegalArgumentException when the two curves are at different orders */
    public RdpCurve plus(RdpCurve other) {
        return plus(other.rdp, other.orders);
    }

    private RdpCurve plus(double[] otherRdp, double[] otherOrders) {
        if (!Arrays.equals(orders, otherOrders)) {
            throw new IllegalArgumentException("RDP curves at different orders cannot be added");
        }
        double[] sum = new double[rdp.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = rdp[i] + otherRdp[i];
        }
        return new RdpCurve(orders, sum);
    }

    /** The best epsilon over this curve's orders at {@code delta} in (0, 1). */
    public PrivacySpent epsilon(double delta) {
        return EpsilonConversion.epsilon(orders, rdp, delta);
    }

    public double[] orders() {
        return orders.clone();
    }

    public double[] rdp() {
        return rdp.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RdpCurve c && Arrays.equals(orders, c.orders) && Arrays.equals(rdp, c.rdp);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(orders) + Arrays.hashCode(rdp);
    }

    @Override
    public String toString() {
        return "RdpCurve" + Arrays.toString(orders) + "=" + Arrays.toString(rdp);
    }
}
