package org.fedvae.coordinator.federation;

import java.util.HashSet;
import java.util.Set;
import org.fedvae.protocol.proto.LocalReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Federated evaluation of one round: the sample-weighted mean of the local test losses that the
 * cohort reports for the global model it received, and the sum of their clipped-coordinate counts.
 */
final class EvaluationTally {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluationTally.class);

    private final Set<String> reported = new HashSet<>();
    private double weightedLoss;
    private long samples;
    private long clipped;

    /** False if this participant already reported in this round. */
    boolean add(String participantId, LocalReport report) {
        if (!reported.add(participantId)) {
            return false;
        }
        clipped += Integer.toUnsignedLong(report.getClippedCoordinates());
        long n = Integer.toUnsignedLong(report.getTestSamples());
        if (n > 0 && Double.isFinite(report.getTestLoss())) {
            weightedLoss += report.getTestLoss() * n;
            samples += n;
        } else if (n > 0) {
            // A diverged local evaluation says something about the global model, but one NaN
            // would hide every other report; count it out loudly instead.
            LOG.warn("participant {} reported a test loss of {} on {} images; left out of the federated loss",
                    participantId, report.getTestLoss(), n);
        }
        return true;
    }

    double meanLoss() {
        return samples == 0 ? Double.NaN : weightedLoss / samples;
    }

    long samples() {
        return samples;
    }

    long clipped() {
        return clipped;
    }
}
