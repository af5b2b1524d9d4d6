package org.fedvae.simulations.federation;

import java.time.Duration;
import org.fedvae.coordinator.federation.RoundPolicy;

/**
 * A simulation's default deadlines, grown with its number of sites: all sites share this machine's cores and event
 * loops, so a stage that each site finishes in a fraction of a second on its own machine takes the sum of their times
 * here (in a cohort of 1,000 each site authenticates 1,000 certificates and verifies 1,000 key-list signatures
 * before its first masked input). A deadline given on the command line is kept as given.
 */
final class ScaledDeadlines {

    /**
     * Per pair of sites, for every key stage: the first includes the cohort's authentication, where every site
     * verifies every member's certificate (1 to 2 ms an ECDSA signature on this shared machine; 2 ms a pair leaves room), so on one machine it
     * grows with the square of the sites (300 sites: 180 s; 1,000: 2,000 s).
     */
    static final Duration KEY_STAGE_PER_PAIR = Duration.ofMillis(2);
    /** Per site, for the stage that waits for training and masking. */
    static final Duration TRAINING_PER_SITE = Duration.ofMillis(1200);

    /** Per site, for the TLS handshake and Hello/Welcome when every site connects at once. */
    static final Duration HANDSHAKE_PER_SITE = Duration.ofMillis(50);

    private ScaledDeadlines() {}

    /**
     * @param given     the deadlines the options hold (their defaults where not given)
     * @param keyGiven  whether --stage-timeout was given
     * @param trainingGiven whether --training-timeout was given
     */
    static RoundPolicy.Deadlines of(RoundPolicy.Deadlines given, int sites, boolean keyGiven, boolean trainingGiven) {
        Duration key = keyGiven
                ? given.keyStage()
                : max(given.keyStage(), KEY_STAGE_PER_PAIR.multipliedBy((long) sites * sites));
        Duration training =
                trainingGiven ? given.training() : max(given.training(), TRAINING_PER_SITE.multipliedBy(sites));
        return new RoundPolicy.Deadlines(key, training);
    }

    /** The transport's idle timeout: no shorter than a key stage, so a site whose loop is busy is not cut off. */
    static Duration idleTimeout(Duration defaultIdle, RoundPolicy.Deadlines deadlines) {
        return max(defaultIdle, deadlines.keyStage());
    }

    /**
     * The transport's handshake timeout: every site connects at once, and over TLS their handshakes queue on the
     * shared event loops (50 ms a site).
     */
    static Duration handshakeTimeout(Duration defaultTimeout, int sites) {
        return max(defaultTimeout, HANDSHAKE_PER_SITE.multipliedBy(sites));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
