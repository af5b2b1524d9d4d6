package org.fedvae.participant.federation;

import java.security.cert.X509Certificate;
import java.time.Clock;
import org.fedvae.protocol.cohort.CohortCertificates;
import org.fedvae.protocol.cohort.CohortRefused;
import org.fedvae.protocol.proto.RoundStart;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.transport.CaSignatureMemo;
import org.fedvae.protocol.transport.TransportLimits;

/**
 * Authenticates every member of a round's cohort against the federation CA this site holds, and
 * checks the revocation list that came with it (see {@link CohortCertificates}), after
 * {@link RoundStartCheck} and before the secure-aggregation machine starts: a cohort with a
 * member the coordinator invented is declined before anything derived from this site's data exists.
 */
final class CohortCheck {

    /** Enough for two rounds of the largest cohort: a member's certificate is seen again round after round. */
    private static final int REMEMBERED_SIGNATURES = 2 * TransportLimits.LARGEST_MAX_COHORT;

    private final X509Certificate ca;
    private final Clock clock;
    // This site's own: the signatures it checked in earlier rounds (validity and revocation are checked every round).
    private final CaSignatureMemo signatures = new CaSignatureMemo(REMEMBERED_SIGNATURES);

    CohortCheck(X509Certificate ca, Clock clock) {
        this.ca = ca;
        this.clock = clock;
    }

    /** @return the number of the verified revocation list, to record once the round is accepted */
    long check(RoundStart start, RoundConfig config, long highestSeen) throws RoundRefused {
        try {
            return CohortCertificates.verify(start, config, ca, highestSeen, clock.instant(), signatures)
                    .number();
        } catch (CohortRefused e) {
            throw new RoundRefused("cannot authenticate the cohort: " + e.getMessage());
        }
    }
}
