package org.fedvae.participant.federation;

import org.fedvae.participant.vae.Vae;
import org.fedvae.participant.vae.VaeConfig;

/**
 * One VAE per training thread, shared by every participant whose training runs on that thread:
 * a hundred simulated sites on two training threads hold two models' worth of ND4J memory, not a
 * hundred. Each round loads its global model and resets Adam, so nothing carries over between
 * participants or rounds except allocated memory.
 */
final class ThreadVaes {

    private static final ThreadLocal<Vae> CURRENT = new ThreadLocal<>();

    private ThreadVaes() {}

    /** This thread's VAE for {@code config} (the seed aside: it only draws initial weights, which get replaced). */
    static Vae get(VaeConfig config) {
        Vae vae = CURRENT.get();
        if (vae == null || !vae.config().withSeed(0).equals(config.withSeed(0))) {
            vae = new Vae(config);
            CURRENT.set(vae);
        }
        return vae;
    }
}
