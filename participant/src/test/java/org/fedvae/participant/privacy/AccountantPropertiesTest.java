package org.fedvae.participant.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Monotonicity and composition, over seeded random DP-SGD settings; a failure prints its seed.
 * Each monotonicity is a property of the exact RDP, which the accountant computes at every order:
 * it is linear in steps, non-decreasing in q (the Renyi divergence of the mixture is convex in its
 * weight q and zero at q = 0), non-increasing in sigma (more noise is post-processing) and
 * non-decreasing in the order; the conversion to epsilon keeps each. (dp_accounting's
 * absolute-value bound at fractional orders breaks the first two in places, at large q.)
 */
class AccountantPropertiesTest {

    /** A DP-SGD setting: q 1e-4..1, sigma 0.3..10, 1..10,000 steps, delta 1e-9..1e-3. */
    private record Setting(double q, double sigma, long steps, double delta) {
        static Setting draw(Random random) {
            return new Setting(
                    Math.pow(10, -4 * random.nextDouble()),
                    0.3 + 9.7 * random.nextDouble(),
                    1 + random.nextInt(10_000),
                    Math.pow(10, -3 - 6 * random.nextDouble()));
        }

        double epsilon() {
            return RdpAccountant.epsilon(q, sigma, steps, delta).epsilon();
        }
    }

    @RepeatedTest(40)
    void epsilonGrowsWithSteps(RepetitionInfo repetition) {
        long seed = 41_000 + repetition.getCurrentRepetition();
        Random random = Seeds.random(seed);
        Setting s = Setting.draw(random);
        Setting more = new Setting(s.q, s.sigma, s.steps + 1 + random.nextInt(10_000), s.delta);
        assertGrows(s.epsilon(), more.epsilon(), "seed " + seed + " " + s + " vs " + more);
    }

    @RepeatedTest(40)
    void epsilonGrowsWithSamplingRate(RepetitionInfo repetition) {
        long seed = 42_000 + repetition.getCurrentRepetition();
        Random random = Seeds.random(seed);
        Setting s = Setting.draw(random);
        Setting more = new Setting(s.q + (1 - s.q) * random.nextDouble(), s.sigma, s.steps, s.delta);
        assertGrows(s.epsilon(), more.epsilon(), "seed " + seed + " " + s + " vs " + more);
    }

    @RepeatedTest(40)
    void epsilonFallsWithNoise(RepetitionInfo repetition) {
        long seed = 43_000 + repetition.getCurrentRepetition();
        Random random = Seeds.random(seed);
        Setting s = Setting.draw(random);
        Setting noisier = new Setting(s.q, s.sigma * (1 + 2 * random.nextDouble()), s.steps, s.delta);
        assertGrows(noisier.epsilon(), s.epsilon(), "seed " + seed + " " + noisier + " vs " + s);
    }

    /** Renyi divergence is non-decreasing in its order; every order is computed exactly (to rounding). */
    @RepeatedTest(40)
    void rdpIsNonDecreasingInTheOrder(RepetitionInfo repetition) {
        long seed = 44_000 + repetition.getCurrentRepetition();
        Setting s = Setting.draw(Seeds.random(seed));
        double[] orders = RdpOrders.defaults();
        double[] rdp = RdpAccountant.rdp(s.q, s.sigma, s.steps, orders);
        for (int i = 1; i < orders.length; i++) {
            assertTrue(
                    rdp[i] >= rdp[i - 1] * (1 - 1e-9),
                    "seed " + seed + " " + s + ": rdp at " + orders[i] + " = " + rdp[i] + " < " + rdp[i - 1]);
        }
    }

    /** Composition: n steps cost n times one step, and rounds add up whatever their split. */
    @RepeatedTest(40)
    void roundsComposeByAddingRdp(RepetitionInfo repetition) {
        long seed = 45_000 + repetition.getCurrentRepetition();
        Random random = Seeds.random(seed);
        Setting s = Setting.draw(random);
        double[] orders = RdpOrders.defaults();
        double[] one = RdpAccountant.rdp(s.q, s.sigma, 1, orders);
        double[] all = RdpAccountant.rdp(s.q, s.sigma, s.steps, orders);
        long first = random.nextInt((int) s.steps + 1);
        List<Mechanism> rounds =
                List.of(new Mechanism(s.q, s.sigma, first), new Mechanism(s.q, s.sigma, s.steps - first));
        RdpCurve ledger = RdpCurve.zero().plus(rounds.get(0)).plus(rounds.get(1));
        for (int i = 0; i < orders.length; i++) {
            assertEquals(s.steps * one[i], all[i], 1e-12 * all[i], "seed " + seed + " order " + orders[i]);
            assertEquals(all[i], ledger.rdp()[i], 1e-12 * all[i], "seed " + seed + " order " + orders[i]);
        }
        assertArrayEquals(orders, ledger.orders());
        PrivacySpent whole = RdpAccountant.epsilon(s.q, s.sigma, s.steps, s.delta);
        PrivacySpent split = RdpAccountant.epsilon(rounds, s.delta);
        assertEquals(whole.epsilon(), split.epsilon(), 1e-9 * whole.epsilon(), "seed " + seed + " " + s);
        assertEquals(whole.epsilon(), ledger.epsilon(s.delta).epsilon(), 1e-9 * whole.epsilon(), "seed " + seed);
        assertEquals(whole.order(), split.order(), "seed " + seed + " " + s);
    }

    /** Different rounds may use different settings: the ledger's total exceeds each round's own. */
    @RepeatedTest(20)
    void aLedgerOfDifferentRoundsSpendsMoreThanAnyOfThem(RepetitionInfo repetition) {
        long seed = 46_000 + repetition.getCurrentRepetition();
        Random random = Seeds.random(seed);
        Setting a = Setting.draw(random);
        Setting b = new Setting(Setting.draw(random).q, Setting.draw(random).sigma, 1 + random.nextInt(5_000), a.delta);
        List<Mechanism> ledger = List.of(new Mechanism(a.q, a.sigma, a.steps), new Mechanism(b.q, b.sigma, b.steps));
        double total = RdpAccountant.epsilon(ledger, a.delta).epsilon();
        assertGrows(a.epsilon(), total, "seed " + seed + " " + a + " then " + b);
        assertGrows(b.epsilon(), total, "seed " + seed + " " + a + " then " + b);
        assertTrue(
                total <= a.epsilon() + b.epsilon() + 1e-9, "seed " + seed + ": RDP composition beats adding epsilons");
    }

    /** Non-decreasing, and strictly increasing wherever the smaller one is a positive finite epsilon. */
    private static void assertGrows(double smaller, double larger, String what) {
        assertTrue(larger >= smaller, what + ": " + larger + " < " + smaller);
        if (smaller > 0 && Double.isFinite(smaller)) {
            assertTrue(larger > smaller, what + ": " + larger + " not above " + smaller);
        }
    }
}
