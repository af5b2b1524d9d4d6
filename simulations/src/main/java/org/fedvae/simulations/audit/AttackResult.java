package org.fedvae.simulations.audit;

/**
 * What one attack achieved against the released model.
 *
 * @param name     the attack's short name
 * @param method   how it scores, with its parameters
 * @param roc      its ROC over all members against all non-members
 * @param balanced Hilprecht's k-vs-k accuracy test
 * @param empiricalEpsilon the epsilon its ROC proves no mechanism with the audit's delta can
 *                 have ({@link DpBound#empiricalEpsilon}); 0 if it proves nothing
 * @param seconds  time spent scoring
 */
record AttackResult(
        String name, String method, Roc roc, BalancedGuess.Result balanced, double empiricalEpsilon, double seconds) {

    static final double LOW_FPR = 0.001;
    static final double FPR = 0.01;
}
