package org.fedvae.participant.privacy;

/**
 * An (epsilon, delta) guarantee's epsilon, with the Renyi order whose conversion gave it (the
 * smallest epsilon over the orders tried).
 *
 * @param epsilon the privacy loss bound for the delta it was computed at; +infinity when no
 *     order gave a finite bound, 0 when the RDP is small enough to bound delta directly
 * @param order the Renyi order that gave it
 */
public record PrivacySpent(double epsilon, double order) {}
