package org.fedvae.participant.privacy;

import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

/** The Renyi orders the accountant evaluates, and what makes an order valid. */
public final class RdpOrders {

    /**
     * dp_accounting's {@code DEFAULT_RDP_ORDERS}: 1.1, 1.2, ..., 10.9 (1 + x/10 for x in 1..99),
     * the integers 11..63, then 128, 256, 512 and 1024: 156 orders, dense where the Gaussian
     * regime of interest (epsilon of about 0.5 to 20) finds its best order.
     */
    private static final double[] DEFAULT = DoubleStream.concat(
                    DoubleStream.concat(
                            IntStream.range(1, 100).mapToDouble(x -> 1 + x / 10.0),
                            IntStream.range(11, 64).asDoubleStream()),
                    DoubleStream.of(128, 256, 512, 1024))
            .toArray();

    private RdpOrders() {}

    /** A fresh copy of the default grid. */
    public static double[] defaults() {
        return DEFAULT.clone();
    }

    /**
     * @throws IllegalArgumentException when the array is empty or an order is not a finite
     *     number above 1 (at order 1 the RDP formula divides by zero)
     */
    public static void check(double[] orders) {
        if (orders.length == 0) {
            throw new IllegalArgumentException("at least one Renyi order is needed");
        }
        for (double order : orders) {
            if (!(order > 1 && order < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("Renyi orders must be finite and above 1, got " + order);
            }
        }
    }
}
