package org.fedvae.participant.privacy;

import org.fedvae.protocol.encoding.ddp.DdpParameters;

/**
 * The distributed discrete Gaussian (Kairouz, Liu, Steinke, ICML 2021) as the accountant sees it:
 * {@code rounds} releases of a sum to which one site contributes an integer vector of L2 norm at
 * most Delta2 (and L1 norm at most Delta1), with discrete Gaussian noise N_Z(0, v) added by each
 * of n participants. Its RDP at order alpha is, per round (their Proposition 14 / Eq. 17, as in
 * TensorFlow Federated's accounting), with s2 = Delta2 / sqrt(n v), s1 = Delta1 / sqrt(n v) and d
 * the dimension:
 *
 * <pre>
 *   min( alpha/2 s2^2 + tau d,
 *        alpha/2 (s2^2 + 2 s1 tau + tau^2 d),
 *        alpha/2 (s2 + sqrt(d) tau)^2 )
 *   tau = 10 sum_{k=1}^{n-1} exp(-2 pi^2 v k / (k + 1))
 * </pre>
 *
 * tau measures how far the sum of n discrete Gaussians is from one discrete Gaussian of variance
 * n v; with tau = 0 the curve is the Gaussian mechanism's alpha Delta2^2 / (2 n v). No amplification
 * by sampling is counted: the coordinator picks the cohort, which a site cannot verify.
 *
 * @param l2Sensitivity Delta2 (integer units), > 0
 * @param l1Sensitivity Delta1 (integer units), >= Delta2
 * @param localVariance v: each contributor's noise variance (integer units), > 0
 * @param contributors n: the number of contributors whose noise is counted, >= 1
 * @param dimension d: the summed vector's length, >= 1
 * @param rounds releases, >= 0
 */
public record DistributedDiscreteGaussian(
        double l2Sensitivity, double l1Sensitivity, double localVariance, int contributors, int dimension, long rounds)
        implements RdpMechanism {

    public DistributedDiscreteGaussian {
        if (!(l2Sensitivity > 0 && l2Sensitivity < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("L2 sensitivity must be positive and finite, got " + l2Sensitivity);
        }
        if (!(l1Sensitivity >= l2Sensitivity && l1Sensitivity < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("L1 sensitivity must be finite and at least the L2 one, got "
                    + l1Sensitivity + " for L2 " + l2Sensitivity);
        }
        if (!(localVariance > 0 && localVariance < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("local variance must be positive and finite, got " + localVariance);
        }
        if (contributors < 1 || dimension < 1 || rounds < 0) {
            throw new IllegalArgumentException("need contributors >= 1, dimension >= 1 and rounds >= 0, got "
                    + contributors + ", " + dimension + " and " + rounds);
        }
    }

    /** The mechanism a DP round's declared parameters define, over {@code rounds} such rounds. */
    public static DistributedDiscreteGaussian of(DdpParameters params, long rounds) {
        return new DistributedDiscreteGaussian(
                params.roundedL2Bound(),
                params.roundedL1Bound(),
                params.localVariance(),
                params.minContributors(),
                params.paddedLength(),
                rounds);
    }

    /** tau = 10 sum_{k=1}^{n-1} exp(-2 pi^2 v k / (k + 1)). */
    public double tau() {
        double sum = 0;
        for (int k = 1; k < contributors; k++) {
            sum += Math.exp(-2 * Math.PI * Math.PI * localVariance * k / (k + 1));
        }
        return 10 * sum;
    }

    /** RDP of one round at {@code order} (> 1). */
    public double perRound(double order) {
        double total = contributors * localVariance;
        double s2 = l2Sensitivity / Math.sqrt(total);
        double s1 = l1Sensitivity / Math.sqrt(total);
        double tau = tau();
        double d = dimension;
        double first = order / 2 * s2 * s2 + tau * d;
        double second = order / 2 * (s2 * s2 + 2 * s1 * tau + tau * tau * d);
        double root = s2 + Math.sqrt(d) * tau;
        double third = order / 2 * root * root;
        return Math.min(first, Math.min(second, third));
    }

    @Override
    public double[] rdp(double[] orders) {
        RdpOrders.check(orders);
        double[] rdp = new double[orders.length];
        for (int i = 0; i < orders.length; i++) {
            rdp[i] = rounds == 0 ? 0 : rounds * perRound(orders[i]);
        }
        return rdp;
    }

    /** The (epsilon, delta) guarantee of all its rounds, best over the default orders. */
    public PrivacySpent epsilon(double delta) {
        return RdpCurve.zero().plus(this).epsilon(delta);
    }
}
