package org.fedvae.participant.federation;

import java.util.Locale;
import org.fedvae.protocol.encoding.ddp.DdpParameters;

/**
 * The site log's account of what clipping did to this round's update. A plain round clips
 * coordinates to the range; a client-level DP round scales the whole delta to L2 norm C, and the
 * delta's norm is what an operator needs to choose C (it stays in the site's own log).
 */
final class ClipReport {

    private ClipReport() {}

    /**
     * @param delta        the local model minus the global model
     * @param clientDp     the round's client-level DP parameters, or null for a plain round
     * @param clippedCount the encoding's clip count (coordinates, or 1 if a DP delta was scaled down)
     */
    static String describe(float[] delta, DdpParameters clientDp, int clippedCount) {
        if (clientDp == null) {
            return clippedCount + " coordinates clipped";
        }
        double norm = l2Norm(delta);
        return String.format(
                Locale.ROOT,
                "delta L2 norm %.4g, %s client-level clip %.4g",
                norm,
                clippedCount == 0 ? "within the" : "scaled down to the",
                clientDp.clip());
    }

    static double l2Norm(float[] delta) {
        double squared = 0;
        for (float v : delta) {
            squared += (double) v * v;
        }
        return Math.sqrt(squared);
    }
}
